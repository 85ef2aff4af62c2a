"""TODO: client of the locations area."""
