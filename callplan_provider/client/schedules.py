"""TODO: client of the schedules area."""
