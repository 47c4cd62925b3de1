"""Incremental builds behind one door: what the last build recorded and what changed since. The build cache
(`cache`: results by content hash, the lock), input snapshots and folder listings (`snapshot`, `folders`), keys
of templates (`templates`) and the build's state (`state`: the last build's record, page keys). A stage asks
"is this current?" and gets a yes or no; it never needs to know how a key is made.

May import: errors only (and libraries): every stage may import it."""
