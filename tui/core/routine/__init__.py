"""The routine file: its model, its format, checking it, and the library of routines.

This package has no face on purpose: it re-exports nothing, so importing
``tui.core.routine.model`` (which the app does before its first frame) loads
the model alone, and importing any other module here loads only what that
module needs.  Import each name from the module that holds it:

* ``model``: Routine, Step, StepKind, Sides, Tempo, Block, TextCue, Problem,
  RoutineError, ROUTINE_FORMAT_VERSION
* ``loader``: load_routine, parse_routine, MAX_PROBLEMS
* ``spec``: KeySpec and the key tables (the format stated once), its limits
* ``schema``: routine_schema (the JSON Schema, built from ``spec``)
* ``durations``: parse_duration, format_duration, DurationError
* ``prescription``: Prescription, prescription_words
* ``library``: list_routines, resolve_routine, RoutineEntry, RoutineNotFoundError
* ``starter``: STARTER_ROUTINE, SCHEMA_FILE_NAME
* ``toml_lines`` and ``problem_words``: the loader's own helpers (lines, wording)
"""
