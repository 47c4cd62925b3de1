"""The site model: what is published, grouped (`model`: wijken, themes, organisations, subjects, decades),
which pages it has and where they go (`pages`: the one place for URLs and output paths, and what each kind of
page gives its template: `PageContext`), and what drafts still need before they can be published (`review`).
Pure: no I/O.

May import: errors, content."""
