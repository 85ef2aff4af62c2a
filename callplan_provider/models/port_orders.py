"""TODO: wire models of the port orders area."""
