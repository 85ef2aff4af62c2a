"""callplan-provider: a small business's cloud calling plan as code, with Pulumi.

Resources are imported lazily so that `import callplan_provider.sandbox` does not pull in Pulumi.
"""
