"""Driving the app under Pilot: start a session, advance the fake clock, answer the questions."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.support.fake_clock import FakeClock
from tui.app.screens.note import NoteDialog
from tui.app.screens.rating import RatingDialog
from tui.app.screens.session_screen import SessionScreen
from tui.app.screens.stop_rules import StopRulesScreen
from tui.core.session import ratings


async def advance(pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    """Move the fake clock and let the session screen catch up."""
    clock.now += seconds
    screen = pilot.app.screen
    if isinstance(screen, SessionScreen):
        screen.tick()
    await pilot.pause()


async def confirm_rules(pilot: Pilot[int]) -> None:
    """Confirm the stop rules shown before the session (Enter)."""
    for _ in range(20):  # the screen comes after the history is asked (a thread)
        await pilot.pause()
        if isinstance(pilot.app.screen, StopRulesScreen):
            break
    assert isinstance(pilot.app.screen, StopRulesScreen), pilot.app.screen
    await pilot.press("enter")
    await pilot.pause()


async def start(pilot: Pilot[int], pain: str | None = "3") -> SessionScreen:
    """Answer (or skip) the question before the session, confirm the stop rules; return the
    session screen."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDialog)
    if pain is None:
        await pilot.press(ratings.SKIP_KEY)
    else:
        await pilot.press(pain, "enter")
    await confirm_rules(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def run_to_end(pilot: Pilot[int], clock: FakeClock, *, done_after: float = 5) -> None:
    """Let the session play out, pressing d in self-paced sets after ``done_after`` seconds."""
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    for _ in range(5000):
        if screen.runner.status is not None:
            await pilot.pause()
            return
        frame = screen.frame
        if frame is not None and frame.self_paced:
            clock.now += done_after
            await pilot.press("d")
        else:
            clock.now += 0.5
            screen.tick()  # what the screen's timer does; no need to yield each time
    raise AssertionError("the session did not end")


async def answer_after(
    pilot: Pilot[int], pain: str | None, effort: str | None, note: str | None
) -> None:
    """Answer the questions after the session (None: skip)."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDialog)
    await pilot.press(*(["escape"] if pain is None else [pain, "enter"]))
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingDialog)
    await pilot.press(*(["escape"] if effort is None else [effort, "enter"]))
    await pilot.pause()
    assert isinstance(pilot.app.screen, NoteDialog)
    if note:
        await pilot.press(*note)
    await pilot.press("enter")
    for _ in range(20):  # the final save runs on the history thread
        await pilot.pause()
        if not isinstance(pilot.app.screen, NoteDialog):
            break
