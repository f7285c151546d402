"""The smallest Textual app: one Static reading "ready".

The baseline for ``bench_launch.py``: supple's launch is compared with the
time this app takes to show its first frame on the same Python and Textual.

    python benchmarks/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    """Shows "ready" and waits to be closed."""

    def compose(self) -> ComposeResult:
        yield Static("ready")


if __name__ == "__main__":
    MinimalApp().run()
