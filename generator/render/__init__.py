"""Rendering: the theme (search order, templates, messages: `theme`; what templates can call: `filters`), pages to
HTML (`renderer`), which pages are current (`page_keys`), and the files besides the pages (`feeds`,
`linked_data`, `agenda`, `open_data`). Pure apart from reading the theme.

May import: errors, incremental, text, content, site, photos, output (the file types), search (compound words)."""
