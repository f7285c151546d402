"""A guided session, clock-driven and UI-free: timeline, engine, runner, and its words.

No face: import each name from its module (``timeline``, ``engine``, ``runner``,
``status``, ``outcome``, ``words``, ``describe``, ``cue_plan``, ``safety``,
``ratings``), so that importing one of them loads only what it needs.
"""
