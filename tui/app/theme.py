"""The high-contrast theme: white on black with yellow highlights, one key away (ctrl+t)."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = "supple-high-contrast"

#: Maximum contrast for low vision and bright rooms; every colour passes WCAG AAA on black.
HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    warning="#FFB000",
    error="#FF6060",
    success="#60FF60",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFFF00 40%",
    },
)

#: The theme used when the user has not chosen one.
DEFAULT_THEME = "textual-dark"
