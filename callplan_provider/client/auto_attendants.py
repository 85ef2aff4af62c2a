"""TODO: client of the auto attendants area."""
