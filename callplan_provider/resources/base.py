"""TODO: base."""
