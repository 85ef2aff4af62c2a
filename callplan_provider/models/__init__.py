"""Wire models of the calling-plan API, shared by the HTTP client and the sandbox.

One module per API area. Every model subclasses `ApiModel`: Python says `location_id`, the wire
says `locationId`. Client-side parsing tolerates unknown fields; setting
`CALLPLAN_STRICT_MODELS=1` before import makes every model refuse them (the tests do, so drift
between client and sandbox fails loudly).
"""
