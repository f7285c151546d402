# Bundled routine library.  This folder ships inside the wheel as the
# package ``tui.routines`` (see pyproject.toml) so an installed supple finds it.
