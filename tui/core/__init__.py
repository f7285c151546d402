"""supple's pure core: routines, sessions, the history, exports, progress and the report.

Plain Python (the standard library, tomllib, sqlite3, platformdirs, pygal): no Textual,
Rich, audio or front end, which ``lint-imports`` and tests/contracts check.
"""
