"""`Extension`: a user's calling line (calling licence + location + extension + direct number)
and, when the program declares `call_recording`, whether its calls are recorded.

`call_recording` is managed only when given (`managed_when_given`): left out, no operation reads or
writes the line's recording and diff never reports it, so a refresh reads no recording setting;
given (True or False), create, update and refresh handle it as below.

API (the licence id, the main number and the plan come from `org_cache`: read once per process):
- create: `PATCH /licenses/users` operation `add` with `{locationId, extension, phoneNumber}`:
  takes one calling licence (no free licence → 400; a clashing extension or number → 409; a user
  with another line → 409, and only then is the user read, to take the line over or say why not);
  then, only when `call_recording=True` (a new line does not record),
  `PUT /people/{userId}/features/callRecording`. If that fails, the licence is given back: a
  failed create leaves nothing behind.
  A lost PATCH reply counts as done when the line is there (the PATCH is never re-sent); when
  that look-up fails too, the create fails and the next `pulumi up` takes the line over;
- read: the person from the people list with calling data (no `locationId` any more = the line
  is gone) and, for a line that declares `call_recording`,
  `GET /people/{userId}/features/callRecording` (a change made outside shows as drift; Webex
  lists no recording settings, so this is one call per such line; none when the plan has no
  recording);
- update: the recording first (when declared), then `PUT /people/{userId}?callingData=true` (the
  person as read, with the new extension and direct number; the location cannot change, so it
  replaces); if the line change fails, the recording is put back as it was;
- delete: `PATCH /licenses/users` operation `remove` (one call): the licence goes back, the number stays in
  the location's inventory, unassigned, and the recording setting goes with the line. A lost
  reply counts as done when the line is gone.

The resource id is the user's person id (a user has one calling line). Owns the line's licence,
location, extension, direct number and, when declared, the recording's `enabled` flag
(`call_recording` is true when recording is enabled in a mode other than "Never"; switching it on
sets the mode "Always" only when it was "Never", so a mode chosen in Control Hub is kept).
Changing `user_id` or `location_id` replaces the line, deleting the old one first (the extension
cannot be held twice).

Rules: `phone_number` is a number of the plan's inventory in E.164 and never toll-free (check);
it may not be the location's main number, which belongs to `MainNumber` (refused at preview from
the organisation's number inventory, `resources/preview.py`, and again at apply). The main
number routed to this person is MainNumber's, whichever way
they hold it (`callplan_provider.ownership`): as an alternate number it is outside what this
kind reads or writes; as their work number (a person without a direct number) refresh ignores
it and update keeps it, and when the line then gets a direct number of its own the main number
moves to the person's alternate numbers (`PUT /telephony/config/people/{id}/numbers`, `ADD`),
so it never stops ringing them. Both kinds write the same person (read, modify, write): route
with `route_to_user(line)` / `route_to_extension(line)` so the MainNumber depends on this
resource and the engine never runs the two at once. The extension must not be
an emergency number of the location's country (the API decides: 101 is fine in the US, not in
India). `call_recording=True` needs a BUSINESS plan: refused at create/update with a clear
message, before anything is written.

`adopt=True` takes over the user's existing calling line (no write; the next preview shows the
difference); without it, a user who already has a line fails with a message naming `adopt`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import pulumi
from pydantic import Field

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.organizations import tier_includes
from callplan_provider.models.people import (
    RECORD_ALWAYS,
    RECORD_NEVER,
    CallRecordingSetting,
    Person,
    PersonNumberChange,
    PersonNumbersUpdate,
    PersonPhoneNumber,
)
from callplan_provider.numbering import ExtensionDigits, PlanNumber
from callplan_provider.ownership import MAIN_NUMBER_RING_PATTERN, line_numbers, own_number
from callplan_provider.resources import claims, config, org_cache
from callplan_provider.resources.base import (
    ArgsModel,
    CallplanError,
    CallplanResource,
    Live,
    ObjectId,
    Reconciler,
    recover,
)
from callplan_provider.resources.claims import Key
from callplan_provider.resources.preview import OrgCheck, line_claims, verify_extension, verify_own_number


class ExtensionArgs(ArgsModel):
    """Inputs of an `Extension`."""

    user_id: ObjectId = Field(description="the person (User.id) who gets the line; changing it replaces")
    extension: ExtensionDigits = Field(description="2 to 6 digits, unique in the location, e.g. '101'")
    phone_number: PlanNumber | None = Field(
        default=None, description="a direct number from the inventory, E.164 (not the main number)"
    )
    location_id: ObjectId | None = Field(
        default=None, description="default: callplan:locationId or the organisation's only location"
    )
    call_recording: bool | None = Field(
        default=None,
        description="record calls (needs the BUSINESS tier) or not; left out: the recording is not managed",
    )
    adopt: bool = Field(default=False, description="take over the user's existing calling line")


def recording_offered(api: CallingPlanApi) -> bool:
    """Whether the plan includes call recording (the BUSINESS tier; True when the API does not say)."""
    plan = org_cache.calling_plan(api)
    return plan is None or tier_includes(plan.tier, "callRecording")


def require_recording_allowed(api: CallingPlanApi) -> None:
    """Call recording needs the BUSINESS tier (known when the API reports the calling plan)."""
    plan = org_cache.calling_plan(api)
    if plan is not None and not tier_includes(plan.tier, "callRecording"):
        raise CallplanError(f"call_recording {_recording_refused(plan.tier)}")


def _recording_refused(tier: str | None) -> str:
    return f"needs the BUSINESS tier; this plan is {tier}: set call_recording=False or upgrade the plan"


def _assign_line(api: CallingPlanApi, args: ExtensionArgs, location_id: str, license_id: str) -> None:
    """Take the licence with the line; after a lost reply, the line being there means it worked."""
    try:
        api.licenses.assign(
            args.user_id,
            license_id,
            location_id=location_id,
            extension=args.extension,
            phone_number=args.phone_number,
        )
    except ApiError as err:
        if not err.is_outcome_unknown:
            raise
        try:
            person = recover(lambda: api.people.get(args.user_id, calling_data=True))
        except ApiError:
            raise err from None  # still unknown: the next `pulumi up` finds the line and takes it over
        if (person.location_id, person.extension) != (location_id, args.extension):
            raise


def _undo_assign(api: CallingPlanApi, user_id: str, license_id: str) -> None:
    """Best effort: the original error is what the user needs to see."""
    with contextlib.suppress(ApiError):
        api.licenses.unassign(user_id, license_id)


def records_calls(api: CallingPlanApi, user_id: str) -> bool:
    return api.people.get_call_recording(user_id).records_calls


def _recording_change(current: CallRecordingSetting, wanted: bool) -> CallRecordingSetting | None:
    """The PUT body that makes `current` record calls (or not), or None when it already does."""
    if current.records_calls == wanted:
        return None
    if not wanted:
        return CallRecordingSetting(enabled=False)
    keep_mode = current.record not in (None, RECORD_NEVER)
    return CallRecordingSetting(enabled=True, record=current.record if keep_mode else RECORD_ALWAYS)


def _set_recording(api: CallingPlanApi, user_id: str, wanted: bool) -> CallRecordingSetting | None:
    """Make the line record calls (or not); returns the setting it replaced, None if unchanged."""
    current = api.people.get_call_recording(user_id)
    change = _recording_change(current, wanted)
    if change is None:
        return None
    api.people.update_call_recording(user_id, change)
    return current


def _restore_recording(api: CallingPlanApi, user_id: str, previous: CallRecordingSetting | None) -> None:
    """Best effort, like `_undo_assign`: put back the setting `_set_recording` replaced."""
    if previous is not None:
        with contextlib.suppress(ApiError):
            api.people.update_call_recording(user_id, previous)


def _line(person: Person, main_number: str | None, call_recording: bool | None) -> Live:
    return {
        "user_id": person.id,
        "extension": person.extension,
        "phone_number": own_number(person.work_number, main_number),
        "location_id": person.location_id,
        "call_recording": call_recording,
    }


def _rings_nobody(api: CallingPlanApi, location_id: str, number: str | None) -> bool:
    """The location's number is in its inventory and assigned to nobody."""
    row = api.numbers.find_by_number(number) if number else None
    return (
        row is not None and row.location is not None and row.location.id == location_id and row.owner is None
    )


def _keep_main_number_as_alternate(api: CallingPlanApi, person: Person, main_number: str) -> None:
    """The line got a direct number: the main number, its work number until now, becomes an alternate.

    When that fails, the person is put back as they were (best effort), so the main number still rings them.
    """
    assert person.id is not None
    add = PersonNumberChange(action="ADD", external=main_number, ring_pattern=MAIN_NUMBER_RING_PATTERN)
    try:
        api.people.update_numbers(person.id, PersonNumbersUpdate(phone_numbers=[add]))
    except ApiError:
        with contextlib.suppress(ApiError):
            api.people.update(person.id, person, calling_data=True)
        raise


def _with_line(person: Person, extension: str, phone_number: str | None) -> Person:
    others = [p for p in person.phone_numbers if p.type not in ("work", "work_extension")]
    work = [PersonPhoneNumber(type="work", value=phone_number, primary=True)] if phone_number else []
    return person.model_copy(update={"extension": extension, "phone_numbers": work + others})


class ExtensionProvider(Reconciler[ExtensionArgs]):
    kind = "Extension"
    args_model = ExtensionArgs
    managed_fields = {
        "user_id": "person.licenses",
        "location_id": "person.locationId",
        "extension": "person.extension",
        "phone_number": "person.phoneNumbers[work]",
        "call_recording": "callRecording.enabled",
    }
    written_fields = ("person.alternateNumbers",)
    replace_fields = ("user_id", "location_id")
    natural_key = "user_id"
    create_refuses_clash = True  # 409 for a user whose line differs (the same line again is a no-op)
    server_default_fields = ("location_id",)
    managed_when_given = ("call_recording",)
    delete_before_replace = True

    def claimed(self, inputs: Mapping[str, Any]) -> dict[Key, str]:
        return line_claims(inputs)

    def owner_in_org(self, inputs: Mapping[str, Any]) -> str | None:
        user_id = inputs.get("user_id")
        return user_id if isinstance(user_id, str) else None

    def verify_with_org(self, check: OrgCheck) -> None:
        owner_id = self.owner_in_org(check.news)
        verify_own_number(check, "phone_number", owner_id, "this line")
        verify_extension(check, owner_id)
        if check.changed("call_recording") and check.known("call_recording") is True:
            tier = check.ask(lambda s: s.plan().tier)
            if tier is not None and not tier_includes(tier, "callRecording"):
                check.fail("call_recording", _recording_refused(tier))
        if check.creating and not check.news.get("adopt"):
            _verify_free_licence(check)

    def park(self, api: CallingPlanApi, id_: str, props: Mapping[str, Any], keys: frozenset[Key]) -> None:
        """Step aside for a swap: a spare extension and no direct number, until the update."""
        person = api.people.get(id_, calling_data=True)
        kinds = {key[0] for key in keys}
        extension = person.extension or ""
        if "extension" in kinds and person.location_id:
            extension = _spare_extension(api, person.location_id, len(extension) or 4)
        number = None if "number" in kinds else person.work_number
        api.people.update(id_, _with_line(person, extension, number), calling_data=True)

    def create_remote(self, api: CallingPlanApi, args: ExtensionArgs) -> tuple[str, Live]:
        location_id = args.location_id or config.default_location_id()
        self.refuse_main_number(args.phone_number, org_cache.main_number(api, location_id))
        if args.call_recording:
            require_recording_allowed(api)
        license_id = org_cache.calling_license_id(api)
        if license_id is None:
            raise CallplanError("the organisation has no calling licence: buy a calling plan first")
        _assign_line(api, args, location_id, license_id)
        if args.call_recording:  # a new line does not record calls
            try:
                _set_recording(api, args.user_id, args.call_recording)
            except ApiError:
                _undo_assign(api, args.user_id, license_id)  # a failed create leaves nothing behind
                raise
        line = {"user_id": args.user_id, "extension": args.extension, "phone_number": args.phone_number}
        return args.user_id, {**line, "location_id": location_id, "call_recording": args.call_recording}

    def find_existing(self, api: CallingPlanApi, args: ExtensionArgs) -> tuple[str, Live] | None:
        person = api.people.get(args.user_id, calling_data=True)
        if person.location_id is None:
            return None
        main_number = org_cache.main_number(api, person.location_id)
        recording = records_calls(api, args.user_id) if args.call_recording is not None else None
        return args.user_id, _line(person, main_number, recording)

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        person = org_cache.person(api, id_, self.kind)
        if person.location_id is None:
            return None
        main_number = org_cache.main_number(api, person.location_id) if person.work_number else None
        recording = None
        if self.manages("call_recording", outputs):
            recording = recording_offered(api) and records_calls(api, id_)
        return _line(person, main_number, recording)

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: ExtensionArgs) -> Live:
        person = api.people.get(id_, calling_data=True)
        if person.location_id is None:
            raise CallplanError(f"user {id_} has no calling line any more; refresh to recreate it")
        main_number = org_cache.main_number(api, person.location_id)
        self.refuse_main_number(args.phone_number, main_number)
        if args.call_recording:
            require_recording_allowed(api)
        previous = olds.get("phone_number")
        numbers = line_numbers(
            args.phone_number,
            person.work_number,
            main_number,
            previous=previous,
            main_rings_nobody=previous is None
            and args.phone_number is not None
            and args.phone_number == person.work_number
            and _rings_nobody(api, person.location_id, main_number),
        )
        replaced = None
        if args.call_recording is not None:
            replaced = _set_recording(api, id_, args.call_recording)
        try:
            updated = api.people.update(
                id_, _with_line(person, args.extension, numbers.work_number), calling_data=True
            )
            if numbers.main_to_alternate and main_number:
                _keep_main_number_as_alternate(api, person, main_number)
        except ApiError:
            _restore_recording(api, id_, replaced)  # a failed update changes nothing
            raise
        return _line(updated, main_number, args.call_recording)

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        license_id = org_cache.calling_license_id(api)
        if license_id is None:
            return
        try:
            api.licenses.unassign(id_, license_id)
        except ApiError as err:
            if not err.is_outcome_unknown:
                raise
            # A lost reply: done when the line is gone (a PATCH is never sent twice blindly).
            if recover(lambda: api.people.get(id_, calling_data=True)).location_id is not None:
                raise


def _verify_free_licence(check: OrgCheck) -> None:
    """Each line the program creates takes one of the plan's free calling licences."""
    plan = check.ask(lambda s: s.plan())
    needed = claims.count_new_line(check.name) if check.name else 1
    if plan.licences_total and needed > plan.licences_free:
        check.fail(
            "user_id",
            f"no free calling licence for this line: the plan has {plan.licences_total}, "
            f"{plan.licences_used} in use, and this program adds {needed} lines: buy more licences or "
            "declare fewer lines",
        )


def _spare_extension(api: CallingPlanApi, location_id: str, digits: int) -> str:
    """An extension nobody holds in the location, to stand on during a swap."""
    used = {row.extension for row in api.numbers.list(location_id=location_id) if row.extension}
    width = max(digits, 4)
    for n in range(10**width - 1, 10 ** (width - 1), -1):
        if str(n) not in used:
            return str(n)
    raise CallplanError(f"no spare extension of {width} digits in location {location_id} for the swap")


class Extension(CallplanResource, module="callplan", name="Extension"):
    """A user's calling line. `Extension.id` is the user's person id."""

    provider_class = ExtensionProvider

    user_id: pulumi.Output[str]
    extension: pulumi.Output[str]
    phone_number: pulumi.Output[str | None]
    location_id: pulumi.Output[str]
    call_recording: pulumi.Output[bool | None]
    adopt: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        user_id: str | pulumi.Input[str],
        extension: str | pulumi.Input[str],
        phone_number: str | pulumi.Input[str] | None = None,
        location_id: str | pulumi.Input[str] | None = None,
        call_recording: bool | pulumi.Input[bool] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs = {
            "user_id": user_id,
            "extension": extension,
            "phone_number": phone_number,
            "location_id": location_id,
            "call_recording": call_recording,
            "adopt": adopt,
        }
        super().__init__(resource_name, inputs, opts)
