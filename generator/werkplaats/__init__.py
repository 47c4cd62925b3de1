"""`wijksite werkplaats`: participants of a workshop send in a story with photos. The app and its start
(`app`), its pages (`pages`), what was typed, checked without I/O (`form`), drafts and previews (`drafts`).

May import: preview and everything below it."""
