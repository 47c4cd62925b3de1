"""Text: Markdown to safe HTML (`markup`, with a quicker inline processor in `inline`) and Dutch typography
(`typography`). Entries are parsed with their HTML, so this room sits below content.

May import: errors only (and libraries)."""
