"""Start supple's home screen (or the minimal app) with one start-up change tried, for bench_launch.

Each variant patches supple in this process only (nothing in the repository
changes), to measure what a proposed change would save before anyone makes it:

* ``imports``: the minimal app, after importing ``tui.app.app`` (what supple's
  import chain alone costs);
* ``late-footer``: the home screen without its Footer in the first frame; the
  Footer is mounted right after the first refresh;
* ``late-footer-work``: the same, and the library load and the start-up
  recovery check also start only after the first refresh.

    python benchmarks/launch_what_if.py VARIANT
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

VARIANTS = ("imports", "late-footer", "late-footer-work")


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

    import tui.app.app as app_module
    from tui.app.screens.home import HomeScreen

    compose = HomeScreen.compose

    def compose_without_footer(self: HomeScreen) -> Iterator[Any]:
        for widget in compose(self):
            if not isinstance(widget, Footer):
                yield widget

    HomeScreen.compose = compose_without_footer  # type: ignore[method-assign]
    if variant == "late-footer":
        on_mount = HomeScreen.on_mount

        def footer_after_refresh(self: HomeScreen) -> None:
            on_mount(self)
            self.call_after_refresh(lambda: self.mount(Footer()))

        HomeScreen.on_mount = footer_after_refresh  # type: ignore[method-assign]
    else:

        def all_after_refresh(self: HomeScreen) -> None:
            self.call_after_refresh(lambda: (self.mount(Footer()), self.reload()))

        def app_mount(self: app_module.SuppleApp) -> None:
            self.push_screen(HomeScreen(db=self.db, today=self.today))
            self.theme_changed_signal.subscribe(self, self._theme_changed)
            self.call_after_refresh(self.startup)

        HomeScreen.on_mount = all_after_refresh  # type: ignore[method-assign]
        app_module.SuppleApp.on_mount = app_mount  # type: ignore[method-assign]
    app_module.SuppleApp(None).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
