"""Publishing a built site: to a folder, a zip, a git branch or a web server (`targets`).

May import: errors, gitcli, content, output."""
