"""Start the minimal app or supple's home screen with one start-up change tried, for bench_launch.

Each variant changes supple in its own process only (nothing in the
repository changes), to measure a proposed change before anyone makes it:

* ``imports``: the minimal app of ``minimal_app.py``, started after
  ``import tui.app.app`` (what supple's import chain alone costs);
* ``late-load``: supple's home screen with its library load (a worker thread
  that imports the routine loader and the history store, then reads every
  routine) started after the first refresh instead of in ``on_mount``;
* ``run-late-load``: the same for ``supple run lumbar-stretches``, whose home
  screen sits under the session's first dialog.

    python benchmarks/launch_what_if.py {imports,late-load,run-late-load}
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

VARIANTS = ("imports", "late-load", "run-late-load")


def main() -> int:
    variant = sys.argv[1] if len(sys.argv) > 1 else ""
    if variant not in VARIANTS:
        raise SystemExit(f"usage: launch_what_if.py {{{','.join(VARIANTS)}}}")
    if variant == "imports":
        from minimal_app import MinimalApp

        import tui.app.app  # noqa: F401

        MinimalApp().run()
        return 0

    from textual.widgets import Footer

    from tui.app.main import run_app
    from tui.app.screens.home import HomeScreen

    def on_mount(self: HomeScreen) -> None:
        self.call_after_refresh(self.mount, Footer())
        self.call_after_refresh(self.reload)

    HomeScreen.on_mount = on_mount  # type: ignore[method-assign]
    if variant == "run-late-load":
        from tui.core.library import resolve_routine

        return run_app(resolve_routine("lumbar-stretches"))
    return run_app(None)


if __name__ == "__main__":
    raise SystemExit(main())
