"""Search: Pagefind over the rendered pages in parts (`index`), one part run (`bundle`, with `cbor` for
Pagefind's index files), which pages are searched (`pages`), compound words (`compounds`).

May import: errors, incremental, output."""
