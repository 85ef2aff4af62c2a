"""TODO: the `callplan` command line."""
