# Bundled cue sounds.  This folder ships inside the wheel as the package
# ``tui.sounds`` (see pyproject.toml) so an installed supple finds it.
