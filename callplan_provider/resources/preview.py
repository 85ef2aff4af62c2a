"""The checks that need the organisation or the rest of the program, run by every kind's check.

After a kind's inputs validate offline, `verify` (called by `Reconciler.check`):
1. records the resource's claims in the program (`claims.record`, keyed by its Pulumi name, the
   hidden `__name` input): a key another resource of the program already wants fails here,
   naming that resource;
2. runs the kind's organisation rules (`Reconciler.verify_with_org(OrgCheck)`), which only ask
   about properties that changed against the old inputs (`OrgCheck.changed`): an unchanged
   resource never reads the organisation, so a no-op preview makes no API call;
3. settles hand-overs: a key the organisation shows held by another object is fine when a
   resource of this program gives it up in this run (`OrgCheck.take`); when the giver is not
   checked yet, the question stays open until it is, and the program's last check fails on any
   question left open.
When the organisation cannot be read (no token, no reply), the rules that need it are skipped and
one warning says what was not verified.

`before_write` / `after_write` run around a kind's writes in the same process: the taker of a key
waits (bounded) for its giver to release it; in a swap, the first to start parks what it gives
(`Reconciler.park`) so the other can go on.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.dynamic import CheckFailure

from callplan_provider.ownership import refusal
from callplan_provider.resources import claims, snapshot
from callplan_provider.resources.claims import Holding, Key, OpenQuestion
from callplan_provider.resources.snapshot import Owner, Snapshot, SnapshotUnavailable

if TYPE_CHECKING:
    from callplan_provider.client import CallingPlanApi
    from callplan_provider.resources.base import Reconciler

NAME_KEY = "__name"
PROGRAM_KEY = "__program"
HIDDEN_KEYS = (NAME_KEY, PROGRAM_KEY)
# The hidden inputs check passes on (apply needs the name). The program's size serves check alone:
# kept in the inputs, it would change every resource's inputs whenever the program grows, and the
# engine rewrites the whole state for each same step whose inputs changed.
KEPT_KEYS = (NAME_KEY,)

_warned_lock = threading.Lock()
_parking = threading.Lock()
_warned = False


class OrgCheck:
    """What a kind's organisation rules see: its name, old and new inputs, the snapshot (lazily)."""

    def __init__(self, kind: str, name: str | None, olds: Mapping[str, Any], news: Mapping[str, Any]) -> None:
        self.kind = kind
        self.name = name
        self.olds = olds
        self.news = news
        self.failures: list[CheckFailure] = []
        # The object the old inputs were (a replacement deletes it before making the new one).
        self.previous_owner: str | None = None

    def is_mine(self, owner: Owner, owner_id: str | None) -> bool:
        """Is `owner` the object these inputs are, or were before a replacement?"""
        return owner.id in (owner_id, self.previous_owner)

    @property
    def creating(self) -> bool:
        return not self.olds

    def changed(self, prop: str) -> bool:
        """Is `prop` known and different from the old inputs (or is this a create)?"""
        from callplan_provider.resources.base import contains_unknown, values_differ

        new = self.news.get(prop)
        if contains_unknown(new):
            return False
        return self.creating or values_differ(self.olds.get(prop), new)

    def known(self, prop: str) -> Any:
        """The new value of `prop`, or None while unknown."""
        from callplan_provider.resources.base import contains_unknown

        value = self.news.get(prop)
        return None if contains_unknown(value) else value

    @property
    def snap(self) -> Snapshot:
        return snapshot.current()

    def ask(self, question: Any) -> Any:
        """`question(snap)`, reading the organisation on first need."""
        return question(self.snap)

    def fail(self, prop: str, reason: str) -> None:
        self.failures.append(CheckFailure(prop, f"{prop}: {reason}"))

    def location_id(self) -> str | None:
        """The resource's location: its `location_id`, else the default one (None when unknown)."""
        given = self.news.get("location_id")
        if given is not None:
            return self.known("location_id")
        return self.ask(lambda s: s.default_location_id())

    def location_name(self, location_id: str) -> str:
        found = self.ask(lambda s: s.location(location_id))
        return found.name if found is not None else location_id

    def take(self, prop: str, key: Key, owner: Owner, reason: str) -> None:
        """`key` is held in the organisation by `owner`: fine when a resource of this program gives
        it up in this run (now, or in a later check); else fail with `reason`."""
        if self.name is not None and claims.giver_of(key, owner.id, self.name):
            return
        if self.name is not None and not claims.is_last_check():
            message = _unanswered(self.name, prop, reason)
            full = f"{prop}: {reason}{_order_hint(owner)}"
            claims.expect_release(OpenQuestion(self.name, key, owner.id, message, prop, full))
            return
        self.fail(prop, reason + _order_hint(owner))


def _order_hint(owner: Owner) -> str:
    if owner.type != snapshot.PEOPLE:
        return ""
    return (
        f". If {owner.name}'s Extension in this program gives it up in this run, make this resource "
        "depend on it: opts=ResourceOptions(depends_on=[<that Extension>])"
    )


def _unanswered(taker: str, prop: str, reason: str) -> str:
    return (
        f"{taker}: {prop}: {reason}; no resource of this program gives it up in this run "
        "(one removed from the program is deleted only after the others are applied: remove it in an "
        "earlier `pulumi up`, or keep it and take the value out of it)"
    )


def verify(
    provider: Reconciler[Any], olds: Mapping[str, Any], news: dict[str, Any], hidden: Mapping[str, Any]
) -> list[CheckFailure]:
    """The program's and the organisation's rules for checked, valid inputs `news`."""
    name = hidden.get(NAME_KEY) if isinstance(hidden.get(NAME_KEY), str) else None
    size = hidden.get(PROGRAM_KEY)
    old_inputs = {k: v for k, v in olds.items() if k not in HIDDEN_KEYS}
    if name is not None:
        old_inputs = claims.old_inputs(name, old_inputs)
    holding = Holding(
        name=name or "",
        kind=provider.kind,
        owner_id=provider.owner_in_org(news),
        held=frozenset(provider.claimed(old_inputs)) if old_inputs else frozenset(),
        wanted=frozenset(provider.claimed(news)),
    )
    failures: list[CheckFailure] = []
    if name is not None:
        properties = provider.claimed(news)
        known_size = int(size) if isinstance(size, int | float) else None  # a number on the wire: a float
        for key, other in claims.record(holding, known_size):
            prop = properties[key]
            failures.append(
                CheckFailure(
                    prop,
                    f"{prop}: {claims.describe(key)} is also claimed by {other} in this program: "
                    f"one resource holds it; change one of the two",
                )
            )
    check = OrgCheck(provider.kind, name, old_inputs, news)
    check.previous_owner = provider.owner_in_org(old_inputs) if old_inputs else None
    try:
        provider.verify_with_org(check)
    except SnapshotUnavailable as err:
        _warn_once(str(err))
    failures += check.failures
    if name is not None and failures:  # failing anyway: say now what it could not take either
        for question in claims.withdraw(name):
            failures.append(CheckFailure(question.prop, question.reason))
    if name is not None:
        for question in claims.settle(holding):
            failures.append(CheckFailure("", question.message))
    return failures


def _warn_once(reason: str) -> None:
    global _warned
    with _warned_lock:
        if _warned:
            return
        _warned = True
    pulumi.log.warn(
        "preview could not read the organisation, so it did not verify who holds the numbers, "
        "extensions and menu names, the plan's tier and licences, the letter of agency's signer, the "
        f"bill's age nor the numbers of port orders ({reason}); `pulumi up` will"
    )


def reset() -> None:
    """Forget warnings and claims (tests)."""
    global _warned
    with _warned_lock:
        _warned = False
    claims.reset()
    snapshot.forget()


# ---- apply -------------------------------------------------------------------------------------


def before_write(
    provider: Reconciler[Any], api: CallingPlanApi, id_: str | None, props: Mapping[str, Any]
) -> None:
    """Wait until the resources giving this one its keys released them (parking first in a swap)."""
    name = props.get(NAME_KEY)
    if not isinstance(name, str):
        return
    claims.wait_for_answers(name)
    awaited = claims.waits_on(name, claims.handovers_to(name))
    if not awaited:
        return
    mine = claims.giving(name)
    if id_ is not None and mine:
        with _parking:  # one side of a swap steps aside; the other then finds its key released
            awaited = claims.waits_on(name, awaited)
            if any(claims.in_cycle(name, key) for key in awaited):
                provider.park(api, id_, props, mine)
                claims.released(name, mine)
    left = claims.wait_for(name, awaited)
    if left:
        held = "; ".join(f"{claims.describe(k)} by {g}" for k, g in left.items())
        raise _error()(
            f"{name} waited {int(claims.WAIT_SECONDS)} s for {held} to be released in this run, in vain: "
            "make this resource depend on it (opts=ResourceOptions(depends_on=[...])) "
            "and run `pulumi up` again"
        )


def after_write(props: Mapping[str, Any]) -> None:
    """This resource's writes are done: what it gave up is free for its takers."""
    name = props.get(NAME_KEY)
    if isinstance(name, str):
        claims.released(name, claims.giving(name))


def _error() -> type[Exception]:
    from callplan_provider.resources.base import CallplanError

    return CallplanError


# ---- rules shared by the kinds -------------------------------------------------------------------


def claim_location(inputs: Mapping[str, Any]) -> str | None:
    """The location part of a claim key: the given id, "" for the default one, None while unknown."""
    from callplan_provider.resources.base import contains_unknown

    location = inputs.get("location_id")
    if contains_unknown(location):
        return None
    return location if isinstance(location, str) else ""


def line_claims(inputs: Mapping[str, Any]) -> dict[Key, str]:
    """A line (or a menu) holds its own number and its extension in its location."""
    claimed: dict[Key, str] = {}
    number = inputs.get("phone_number")
    if isinstance(number, str):
        claimed[("number", number)] = "phone_number"
    extension, location = inputs.get("extension"), claim_location(inputs)
    if isinstance(extension, str) and location is not None:
        claimed[("extension", location, extension)] = "extension"
    return claimed


def verify_own_number(check: OrgCheck, prop: str, owner_id: str | None, this: str) -> None:
    """A number as a resource's own: in its location's inventory, not the main number, free or this
    resource's (or given up by another resource of the program in this run)."""
    number = check.known(prop)
    if not number or not check.changed(prop):
        return
    row = check.ask(lambda s: s.number(number))
    if row is None:
        check.fail(
            prop,
            f"{number} is not in the organisation's inventory: add it to the location, or transfer it in "
            "with a PortOrder and use it once the order completes",
        )
        return
    location = check.location_id()
    if location and row.location_id != location:
        here = check.location_name(location)
        check.fail(
            prop,
            f"{number} is in the inventory of {row.location_name}, not of {here}: use a number of {here}",
        )
        return
    main_number = refusal(check.kind, number, number) if row.main_number else None
    if main_number is not None:  # the rule of `callplan_provider.ownership`, as apply gives it
        check.failures.append(CheckFailure(prop, f"{main_number} ({row.location_name})"))
        return
    if row.owner is not None and not check.is_mine(row.owner, owner_id):
        owner = row.owner
        reason = f"{number} belongs to {owner.described()}, not to {this}: {owner.fix()} or pick another"
        reason += " number"
        check.take(prop, ("number", number), owner, reason)


def verify_extension(check: OrgCheck, owner_id: str | None) -> None:
    """An extension free in the location, or this resource's (or given up in this run)."""
    extension, key_location = check.known("extension"), claim_location(check.news)
    if not extension or key_location is None or not check.changed("extension"):
        return
    location = check.location_id()
    if not location:
        return
    owner = check.ask(lambda s: s.extension_owner(location, extension))
    if owner is not None and not check.is_mine(owner, owner_id):
        where = check.location_name(location)
        reason = (
            f"{extension} is taken in {where} by {owner.described()}: {owner.fix()} or pick another extension"
        )
        check.take("extension", ("extension", key_location, extension), owner, reason)
