"""Start the minimal app or supple with one start-up change tried, for bench_launch.

Each variant changes supple in its own process only (nothing in the
repository changes), to measure a change before anyone makes it, or what a
change already made buys:

* ``imports``: the minimal app of ``minimal_app.py``, started after
  ``import tui.app.supple_app`` (what supple's import chain alone costs);
* ``no-settle``: ``supple`` (the home screen) with
  :data:`tui.app.startup.SETTLE` at 0: the footer, the library load and the
  check for unfinished sessions start the moment the first frame is rendered,
  while Textual's writer thread still has to put it on the terminal;
* ``run-no-settle``: the same for ``supple run lumbar-stretches``.

    python benchmarks/launch_what_if.py {imports,no-settle,run-no-settle}
"""

from __future__ import annotations

import sys

VARIANTS = ("imports", "no-settle", "run-no-settle")


def main() -> int:
    variant = sys.argv[1] if len(sys.argv) > 1 else ""
    if variant not in VARIANTS:
        raise SystemExit(f"usage: launch_what_if.py {{{','.join(VARIANTS)}}}")
    if variant == "imports":
        from minimal_app import MinimalApp

        import tui.app.supple_app  # noqa: F401

        MinimalApp().run()
        return 0

    from tui.app import startup
    from tui.cli import main as supple

    startup.SETTLE = 0.0
    return supple(["run", "lumbar-stretches"] if variant == "run-no-settle" else [])


if __name__ == "__main__":
    raise SystemExit(main())
