"""The per-process caches: each value read once, the people list read again when it may be stale."""

from __future__ import annotations

import gc
import threading
import weakref
from types import SimpleNamespace
from typing import Any

import pytest

from callplan_provider.client import ApiError
from callplan_provider.models.people import Person
from callplan_provider.resources import org_cache, snapshot


class FakeApi:
    """Only what org_cache reads, counting the calls."""

    def __init__(self, people: list[Person]) -> None:
        self.calls: list[str] = []
        self.people_now = {p.id: p for p in people}
        self.people = SimpleNamespace(list=self._list_people, get=self._get_person)
        self.licenses = SimpleNamespace(find_calling=self._find_calling)
        main_number = "+14155550100"
        self.locations = SimpleNamespace(main_number=lambda location_id: self._called("calling", main_number))

    def _called(self, name: str, value: Any) -> Any:
        self.calls.append(name)
        return value

    def _list_people(self, **params: Any) -> list[Person]:
        assert params == {"calling_data": True, "max_per_page": snapshot.PEOPLE_PAGE}
        return self._called("list people", [p.model_copy() for p in self.people_now.values()])

    def _get_person(self, person_id: str, calling_data: bool = False) -> Person:
        self.calls.append(f"get {person_id}")
        if person_id not in self.people_now:
            raise ApiError(404, "gone")
        return self.people_now[person_id].model_copy()

    def _find_calling(self) -> Any:
        return self._called("licenses", SimpleNamespace(id="lic-calling"))


@pytest.fixture(autouse=True)
def list_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The people list from the first read (the tests of the reads by id say otherwise)."""
    monkeypatch.setattr(org_cache, "BY_ID_FIRST", 0)


def person(id_: str, extension: str = "201") -> Person:
    return Person(id=id_, emails=[f"{id_}@example.com"], display_name=id_, extension=extension)


def test_a_refresh_reads_the_people_list_once() -> None:
    api = FakeApi([person("a"), person("b")])
    for reader in ("User", "Extension"):
        for id_ in ("a", "b"):
            assert org_cache.person(api, id_, reader).id == id_  # type: ignore[arg-type]
    assert api.calls == ["list people"]


def test_reading_a_person_again_reads_the_list_again() -> None:
    api = FakeApi([person("a")])
    org_cache.person(api, "a", "Extension")  # type: ignore[arg-type]
    api.people_now["a"] = person("a", extension="299")  # changed elsewhere
    assert org_cache.person(api, "a", "Extension").extension == "299"  # type: ignore[arg-type]
    assert api.calls == ["list people", "list people"]


def test_a_write_drops_the_list() -> None:
    api = FakeApi([person("a"), person("b")])
    org_cache.person(api, "a", "User")  # type: ignore[arg-type]
    api.people_now["b"] = person("b", extension="299")  # the process's own write
    org_cache.changed(api)  # type: ignore[arg-type]
    assert org_cache.person(api, "b", "User").extension == "299"  # type: ignore[arg-type]


def test_a_person_the_list_lacks_is_read_by_id() -> None:
    api = FakeApi([person("a")])
    org_cache.person(api, "a", "User")  # type: ignore[arg-type]
    api.people_now["new"] = person("new")
    assert org_cache.person(api, "new", "User").id == "new"  # type: ignore[arg-type]
    with pytest.raises(ApiError):
        org_cache.person(api, "gone", "User")  # type: ignore[arg-type]
    assert api.calls == ["list people", "get new", "get gone"]


def test_four_workers_read_the_licence_and_main_number_once() -> None:
    api = FakeApi([])
    threads = [
        threading.Thread(
            target=lambda: (org_cache.calling_license_id(api), org_cache.main_number(api, "loc"))  # type: ignore[arg-type]
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(api.calls) == ["calling", "licenses"]


def test_the_main_number_follows_the_process_own_writes() -> None:
    api = FakeApi([])
    org_cache.set_main_number(api, "loc", "+14155550199")  # type: ignore[arg-type]
    assert org_cache.main_number(api, "loc") == "+14155550199"  # type: ignore[arg-type]
    org_cache.set_main_number(api, "loc")  # type: ignore[arg-type]
    assert org_cache.main_number(api, "loc") == "+14155550100"  # type: ignore[arg-type]
    assert api.calls == ["calling"]


def test_new_settings_start_with_empty_caches() -> None:
    first, second = FakeApi([]), FakeApi([])
    org_cache.calling_license_id(first)  # type: ignore[arg-type]
    org_cache.calling_license_id(second)  # type: ignore[arg-type]
    assert first.calls == second.calls == ["licenses"]


def test_the_first_people_are_read_by_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(org_cache, "BY_ID_FIRST", 2)
    api = FakeApi([person("a"), person("b"), person("c"), person("d")])
    for id_ in ("a", "b", "c", "d"):
        org_cache.person(api, id_, "User")  # type: ignore[arg-type]
    assert api.calls == ["get a", "get b", "list people"]


def test_check_and_apply_read_the_licence_and_people_once_between_them() -> None:
    api = FakeApi([person("a")])
    lists = snapshot.lists_for(api)  # type: ignore[arg-type]
    lists.calling_license()  # check's read
    assert org_cache.calling_license_id(api) == "lic-calling"  # type: ignore[arg-type]
    org_cache.person(api, "a", "User")  # type: ignore[arg-type]
    assert lists.people()["a"].id == "a"  # the list refresh read
    assert api.calls == ["licenses", "list people"]
    org_cache.changed(api)  # type: ignore[arg-type]
    assert not lists.has(snapshot.PEOPLE_LIST)  # the provider's own write: read again on next use


def test_a_failed_read_by_apply_reaches_apply_and_leaves_check_its_lists() -> None:
    api = FakeApi([])

    def refused() -> Any:
        api.calls.append("licenses")
        raise ApiError(503, "unavailable")

    api.licenses = SimpleNamespace(find_calling=refused)
    with pytest.raises(ApiError):
        org_cache.calling_license_id(api)  # type: ignore[arg-type]
    api.licenses = SimpleNamespace(find_calling=api._find_calling)
    assert snapshot.lists_for(api).calling_license() is not None  # type: ignore[arg-type]
    assert api.calls == ["licenses", "licenses"]


def test_the_main_number_comes_from_the_inventory_check_read_until_the_process_sets_it() -> None:
    api = FakeApi([])
    main = SimpleNamespace(phone_number="+14155550100", main_number=True, location=SimpleNamespace(id="loc"))
    other = SimpleNamespace(
        phone_number="+14155550101", main_number=False, location=SimpleNamespace(id="loc")
    )
    api.numbers = SimpleNamespace(list=lambda **params: api._called("list numbers", [other, main]))  # type: ignore[attr-defined]
    snapshot.lists_for(api).numbers()  # type: ignore[arg-type]
    assert org_cache.main_number(api, "loc") == "+14155550100"  # type: ignore[arg-type]
    org_cache.set_main_number(api, "loc")  # type: ignore[arg-type]
    assert org_cache.main_number(api, "loc") == "+14155550100"  # type: ignore[arg-type]
    assert api.calls == ["list numbers", "calling"]  # read afresh after the process's own write


def test_the_lists_go_with_their_client() -> None:
    api = FakeApi([])
    org_cache.calling_license_id(api)  # type: ignore[arg-type]
    kept = weakref.ref(api)
    del api
    gc.collect()
    assert kept() is None
