"""TODO: client of the people area."""
