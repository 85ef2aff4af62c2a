"""TODO: wire models of the numbers area."""
