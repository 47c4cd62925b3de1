"""wijksite: a static site generator for a Dutch neighbourhood's initiatives and story archive."""

import os
import sys

__version__ = "0.1.0"


def run() -> int:
    """The `wijksite` command. Ctrl-C while it is still starting (loading its libraries takes a moment on an old
    PC) ends it with a plain message instead of a traceback; from then on cli.main handles it."""
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("\nGestopt. Er is niets geschreven.", file=sys.stderr)
        return 2
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # output to a pipe that was closed: nothing more to say
        pass
    os._exit(code)  # everything is written and closed; Python's own clean-up (0.1 s at 10,000 entries) is not needed
