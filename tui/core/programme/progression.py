"""Blocks that grow by the week as the therapist prescribed ("+1 min a week up to 15 min").

:func:`routine_for_week` is the one place a programme changes a routine: it
returns a new :class:`~tui.core.routine.model.Routine` whose named blocks have the
length the file prescribes for that week.  Every number comes from the file;
supple adds nothing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tui.core.programme.plan import Progression
from tui.core.routine.model import Block, PainSite, Routine, Step, StepKind


def block_seconds(entry: Progression, written: float, week: int) -> float:
    """The block's length in programme ``week``: as written until ``from_week``, then growing."""
    weeks = max(0, week - entry.from_week)
    return min(written + entry.add * weeks, max(entry.up_to, written))


def routine_for_week(
    routine: Routine,
    progression: Sequence[Progression],
    week: int,
    *,
    pain_sites: tuple[PainSite, ...] = (),
) -> Routine:
    """``routine`` as prescribed for programme ``week``: each named block at its length.

    ``progression`` holds the programme's entries for this routine
    (:meth:`~tui.core.programme.plan.Programme.progressions_for`); an entry
    naming a step or block the routine lacks changes nothing (the loader
    reports it).  ``pain_sites`` are the programme's, asked where the routine
    names none of its own.
    """
    if pain_sites and not routine.pain_sites:
        routine = replace(routine, pain_sites=pain_sites)
    if not progression:
        return routine
    steps = tuple(_step_for_week(step, progression, week) for step in routine.steps)
    return replace(routine, steps=steps)


def _step_for_week(step: Step, progression: Sequence[Progression], week: int) -> Step:
    if step.kind is not StepKind.INTERVAL:
        return step
    entries = [entry for entry in progression if entry.step == step.name]
    if not entries:
        return step
    blocks: list[Block] = []
    for block in step.blocks:
        for entry in entries:
            if entry.block == block.label:
                block = replace(block, seconds=block_seconds(entry, block.seconds, week))
        blocks.append(block)
    return replace(step, blocks=tuple(blocks))
