"""Rendering: the theme (search order, templates, messages: `theme`, with the Jinja filters in `filters`),
pages to HTML (`renderer`), Markdown (`markup`, `inline`, `typography`) and the files besides the pages (`feeds`,
`linked_data`, `agenda`, `open_data`). Pure apart from reading the theme.

May import: errors, incremental, content, site, photos, search.compounds."""
