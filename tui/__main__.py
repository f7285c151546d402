"""``python -m tui`` is the same as the ``supple`` command."""

from tui.cli import main

raise SystemExit(main())
