"""Content: reading and checking what volunteers write. site.yaml (`config`), the content files (`sources`, read
by hash; `yamldoc`, YAML with key lines), the front matter vocabulary (`schema`, checked by `fields`), fuzzy
dates, consent, typed entries (`entries`), slugs and portable names, links found in the text, new sites and
entries (`scaffold`).

May import: errors, workers, incremental, text. Never a room above it (site, render, output, ...)."""
