"""`python -m generator build` works like `wijksite build`."""

from .cli import main

if __name__ == "__main__":  # parser processes import this module again (as __mp_main__): they must not build
    raise SystemExit(main())
