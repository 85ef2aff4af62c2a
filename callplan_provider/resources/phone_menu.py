"""TODO: phone menu."""
