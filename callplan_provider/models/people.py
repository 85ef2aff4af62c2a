"""TODO: wire models of the people area."""
