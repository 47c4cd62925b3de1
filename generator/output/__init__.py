"""Output: the only code that writes to output/ (`writer`): what changed is staged, then moved in; what a build
leaves there besides the site (`manifest`: the list of its files, the staging folder).

May import: errors, incremental, content, photos (renditions are linked in from the photo cache)."""
