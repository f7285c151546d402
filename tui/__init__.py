"""supple: a terminal coach for physical-therapy home routines."""

__version__ = "0.1.0"
