"""The HTTP client of the calling-plan API (wxc_sdk shape: one ApiChild per area)."""
