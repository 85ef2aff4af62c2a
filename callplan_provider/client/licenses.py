"""TODO: client of the licenses area."""
