"""TODO: JSON Schemas of resource inputs and the sandbox OpenAPI document, written by `callplan schemas write`."""
