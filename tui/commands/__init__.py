"""Sub-commands of the ``supple`` command line; see :mod:`tui.cli`."""
