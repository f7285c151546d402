"""The full-screen Textual app: screens, widgets and the session flow.

:func:`tui.app.main.run_app` is the entry point; the pure domain lives in
:mod:`tui.core` and never imports Textual.
"""
