"""The bundled programmes (shipped as ``tui.programmes``)."""
