"""TODO: wire models of the organizations area."""
