"""TODO: wire models of the locations area."""
