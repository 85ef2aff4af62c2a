"""TODO: port order."""
