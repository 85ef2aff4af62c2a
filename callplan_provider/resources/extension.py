"""TODO: extension."""
