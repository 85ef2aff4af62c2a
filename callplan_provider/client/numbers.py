"""TODO: client of the numbers area."""
