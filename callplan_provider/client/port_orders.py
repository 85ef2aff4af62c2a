"""TODO: client of the port orders area."""
