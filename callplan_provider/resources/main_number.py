"""TODO: main number."""
