"""The screens and dialogs of the supple app."""
