"""What apply and refresh read once per provider process: the calling licence, each location's
main number, the calling plan, and the people list with calling data (refresh reads people from it).

The licence, the organisation (its calling plan) and the people list are the lists check reads
too: they are kept in the process's `snapshot.OrgLists` (`snapshot.lists_for(api)`), the one store
of the organisation's lists, so whichever of check, apply or refresh asks first reads each once.
This module adds what only apply and refresh need: each location's main number (from the number
inventory when check read it, else the location's calling settings, one GET; kept up to date by
`MainNumber`) and the rules for when the people list is read (by id first, read again when
stale).

The engine starts one provider process per `pulumi` command, so a cache here lives as long as one
command: the next command reads afresh and sees any drift. Nothing is kept on the (pickled)
provider instances: the caches are module-level and belong to the process's `CallingPlanApi`
(`config.api()`: new settings, a new client, empty caches).

- `calling_license_id`, `calling_plan`: what the organisation bought; it does not change during a
  command.
- `main_number`: a location's main number. `MainNumber` changes it, and says so (`set_main_number`).
- `person(api, id, reader)`: a person with calling data. The first `BY_ID_FIRST` are read by id
  (a small stack in a large organisation reads only its own people); after that from the people
  list (paged, 100 a page: the most Webex gives with `callingData`), read once. Each reader (a
  kind) takes a person from one reading of the list once: reading it again in the same process
  (a test that changed it in between) reads the list again. Any write through a provider
  (`changed`) drops the list, so it never answers with what was there before the process's own
  write. A person the list lacks (made since, or gone) is read by id: a 404 means gone.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.organizations import CallingPlan
from callplan_provider.models.people import Person
from callplan_provider.resources import snapshot

BY_ID_FIRST = 20  # people read by id before the people list is read


@dataclass
class _Cache:
    main_numbers: dict[str, str | None] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # locations whose main number this process set
    read_by_id: int = 0
    # (reader, person id) taken from the people list as `taken_from` holds it
    taken: set[tuple[str, str]] = field(default_factory=set)
    taken_from: dict[str, Person] | None = None
    people_lock: threading.Lock = field(default_factory=threading.Lock)
    loading: threading.Lock = field(default_factory=threading.Lock)  # each value is read once


_lock = threading.Lock()
_caches: weakref.WeakKeyDictionary[CallingPlanApi, _Cache] = weakref.WeakKeyDictionary()


def _cache(api: CallingPlanApi) -> _Cache:
    with _lock:
        return _caches.setdefault(api, _Cache())


def calling_license_id(api: CallingPlanApi) -> str | None:
    """The id of the organisation's calling licence (None: it has no calling plan)."""
    found = snapshot.lists_for(api).calling_license(apply=True)
    return found.id if found else None


def main_number(api: CallingPlanApi, location_id: str) -> str | None:
    """The location's main number (`callingLineId.phoneNumber`), None while it has none: as the
    number inventory check read says (when it did, and no write of this process changed it since),
    else from the location's calling settings."""
    cache = _cache(api)
    with cache.loading:
        if location_id not in cache.main_numbers:
            number = None if location_id in cache.written else _listed_main_number(api, location_id)
            if number is None:
                number = api.locations.main_number(location_id)
            cache.main_numbers[location_id] = number
        return cache.main_numbers[location_id]


def _listed_main_number(api: CallingPlanApi, location_id: str) -> str | None:
    lists = snapshot.lists_for(api)
    if not lists.has(snapshot.NUMBERS_LIST):
        return None
    listed = lists.numbers()
    return next(
        (n.phone_number for n in listed if n.main_number and n.location and n.location.id == location_id),
        None,
    )


def set_main_number(api: CallingPlanApi, location_id: str, number: str | None = None) -> None:
    """After a write to the main number: `number` when known, else read it again next time."""
    cache = _cache(api)
    with cache.loading:
        cache.written.add(location_id)  # the inventory check read no longer says
        if number is None:
            cache.main_numbers.pop(location_id, None)
        else:
            cache.main_numbers[location_id] = number


def calling_plan(api: CallingPlanApi) -> CallingPlan | None:
    """The calling plan of the organisation (None when the API does not report it). One
    organisation per client (a partner's `callplan:orgId` included), so every location has it."""
    org = snapshot.lists_for(api).organization(apply=True)
    return org.calling_plan if org else None


def person(api: CallingPlanApi, person_id: str, reader: str) -> Person:
    """The person with calling data, as the people list has it (see the module docstring).
    Raises the API's 404 `ApiError` when the person is gone."""
    cache = _cache(api)
    lists = snapshot.lists_for(api)
    found: Person | None = None
    with cache.people_lock:
        if not lists.has(snapshot.PEOPLE_LIST) and cache.read_by_id < BY_ID_FIRST:
            cache.read_by_id += 1  # read by id below, as a person the list lacks
        else:
            people = lists.people(apply=True)
            if people is cache.taken_from and (reader, person_id) in cache.taken:
                lists.drop(snapshot.PEOPLE_LIST)  # asked twice: it may have changed since
                people = lists.people(apply=True)
            if people is not cache.taken_from:
                cache.taken, cache.taken_from = set(), people
            cache.taken.add((reader, person_id))
            found = people.get(person_id)
    return found if found is not None else api.people.get(person_id, calling_data=True)


def changed(api: CallingPlanApi) -> None:
    """A provider wrote to the organisation: the people list may be out of date."""
    snapshot.lists_for(api).drop(snapshot.PEOPLE_LIST)
