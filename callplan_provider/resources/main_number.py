"""`MainNumber`: a location's main number and where it rings (a user, an extension or a phone menu).

API:
- the main number is `callingLineId.phoneNumber` of `GET|PUT /telephony/config/locations/{id}`;
- where it rings is the owner of that number in the inventory (`GET /telephony/config/numbers`):
  a person or an auto attendant (its `phoneNumber`: `PUT .../autoAttendants/{id}`). A person
  holds it as `callplan_provider.ownership` decides: one who has a direct number keeps it as
  their primary number and gets the main number as an alternate number
  (`PUT /telephony/config/people/{id}/numbers`, `ADD`, not primary, ring pattern
  `MAIN_NUMBER_RING_PATTERN`); one with only an extension gets it as their work number
  (`PUT /people/{id}?callingData=true`). Routing "to an extension" means giving the number to
  whoever owns that extension when the change is applied.

Exactly one target: `user_id`, `extension` or `phone_menu_id` (the auto attendant id); the helpers
`route_to_user(line)`, `route_to_extension(line)` and `route_to_menu(menu)` build it:
`MainNumber("main", phone_number="+1...", **route_to_menu(menu))`. `phone_number` defaults to the
location's current main number; it must be an active, non-toll-free number of the location.

Pass the helpers the user's `Extension` resource, not the `User` or a literal extension: the
main number can only ring a person who has a calling line, and `user_id=line.user_id` (or
`extension=line.extension`) makes the engine create the line first and never run this resource's
writes to the person (`PUT /people/{id}?callingData=true`) at the same time as the Extension's.
With a `User` or a literal, nothing orders the two: on the first `pulumi up` the MainNumber may
run before the line exists and fail; add `opts=ResourceOptions(depends_on=[line])` then.

This is the only resource that sets the main number or its owner (PhoneMenu and Extension refuse
it as their own number). The resource id is the location id; changing `location_id` replaces.
Apply: set `callingLineId.phoneNumber`, take the number from a previous owner (`DELETE` of the
alternate number, or clearing the work number or the menu's number), give it to the target;
when a step fails the earlier ones are undone, unless the reply to its write was lost (it may
have been made: the next run reads where the number is and finishes). Nobody loses their own
number on the way: a person's direct number stays theirs and primary throughout, and a new main
number that someone holds as their own number is refused (`ownership.held_number_refusal`),
never taken. A menu that already has another number is refused (a menu has one number). Refresh
shows drift in the main number and in where it rings (outputs `owner_id`, `owner_type`), never
in the person's own numbers.

Delete unroutes the number (takes it from its owner) but never releases it from the inventory,
and leaves `callingLineId` alone: the location keeps its main number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import pulumi
from pydantic import Field, model_validator

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.auto_attendants import AutoAttendantUpdate
from callplan_provider.models.numbers import NumberOwner
from callplan_provider.models.people import Person, PersonNumberChange, PersonNumbersUpdate, PersonPhoneNumber
from callplan_provider.numbering import ExtensionDigits, PlanNumber
from callplan_provider.ownership import MAIN_NUMBER_RING_PATTERN, Holding, held_number_refusal, person_holding
from callplan_provider.resources import config, org_cache
from callplan_provider.resources.base import (
    ArgsModel,
    CallplanError,
    CallplanResource,
    FieldProblem,
    Live,
    ObjectId,
    Reconciler,
)
from callplan_provider.resources.claims import Key
from callplan_provider.resources.extension import Extension

if TYPE_CHECKING:
    from callplan_provider.resources.phone_menu import PhoneMenu
    from callplan_provider.resources.user import User

Target = Literal["user_id", "extension", "phone_menu_id"]
TARGETS: tuple[Target, ...] = ("user_id", "extension", "phone_menu_id")
PEOPLE = "PEOPLE"
AUTO_ATTENDANT = "AUTO_ATTENDANT"


class MainNumberArgs(ArgsModel):
    """Inputs of a `MainNumber`: the number and exactly one of `user_id`, `extension`, `phone_menu_id`."""

    phone_number: PlanNumber | None = Field(
        default=None, description="E.164, from the location's inventory; default: the current main number"
    )
    location_id: ObjectId | None = Field(
        default=None, description="default: callplan:locationId or the organisation's only location"
    )
    user_id: ObjectId | None = Field(default=None, description="ring this person (User.id)")
    extension: ExtensionDigits | None = Field(default=None, description="ring whoever owns this extension")
    phone_menu_id: ObjectId | None = Field(default=None, description="ring this phone menu (PhoneMenu.id)")

    @model_validator(mode="after")
    def _exactly_one_target(self) -> MainNumberArgs:
        given = [name for name in TARGETS if getattr(self, name) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise FieldProblem(
                given[1] if len(given) > 1 else "user_id",
                f"give exactly one of user_id, extension, phone_menu_id (found: {found}); "
                "e.g. **route_to_extension('101')",
            )
        return self

    @property
    def target(self) -> tuple[Target, str]:
        name = next(n for n in TARGETS if getattr(self, n) is not None)
        return name, getattr(self, name)


def route_to_user(target: Extension | User | str | pulumi.Input[str]) -> dict[str, Any]:
    """`MainNumber(..., **route_to_user(line))`: ring the person whose calling line `line` is.

    Recommended: the user's `Extension` resource. Its `user_id` output makes the MainNumber wait for
    the line (a person without one cannot take the main number) and never write the person while
    the Extension does. A `User` resource or a person id works once the line exists; in the same
    program add `opts=ResourceOptions(depends_on=[line])`.
    """
    if isinstance(target, Extension):
        return {"user_id": target.user_id}
    return {"user_id": getattr(target, "id", target)}


def route_to_extension(target: Extension | str | pulumi.Input[str]) -> dict[str, Any]:
    """`MainNumber(..., **route_to_extension(line))`: ring whoever owns the extension at apply time.

    Recommended: the `Extension` resource, so the MainNumber waits for the line (its `extension`
    output). A literal such as `"201"` works once the extension exists; in the same program add
    `opts=ResourceOptions(depends_on=[line])`.
    """
    if isinstance(target, Extension):
        return {"extension": target.extension}
    return {"extension": target}


def route_to_menu(menu: PhoneMenu | str | pulumi.Input[str]) -> dict[str, Any]:
    """`MainNumber(..., **route_to_menu(menu))`: a `PhoneMenu` resource or an auto attendant id."""
    return {"phone_menu_id": getattr(menu, "id", menu)}


# ---- the number's owner ---------------------------------------------------------------------


def _owner_of(api: CallingPlanApi, location_id: str, phone_number: str) -> NumberOwner | None:
    """The owner of a number of the location's inventory (None: unassigned or not there)."""
    row = api.numbers.find_by_number(phone_number)
    if row is None or row.location is None or row.location.id != location_id:
        return None
    return row.owner


def _resolve_owner(api: CallingPlanApi, location_id: str, args: MainNumberArgs) -> NumberOwner:
    """Who the target is right now: a person or an auto attendant."""
    name, value = args.target
    if name == "user_id":
        return NumberOwner(id=value, type=PEOPLE)
    if name == "phone_menu_id":
        return NumberOwner(id=value, type=AUTO_ATTENDANT)
    row = api.numbers.find_by_extension(location_id, value)
    if row is None or row.owner is None:
        raise CallplanError(
            f"nobody has extension {value} in location {location_id}: create it first. In the same "
            "program, pass its Extension: MainNumber(..., **route_to_extension(line)), or add "
            "opts=ResourceOptions(depends_on=[line]) so the MainNumber waits for it"
        )
    if row.owner.type not in (PEOPLE, AUTO_ATTENDANT):
        raise CallplanError(
            f"extension {value} belongs to a {row.owner.type}, which cannot take the main number"
        )
    return NumberOwner(id=row.owner.id, type=row.owner.type)


def _give(api: CallingPlanApi, location_id: str, owner: NumberOwner, phone_number: str) -> None:
    if owner.type == AUTO_ATTENDANT:
        menu = api.auto_attendants.get(location_id, owner.id)
        if menu.phone_number not in (None, phone_number):
            raise CallplanError(
                f"phone menu {menu.name!r} already has its own number {menu.phone_number}; "
                "remove it from the PhoneMenu first"
            )
        api.auto_attendants.update(location_id, owner.id, AutoAttendantUpdate(phone_number=phone_number))
        return
    person = api.people.get(owner.id, calling_data=True)
    if person.location_id is None:
        raise CallplanError(
            f"user {owner.id} has no calling line, so the main number cannot ring them: create their "
            "Extension first. In the same program, pass it: MainNumber(..., **route_to_user(line)) "
            "with line = Extension(...), or add opts=ResourceOptions(depends_on=[line])"
        )
    if person_holding(person.work_number, phone_number) is Holding.WORK_NUMBER:
        api.people.update(owner.id, _with_work_number(person, phone_number), calling_data=True)
    elif phone_number not in api.people.get_numbers(owner.id).alternates:
        add = PersonNumberChange(action="ADD", external=phone_number, ring_pattern=MAIN_NUMBER_RING_PATTERN)
        api.people.update_numbers(owner.id, PersonNumbersUpdate(phone_numbers=[add]))


def _take(api: CallingPlanApi, location_id: str, owner: NumberOwner, phone_number: str) -> None:
    """Take the number from its owner; it stays in the inventory, unassigned."""
    if owner.type == AUTO_ATTENDANT:
        menu = api.auto_attendants.get(location_id, owner.id)
        if menu.phone_number == phone_number:
            if not menu.extension:
                raise CallplanError(
                    f"phone menu {menu.name!r} has no extension: without the main number it is unreachable"
                )
            api.auto_attendants.update(location_id, owner.id, AutoAttendantUpdate(phone_number=None))
        return
    if owner.type != PEOPLE:
        raise CallplanError(f"the main number is held by a {owner.type}, which this package does not manage")
    person = api.people.get(owner.id, calling_data=True)
    if person.work_number == phone_number:
        if not person.extension:
            raise CallplanError(f"user {owner.id} has no extension: their line needs the main number")
        api.people.update(owner.id, _with_work_number(person, None), calling_data=True)
    elif phone_number in api.people.get_numbers(owner.id).alternates:
        delete = PersonNumberChange(action="DELETE", external=phone_number)
        api.people.update_numbers(owner.id, PersonNumbersUpdate(phone_numbers=[delete]))


def _with_work_number(person: Person, phone_number: str | None) -> Person:
    others = [p for p in person.phone_numbers if p.type not in ("work", "work_extension")]
    work = [PersonPhoneNumber(type="work", value=phone_number, primary=True)] if phone_number else []
    return person.model_copy(update={"phone_numbers": work + others})


def _kind_word(owner: NumberOwner) -> str:
    return {PEOPLE: "user", AUTO_ATTENDANT: "phone menu"}.get(owner.type, owner.type)


def _same(a: NumberOwner | None, b: NumberOwner | None) -> bool:
    return a is not None and b is not None and (a.id, a.type) == (b.id, b.type)


# ---- apply, as one undoable sequence --------------------------------------------------------


def _apply(api: CallingPlanApi, location_id: str, args: MainNumberArgs, previous_number: str | None) -> None:
    """Main number → `args.phone_number`, ringing the target; undo the done steps on failure."""
    current_main = main_number_of(api, location_id)
    number = args.phone_number or current_main
    if number is None:
        raise CallplanError(f"location {location_id} has no main number yet: set phone_number")
    target = _resolve_owner(api, location_id, args)
    holder = _owner_of(api, location_id, number) if number != current_main else None
    if holder is not None:
        raise CallplanError(held_number_refusal(number, f"{_kind_word(holder)} {holder.id}"))
    undo: list[tuple[str, Any]] = []
    try:
        if previous_number and previous_number != number:
            old_owner = _owner_of(api, location_id, previous_number)
            if old_owner is not None:
                _take(api, location_id, old_owner, previous_number)
                undo.append(("give", (old_owner, previous_number)))
        if number != current_main:
            api.locations.set_main_number(location_id, number)
            org_cache.set_main_number(api, location_id, number)
            undo.append(("main", current_main))
        owner = _owner_of(api, location_id, number)
        if owner is not None and not _same(owner, target):
            _take(api, location_id, owner, number)
            undo.append(("give", (owner, number)))
        if not _same(owner, target):
            _give(api, location_id, target, number)
    except ApiError as err:
        if not _maybe_made(err):
            _undo(api, location_id, undo)
        raise
    except CallplanError:
        _undo(api, location_id, undo)
        raise


def _maybe_made(err: ApiError) -> bool:
    """A write whose reply was lost may have been made: it is left for the next run to finish (it
    reads where the number is), never undone around it, which could leave it half undone."""
    return err.is_outcome_unknown and err.method != "GET"


def _undo(api: CallingPlanApi, location_id: str, steps: list[tuple[str, Any]]) -> None:
    for step, value in reversed(steps):
        try:
            if step == "main" and value:
                org_cache.set_main_number(api, location_id)
                api.locations.set_main_number(location_id, value)
            elif step == "give":
                _give(api, location_id, *value)
        except (ApiError, CallplanError):
            pass  # best effort: the original error is what the user needs to see


def main_number_of(api: CallingPlanApi, location_id: str) -> str | None:
    """The location's main number (`callingLineId.phoneNumber`), None while it has none: read
    afresh (the other kinds use the process's copy, `org_cache.main_number`, which this updates)."""
    number = api.locations.main_number(location_id)
    org_cache.set_main_number(api, location_id, number)
    return number


def _live(api: CallingPlanApi, location_id: str, declared: Target) -> Live:
    """The main number and where it rings, reported on the declared kind of target."""
    number = main_number_of(api, location_id)
    owner = _owner_of(api, location_id, number) if number else None
    live: Live = {"location_id": location_id, "phone_number": number}
    live.update(dict.fromkeys(TARGETS))
    live["owner_id"] = owner.id if owner else None
    live["owner_type"] = owner.type if owner else None
    if owner is None:
        return live
    if declared == "user_id" and owner.type == PEOPLE:
        live["user_id"] = owner.id
    elif declared == "phone_menu_id" and owner.type == AUTO_ATTENDANT:
        live["phone_menu_id"] = owner.id
    elif declared == "extension":
        live["extension"] = _extension_of(api, location_id, owner)
    return live


def _extension_of(api: CallingPlanApi, location_id: str, owner: NumberOwner) -> str | None:
    if owner.type == AUTO_ATTENDANT:
        return api.auto_attendants.get(location_id, owner.id).extension
    person = api.people.get(owner.id, calling_data=True)
    return person.extension


def _declared(values: dict[str, Any]) -> Target:
    return next((n for n in TARGETS if values.get(n) is not None), "user_id")


class MainNumberProvider(Reconciler[MainNumberArgs]):
    kind = "MainNumber"
    args_model = MainNumberArgs
    managed_fields = {
        "phone_number": "location.callingLineId.phoneNumber",
        "user_id": "mainNumber.owner",
        "extension": "mainNumber.owner",
        "phone_menu_id": "mainNumber.owner",
    }
    # What routing writes: the person's work number or alternate numbers, or the menu's number
    # (each shared with the kind that owns the rest of the field: `ownership.SHARED_FIELDS`).
    written_fields = ("person.phoneNumbers[work]", "person.alternateNumbers", "autoAttendant.phoneNumber")
    replace_fields = ("location_id",)
    computed_outputs = ("owner_id", "owner_type")
    server_default_fields = ("location_id", "phone_number")

    def claimed(self, inputs: Mapping[str, Any]) -> dict[Key, str]:
        number = inputs.get("phone_number")
        return {("number", number): "phone_number"} if isinstance(number, str) else {}

    def create_remote(self, api: CallingPlanApi, args: MainNumberArgs) -> tuple[str, Live]:
        location_id = args.location_id or config.default_location_id()
        _apply(api, location_id, args, previous_number=None)
        return location_id, _live(api, location_id, args.target[0])

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        return _live(api, id_, _declared(outputs))

    def update_remote(
        self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: MainNumberArgs
    ) -> Live:
        _apply(api, id_, args, previous_number=olds.get("phone_number"))
        return _live(api, id_, args.target[0])

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        number = main_number_of(api, id_)
        if number is None:
            return
        owner = _owner_of(api, id_, number)
        if owner is not None:
            _take(api, id_, owner, number)


class MainNumber(CallplanResource, module="callplan", name="MainNumber"):
    """The main number of a location and where it rings. `MainNumber.id` is the location id."""

    provider_class = MainNumberProvider

    phone_number: pulumi.Output[str]
    location_id: pulumi.Output[str]
    user_id: pulumi.Output[str | None]
    extension: pulumi.Output[str | None]
    phone_menu_id: pulumi.Output[str | None]
    owner_id: pulumi.Output[str | None]
    owner_type: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        phone_number: str | pulumi.Input[str] | None = None,
        location_id: str | pulumi.Input[str] | None = None,
        user_id: str | pulumi.Input[str] | None = None,
        extension: str | pulumi.Input[str] | None = None,
        phone_menu_id: str | pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs = {
            "phone_number": phone_number,
            "location_id": location_id,
            "user_id": user_id,
            "extension": extension,
            "phone_menu_id": phone_menu_id,
        }
        super().__init__(resource_name, inputs, opts)
