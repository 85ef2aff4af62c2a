"""TODO: wire models of the auto attendants area."""
