"""Widgets of the supple app: each gets its data from its screen and reports actions as messages."""
