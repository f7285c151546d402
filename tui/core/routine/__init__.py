"""routine."""
