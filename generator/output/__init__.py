"""Output: the only code that writes to output/ (`writer`): what changed is staged, then moved in.

May import: errors, incremental, content, photos (renditions are linked in from the photo cache)."""
