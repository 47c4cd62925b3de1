"""Editing content files without losing a byte: YAML changed line-precisely (`yamledit`, `yamltext`), a content
file's front matter and text (`frontmatter`), and saving with the previous version kept (`revisions`).

May import: errors, gitcli, content."""
