"""wijksite: a static site generator for a Dutch neighbourhood's initiatives and story archive."""

__version__ = "0.1.0"
