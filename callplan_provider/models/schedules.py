"""TODO: wire models of the schedules area."""
