"""Plain-text mode (``supple run ROUTINE --plain``): a guided session as lines of text."""

from tui.plain.terminal import run_plain

__all__ = ["run_plain"]
