"""`python -m generator build` works like `wijksite build`."""

from .cli import main

raise SystemExit(main())
