"""TODO: user."""
