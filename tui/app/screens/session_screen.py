"""The session screen: a clock readable from the floor and everything the patient needs at a glance.

The clock (:class:`~tui.app.widgets.big_clock.BigClock`) takes all the room the
other lines leave and draws its figures as large as that room allows; in a
paced set it shows the phase ("UP", "HOLD", "DOWN") instead, with the rep and
the set's time left under it.  The keys are in the footer only (no second row
of buttons); Textual's footer keys can be clicked.

The screen owns a :class:`~tui.core.session.runner.SessionRunner` and renders it.
It never keeps time itself: each tick reads the runner (which reads its
clock), and the screen changes only the widgets whose text changed (see
:mod:`tui.app.screens.session_frame`).  Rather than polling ten times a second it sleeps
until the next moment the display or a cue can change (the next whole
second, tempo phase or text cue), which keeps CPU use low and hands each cue
to the sound output within a few milliseconds of its moment.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from tui.app.keymap import key_name
from tui.app.screens.confirm import ConfirmDialog
from tui.app.screens.session_frame import (
    BOUNDARY_MARGIN,
    MAX_SLEEP,
    SessionFrame,
    next_change,
    session_frame,
)
from tui.app.sound import FLASH_SOUNDS, SilentSound, SoundControl
from tui.app.widgets.big_clock import BigClock
from tui.app.widgets.phase_bar import PhaseBar
from tui.app.widgets.session_progress import SessionProgress
from tui.core.session.cue_plan import sound_for
from tui.core.session.engine import CueEvent, CueKind, EngineState
from tui.core.session.runner import SessionRunner
from tui.core.session.status import SessionStatus

if TYPE_CHECKING:
    from tui.app.widgets.exercise_picture import ExercisePicture

#: Shown while the current part is marked "this hurts".
HURT_MARK = 'Marked: "this hurts" (kept for your therapist)'

#: Widgets whose size the stylesheet fixes (one line, set width): no layout when they change.
FIXED_SIZE = frozenset({"step-line", "clock-caption", "next"})

#: How long the screen flashes for a cue when no sound can be heard (seconds).
FLASH_SECONDS = 0.15
#: How strongly the flash tints the clock's box with the accent colour.
FLASH_TINT = 0.4
#: After a tick that played a sound, the redraw waits this long (seconds) so the
#: audio player's thread gets the interpreter first (Textual sleeps 0.5 ms less).
CUE_YIELD = 0.002


def session_key(node: DOMNode, binding_id: str) -> str:
    """The session screen's key for ``binding_id``: the user's keymap, else its default."""
    named = key_name(node, binding_id)
    if named:
        return named
    for binding in SessionScreen.BINDINGS:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return binding.key_display or binding.key.split(",")[0]
    return ""


def clock_caption(frame: SessionFrame, pause_key: str) -> str:
    """The line under the big clock: what its figures mean, or that the clock is stopped."""
    if frame.paused:
        return f"PAUSED  -  press {pause_key} to carry on"
    if frame.ended:
        return ""
    added = f"  ({frame.added})" if frame.added else ""
    if frame.phase:
        return f"{frame.rep}{added}  -  {frame.clock} left in this set"
    if frame.self_paced:
        return f"counting up  -  {frame.rep}"
    return f"time left{added}"


class SessionScreen(Screen[SessionStatus]):
    """Guides the patient through one session.

    When the session ends the screen stays, showing how it ended, and
    :attr:`finished` gets the status: the questions after the session are
    asked over it, and the session flow closes it afterwards.
    """

    CSS_PATH = "session_screen.tcss"

    # In the footer's order: what a patient in trouble needs first (a narrow footer
    # cuts the end).
    BINDINGS: ClassVar[list[BindingType]] = [
        # Pause and resume share their key, and so their id: remapping
        # session.pause moves both (the footer shows whichever applies).
        Binding("space", "pause", "Pause", id="session.pause", tooltip="Stop the clock"),
        Binding("space", "resume", "Resume", id="session.pause", tooltip="Start the clock again"),
        Binding(
            "h",
            "hurt",
            "This hurts",
            id="session.hurt",
            tooltip="Stop the clock, say how bad it is, and choose what to do",
        ),
        Binding(
            "q",
            "quit_session",
            "Quit",
            id="session.quit",
            tooltip="Stop here and save what you did",
        ),
        Binding("m", "mute", "Mute", id="session.mute", tooltip="Sound cues off"),
        Binding("m", "unmute", "Unmute", id="session.mute", tooltip="Sound cues on again"),
        Binding(
            "r",
            "rules",
            "Rules",
            id="session.rules",
            tooltip="Your therapist's stop rules and contact (the clock waits)",
        ),
        Binding(
            "s,n,right",
            "skip",
            "Skip",
            id="session.skip",
            tooltip="Leave this part and go to the next",
            key_display="s",
        ),
        Binding(
            "b,left",
            "back",
            "Back",
            id="session.back",
            tooltip="Restart this part (go to the previous one near its start)",
            key_display="b",
        ),
        # "More" shares its key and id: ten seconds, or in a paced set one more rep.
        Binding(
            "e,plus",
            "extend",
            "+10 s",
            id="session.extend",
            tooltip="Give this part 10 more seconds",
            key_display="e",
        ),
        Binding(
            "e,plus",
            "extend_rep",
            "+1 rep",
            id="session.extend",
            tooltip="One more rep at the same tempo",
            key_display="e",
        ),
        Binding("d", "done", "Done", id="session.done", tooltip="Finished this set"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-medium"), (28, "-tall")]  # noqa: RUF012

    def __init__(
        self,
        runner: SessionRunner,
        *,
        sound: SoundControl | None = None,
        title: str | None = None,
        on_clock_start: Callable[[], None] | None = None,
    ) -> None:
        """``on_clock_start`` is called the moment the session's clock starts."""
        super().__init__()
        self.runner = runner
        self._on_clock_start = on_clock_start
        self.sound: SoundControl = sound if sound is not None else SilentSound()
        self.routine_title = title or runner.routine.title
        self._frame: SessionFrame | None = None
        self._shown: dict[str, object] = {}
        self._timer: Timer | None = None
        self._cue_text = ""
        self._cue_segment = -1
        self._finished = False
        self._flash_timer: Timer | None = None
        self._picture: ExercisePicture | None = None
        #: The key that ends a self-paced set, for the frame's "press d when done".
        self._done_key = "d"
        #: Resolves with how the session ended (completed or partial).
        self.finished: asyncio.Future[SessionStatus] = asyncio.get_running_loop().create_future()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-top"):
            yield Static("", id="step-line", markup=False)
            yield Static(self.routine_title, id="routine-title", markup=False)
            if self.runner.preview:
                yield Static(f"PREVIEW x{self.runner.speed:g}", id="preview-badge")
            yield Static(self.sound.label, id="sound-label", markup=False)
        with Vertical(id="stage"):
            with Horizontal(id="what-box"):
                yield Static("", id="heading", markup=False)
                yield Static("", id="exercise-name", markup=False)
                yield Static("", id="side", markup=False)
                yield Static("", id="count", markup=False)
            with Vertical(id="big-row"):
                yield BigClock("0:00", id="clock")
                yield Static("", id="clock-caption", markup=False)
            with Horizontal(id="tempo-row"):
                yield PhaseBar(id="phase-bar")
            with Horizontal(id="instructions-row"):
                yield Static("", id="instructions", markup=False)
                if any(step.image for step in self.runner.routine.steps):
                    # Imported only here: sessions without pictures never load it.
                    from tui.app.widgets.exercise_picture import ExercisePicture

                    self._picture = ExercisePicture(self.runner.routine, id="picture")
                    yield self._picture
            yield Static("", id="cue", markup=False)
            yield Static("", id="hurt-mark", markup=False)
            yield Static("", id="next", markup=False)
            yield SessionProgress(id="progress")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._done_key = key_name(self, "session.done")
        # The first frame shows the session as it starts (the get-ready countdown
        # full); its clock starts once that frame is rendered, so the first sound
        # and the first second come with it, and the first boundary does not wait
        # behind the screen's own start-up.
        self._redraw()
        self.call_after_refresh(self._begin)

    def _begin(self) -> None:
        if self.runner.engine.state is EngineState.READY:
            self._handle(self._start_clock())
        else:
            self._handle([])

    def _start_clock(self) -> list[CueEvent]:
        if self._on_clock_start is not None:
            self._on_clock_start()
        return self.runner.start()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        # Leaving the screen (the app closing) ends the session as partial, so
        # the history is never left with an unfinished session by a clean exit.
        if not self.runner.engine.ended:
            if self.runner.engine.state is EngineState.READY and self._on_clock_start:
                self._on_clock_start()  # closed before its clock started: still recorded
            self.runner.quit()

    # ------------------------------------------------------------------ ticking

    def tick(self) -> None:
        """Bring the session up to date with its clock and redraw what changed.

        When the tick handed a sound to the player, the redraw waits
        :data:`CUE_YIELD`: the player's thread then starts the sound while
        this thread is idle instead of waiting for the interpreter lock
        behind the redraw.
        """
        self._timer = None
        events = self.runner.tick()
        if events and self.runner.status is None and self._plays_sound(events):
            self._react(events)
            self._timer = self.set_timer(CUE_YIELD, self._after_cue, name="session-redraw")
            return
        self._handle(events)

    def _plays_sound(self, events: list[CueEvent]) -> bool:
        return not self.sound.needs_flash and any(sound_for(e) is not None for e in events)

    def _after_cue(self) -> None:
        self._timer = None
        self._handle([])

    def _handle(self, events: list[CueEvent]) -> None:
        """React to new events, redraw, and sleep until the next change."""
        if events:
            self._react(events)
        self._redraw()
        if self.runner.status is not None:
            self._finish()
            return
        self._schedule()

    def _react(self, events: list[CueEvent]) -> None:
        for event in events:
            if event.kind is CueKind.TEXT and event.text:
                self._cue_text = event.text
                self._cue_segment = event.segment
        # A segment's start or a count the patient cannot hear (tempo phases are
        # left out: see FLASH_SOUNDS).
        if self.sound.needs_flash and any(sound_for(e) in FLASH_SOUNDS for e in events):
            self.flash()

    def flash(self) -> None:
        """Flash the clock's box briefly: a cue the patient cannot hear.

        Called for the cues of :data:`~tui.app.sound.FLASH_SOUNDS` only.  The
        tint is set as an inline style in the theme's accent colour rather
        than by a CSS class: a class change restyles widgets, an inline style
        only repaints the box.
        """
        box = self.query_one("#big-row")
        accent = self.app.theme_variables.get("accent", "")
        try:
            box.styles.tint = Color.parse(accent).with_alpha(FLASH_TINT)
        except ColorParseError:
            return
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(FLASH_SECONDS, self._end_flash)

    def _end_flash(self) -> None:
        self._flash_timer = None
        self.query_one("#big-row").styles.tint = None

    @property
    def flashing(self) -> bool:
        """True while the clock's box is flashing."""
        return self._flash_timer is not None

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        runner = self.runner
        delay = next_change(runner.engine, runner.now())
        if delay is None:
            return  # paused: nothing changes until a key is pressed
        wall = min(max(delay / runner.speed + BOUNDARY_MARGIN, 0.005), MAX_SLEEP)
        self._timer = self.set_timer(wall, self.tick, name="session-tick")

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        status = self.runner.status or SessionStatus.PARTIAL
        self.refresh_bindings()  # nothing left to pause, skip or quit
        if not self.finished.done():
            self.finished.set_result(status)

    # ------------------------------------------------------------------ drawing

    def _set(self, widget_id: str, value: str, *, hide_empty: bool = False) -> None:
        """Update one Static only when its text changes (hiding it while empty if asked).

        A widget whose size is fixed in the CSS (:data:`FIXED_SIZE`), or whose
        text keeps its length, is repainted without a layout pass, which is
        most of the cost of an update.
        """
        old = self._shown.get(widget_id)
        if old != value:
            self._shown[widget_id] = value
            widget = self.query_one(f"#{widget_id}", Static)
            same_size = widget_id in FIXED_SIZE or (isinstance(old, str) and len(old) == len(value))
            widget.update(value, layout=not same_size)
            if hide_empty:
                widget.display = bool(value)

    def _redraw(self) -> None:
        engine = self.runner.engine
        frame = session_frame(engine, self.runner.now(), done_key=self._done_key)
        if frame == self._frame:
            return
        old = self._frame
        self._frame = frame
        if old is None or old.state != frame.state:
            self.set_class(frame.paused, "-paused")
            self.refresh_bindings()
        if old is None or old.segment != frame.segment:
            # Classes go on the few widgets they style, never on the screen: a
            # class on the screen restyles every widget on it.
            tempo_row = self.query_one("#tempo-row")
            tempo_row.set_class(bool(frame.phase), "-shown")
            between = frame.kind is not None and not frame.kind.is_work
            self.query_one("#big-row").set_class(between, "-between")
            self._show_picture()
        if old is None or (old.self_paced, old.phase_index < 0) != (
            frame.self_paced,
            frame.phase_index < 0,
        ):
            self.refresh_bindings()  # "done", "+10 s" or "+1 rep" in the footer
        big = frame.phase or frame.clock
        if big != self._shown.get("clock"):
            self._shown["clock"] = big
            self.query_one("#clock", BigClock).update(big)
        self._set("clock-caption", clock_caption(frame, key_name(self, "session.pause")))
        self._set("step-line", frame.step)
        self._set("exercise-name", frame.name)
        self._set("heading", frame.heading)
        side = {"LEFT": "<< LEFT SIDE", "RIGHT": "RIGHT SIDE >>"}.get(frame.side, frame.side)
        self._set("side", side)
        self.query_one("#side").set_class(bool(frame.side), "-sided")
        self._set("count", frame.count)
        if old is None or (old.phase_index, old.segment) != (frame.phase_index, frame.segment):
            seg = engine.current
            phases = seg.tempo.phases() if seg is not None and seg.tempo is not None else ()
            self.query_one(PhaseBar).show(phases, frame.phase_index)
        self._set("instructions", frame.instructions)
        cue = self._cue_text if self._cue_segment == frame.segment else ""
        self._set("cue", f"> {cue}" if cue else "", hide_empty=True)
        self._set("hurt-mark", HURT_MARK if frame.hurt else "", hide_empty=True)
        self._set("next", frame.next)
        if old is None or (old.elapsed, old.left) != (frame.elapsed, frame.left):
            total = max(frame.elapsed + frame.left, 1)
            minutes, seconds = divmod(frame.left, 60)
            left = f"{minutes}:{seconds:02d} left"
            self.query_one(SessionProgress).update(total=total, progress=frame.elapsed, left=left)
        self._set("sound-label", self.sound.label)

    def _show_picture(self) -> None:
        """The current step's picture beside the instructions (when the routine has any)."""
        if self._picture is not None:
            current = self.runner.engine.current
            self._picture.show(-1 if current is None else current.step)

    @property
    def frame(self) -> SessionFrame | None:
        """What the screen shows now (tests read it)."""
        return self._frame

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now."""
        engine = self.runner.engine
        if engine.ended:
            return False
        seg = engine.current
        if action == "pause":
            return engine.state is not EngineState.PAUSED
        if action == "resume":
            return engine.state is EngineState.PAUSED
        if action == "done":
            return seg is not None and seg.open_ended
        if action == "extend":
            return seg is not None and not seg.open_ended and seg.tempo is None
        if action == "extend_rep":
            return seg is not None and seg.tempo is not None
        if action == "mute":
            return not self.sound.muted
        if action == "unmute":
            return self.sound.muted
        return True

    def _command(self, events: list[CueEvent]) -> None:
        self._handle(events)

    def action_pause(self) -> None:
        """Stop the clock."""
        self._command(self.runner.toggle_pause())

    def action_resume(self) -> None:
        """Start the clock again."""
        self._command(self.runner.toggle_pause())

    def action_skip(self) -> None:
        """Go to the next part."""
        self._command(self.runner.skip())

    def action_back(self) -> None:
        """Restart this part, or go to the previous one near its start."""
        self._command(self.runner.back())

    def action_extend(self) -> None:
        """Ten more seconds for this part."""
        self._command(self.runner.extend(10.0))

    def action_extend_rep(self) -> None:
        """One more rep of a paced set, at its tempo."""
        self._command(self.runner.extend(10.0))

    def action_done(self) -> None:
        """End a self-paced set, asking how many reps were done (the clock waits)."""
        from tui.app.screens.reps_dialog import RepsDialog

        engine = self.runner.engine
        seg = engine.current
        if seg is None or not seg.open_ended:
            return
        was_running = engine.state is EngineState.RUNNING
        if was_running:
            self._command(self.runner.toggle_pause())

        def answered(reps: int | None) -> None:
            self._command(self.runner.done(reps))
            if was_running and self.runner.engine.state is EngineState.PAUSED:
                self._command(self.runner.toggle_pause())

        self.app.push_screen(RepsDialog(seg.reps), answered)

    def action_hurt(self) -> None:
        """Stop the clock, ask how bad it is, show the rules, and do what the patient chooses."""
        seg = self.runner.engine.current
        if seg is None:
            return
        self._command(self.runner.hurt())
        self.run_worker(self._ask_after_hurt(seg.name), group="hurt", exclusive=True)

    async def _ask_after_hurt(self, exercise: str) -> None:
        from tui.app.screens.hurt_dialog import HurtDialog
        from tui.app.screens.rating import RatingDialog
        from tui.core.session.safety import stop_rules

        app = self.app
        pain_now = await app.push_screen_wait(RatingDialog.hurt(exercise))
        self.runner.rate_hurt(pain_now)
        self._redraw()
        rules = stop_rules(self.runner.routine)
        choice = await app.push_screen_wait(HurtDialog(exercise, pain_now, rules))
        self._handle(self.runner.after_hurt(choice))

    def action_rules(self) -> None:
        """Show the stop rules and contact; the clock waits while they are open."""
        from tui.app.screens.stop_rules import StopRulesScreen
        from tui.core.session.safety import stop_rules

        was_running = self.runner.engine.state is EngineState.RUNNING
        if was_running:
            self._command(self.runner.toggle_pause())

        def closed(_answer: object) -> None:
            if was_running and self.runner.engine.state is EngineState.PAUSED:
                self._command(self.runner.toggle_pause())

        keys = (session_key(self, "session.hurt"), session_key(self, "session.rules"))
        rules = StopRulesScreen(stop_rules(self.runner.routine), before=False, session_keys=keys)
        self.app.push_screen(rules, closed)

    def action_mute(self) -> None:
        """Turn the sound cues off."""
        self._set_muted(True)

    def action_unmute(self) -> None:
        """Turn the sound cues on again."""
        self._set_muted(False)

    def _set_muted(self, muted: bool) -> None:
        self.sound.set_muted(muted)
        self._set("sound-label", self.sound.label)
        self.refresh_bindings()  # "Mute" or "Unmute" in the footer

    def action_quit_session(self) -> None:
        """Ask, then stop the session and keep it as partial."""
        was_running = self.runner.engine.state is EngineState.RUNNING
        if was_running:
            self._command(self.runner.toggle_pause())

        def answered(stop: bool | None) -> None:
            if stop:
                self._handle(self.runner.quit())
            elif was_running and self.runner.engine.state is EngineState.PAUSED:
                self._command(self.runner.toggle_pause())

        self.app.push_screen(
            ConfirmDialog(
                "Stop the session now?",
                "What you have done so far is saved as a partial session.",
                yes="Stop and save",
                no="Keep going",
            ),
            answered,
        )
