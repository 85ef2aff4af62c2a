"""Entry point of the calling-plan policy pack (the engine runs `python <this folder> <engine>`)."""

from callplan_provider.policy.crossguard import serve

serve()
