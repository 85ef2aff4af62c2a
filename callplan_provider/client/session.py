"""TODO: client of the session area."""
