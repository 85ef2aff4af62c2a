"""TODO: the people area of an organisation's backend."""

from __future__ import annotations

from callplan_provider.sandbox.backend.base import BackendBase


class PeopleArea(BackendBase):
    pass
