"""What every area of an organisation's backend shares: typed, org-scoped document access."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel

from callplan_provider.sandbox.errors import NotFound
from callplan_provider.sandbox.store import Store

M = TypeVar("M", bound=BaseModel)


class Docs:
    """The documents of one organisation. Nothing here can reach another org's objects."""

    def __init__(self, store: Store, org_id: str) -> None:
        self._store = store
        self._org = org_id

    def get(self, model: type[M], kind: str, id_: str) -> M | None:
        body = self._store.get(self._org, kind, id_)
        return model.model_validate(body) if body is not None else None

    def require(self, model: type[M], kind: str, id_: str, label: str | None = None) -> M:
        """The object, or a 404 (also for another org's id: no existence leak)."""
        found = self.get(model, kind, id_)
        if found is None:
            raise NotFound(kind=label or kind, id=id_)
        return found

    def put(self, kind: str, id_: str, obj: BaseModel) -> None:
        self._store.put(self._org, kind, id_, obj.model_dump(mode="json"))

    def delete(self, kind: str, id_: str) -> bool:
        return self._store.delete(self._org, kind, id_)

    def find(self, model: type[M], kind: str, key: str, value: str) -> list[M]:
        """By a key of an indexed kind (`records.INDEXES`)."""
        return [model.model_validate(b) for b in self._store.find(self._org, kind, key, value)]

    def count(self, kind: str, key: str | None = None, value: str | None = None) -> int:
        return self._store.count(self._org, kind, key, value)

    def page(self, model: type[M], kind: str, start: int, size: int) -> list[M]:
        return [model.model_validate(b) for b in self._store.page(self._org, kind, start, size)]

    def list(self, model: type[M], kind: str, where: Callable[[M], bool] | None = None) -> list[M]:
        items = [model.model_validate(b) for b in self._store.list(self._org, kind)]
        return [i for i in items if where is None or where(i)]


class BackendBase:
    """State and rules of one organisation; areas (people, numbers, ...) are mixins of this."""

    def __init__(self, store: Store, org_id: str, now: Callable[[], datetime]) -> None:
        self.store = store
        self.org_id = org_id
        self.docs = Docs(store, org_id)
        self._now = now

    def now(self) -> datetime:
        """The sandbox clock (advanced by `/_sandbox/clock`), always UTC."""
        return self._now().astimezone(UTC)
