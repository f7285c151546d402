"""Settings: volume, mute, spoken cues, the high-contrast look, the patient's contact and clinic id.

Dismisses with the new :class:`~tui.core.config.Settings` (saved by the app)
or ``None`` when cancelled.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.app.keymap import key_name
from tui.app.widgets.buttons import ClickButton
from tui.core.config import Settings, check_setting

#: Volume steps for the - and + keys.
VOLUME_STEP = 10


def _on_off(value: bool) -> str:
    return "on" if value else "off"


class SettingsDialog(ModalScreen[Settings | None]):
    """Change the settings with single keys (or the mouse); Enter saves, Escape cancels.

    The two text settings (the patient's own clinic contact and the id the clinic gave
    them) are fields reached with Tab, so the single keys keep working until then.
    """

    CSS_PATH = "settings.tcss"
    #: Nothing takes focus on opening: m, v, c, - and + act at once; Tab reaches the fields.
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "minus,down",
            "volume(-1)",
            "Quieter",
            id="settings.quieter",
            key_display="-",
            tooltip="Turn the cue volume down a step",
        ),
        Binding(
            "plus,equals_sign,up",
            "volume(1)",
            "Louder",
            id="settings.louder",
            key_display="+",
            tooltip="Turn the cue volume up a step",
        ),
        Binding("m", "switch('muted')", "Mute", id="settings.mute", tooltip="No cue sounds"),
        Binding(
            "v",
            "switch('voice')",
            "Spoken cues",
            id="settings.voice",
            tooltip="Speak the cues (needs a speech program)",
        ),
        Binding(
            "c",
            "switch('high_contrast')",
            "High contrast",
            id="settings.contrast",
            tooltip="White on black with yellow highlights",
        ),
        Binding("enter", "save", "Save", id="settings.save", tooltip="Keep the changes"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel", tooltip="Forget the changes"),
    ]

    #: The yes/no settings: field, label and the binding whose key the label names.
    SWITCHES: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("muted", "Mute", "settings.mute"),
        ("voice", "Spoken cues", "settings.voice"),
        ("high_contrast", "High contrast", "settings.contrast"),
    )

    #: The text settings: field, label and the input's id.
    TEXTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("contact", "Who to call", "setting-contact"),
        ("clinic_patient_id", "Clinic patient id", "setting-clinic-id"),
    )

    settings: reactive[Settings] = reactive(Settings, init=False)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.set_reactive(SettingsDialog.settings, settings)

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box"):
            yield Static("Settings", id="settings-title")
            with Horizontal(classes="settings-row"):
                quieter = key_name(self, "settings.quieter")
                louder = key_name(self, "settings.louder")
                yield Static(f"Volume ({quieter} {louder})", classes="settings-label")
                yield ClickButton("-", id="volume-down", compact=True)
                yield Static("", id="volume-value", classes="settings-value")
                yield ClickButton("+", id="volume-up", compact=True)
            for field, label, binding_id in self.SWITCHES:
                with Horizontal(classes="settings-row"):
                    key = key_name(self, binding_id)
                    yield Static(f"{label} ({key})", classes="settings-label")
                    yield ClickButton("", id=f"toggle-{field}", compact=True)
            for field, label, input_id in self.TEXTS:
                with Horizontal(classes="settings-row settings-text-row"):
                    yield Static(label, classes="settings-label")
                    yield Input(
                        str(getattr(self.settings, field) or ""),
                        id=input_id,
                        compact=True,
                        max_length=200,
                    )
            yield Static("", id="settings-problem")
            yield Static(
                "Tab: the fields (the id is for sending to your clinic).\n"
                "Spoken cues need espeak-ng, spd-say or say.",
                id="settings-help",
            )
            with Horizontal(id="settings-actions"):
                yield ClickButton("Cancel", id="settings-cancel", compact=True)
                yield ClickButton("Save", id="settings-save", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.watch_settings(self.settings)

    def watch_settings(self, settings: Settings) -> None:
        self.query_one("#volume-value", Static).update(f"{settings.volume:3d} %")
        for field in ("muted", "voice", "high_contrast"):
            button = self.query_one(f"#toggle-{field}", ClickButton)
            button.label = _on_off(bool(getattr(settings, field)))

    def action_volume(self, direction: int) -> None:
        """Turn the cue volume down or up by one step."""
        self.settings = self.settings.with_volume(self.settings.volume + direction * VOLUME_STEP)

    def action_switch(self, field: str) -> None:
        """Switch a yes/no setting on or off."""
        current = self.settings
        if field == "muted":
            self.settings = replace(current, muted=not current.muted)
        elif field == "voice":
            self.settings = replace(current, voice=not current.voice)
        elif field == "high_contrast":
            self.settings = replace(current, high_contrast=not current.high_contrast)

    def action_save(self) -> None:
        """Keep the changes, once the text fields are good; otherwise say what is wrong."""
        answers: dict[str, str | None] = {}
        for field, label, input_id in self.TEXTS:
            text = self.query_one(f"#{input_id}", Input).value.strip()
            good, wanted = check_setting(field, text) if text else (None, "")
            if text and good is None:
                self.query_one("#settings-problem", Static).update(f"{label}: should be {wanted}.")
                self.query_one(f"#{input_id}", Input).focus()
                return
            answers[field] = good
        # An empty field means none given: the contact then falls back to the routine's.
        self.dismiss(
            replace(
                self.settings,
                contact=answers["contact"] or "",
                clinic_patient_id=answers["clinic_patient_id"],
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves, as Enter does everywhere else in the dialog."""
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        """Forget the changes."""
        self.dismiss(None)

    def on_button_pressed(self, event: ClickButton.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "volume-down":
            self.action_volume(-1)
        elif button_id == "volume-up":
            self.action_volume(1)
        elif button_id.startswith("toggle-"):
            self.action_switch(button_id.removeprefix("toggle-"))
        elif button_id == "settings-save":
            self.action_save()
        elif button_id == "settings-cancel":
            self.action_cancel()
