"""TODO: client of the organizations area."""
