"""Auto attendants ("phone menus") of an organisation.

Rules:
- the name is unique in the location (409); `businessSchedule` is required at creation;
- at least one of `phoneNumber` and `extension` (400); the number must be in the location's
  inventory and owned by no other object, the extension free and well formed in the location
  (the numbers area's rules: 400, or 409 with errorCode 8363 / 9495); toll-free numbers refused;
- `businessSchedule` / `holidaySchedule` name a `businessHours` / `holidays` schedule of the
  location; an unknown name is a 400 (a reference in a body, not an object in the path);
- each key `0`-`9`, `*`, `#` at most once per menu (400); a transfer action needs a `value` that
  is an E.164 number or an extension in use in the location (400);
- delete releases the number and the extension; the number stays in the inventory.
PUT is partial: fields left out keep their value; `phoneNumber`, `extension`, `holidaySchedule`,
`firstName` and `lastName` sent as null are cleared. Reads always carry `firstName` and `lastName`
(the caller ID name: the menu's name and an empty last name until set).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callplan_provider.models.auto_attendants import (
    TRANSFER_ACTIONS,
    AutoAttendant,
    AutoAttendantListItem,
    AutoAttendantMenu,
    AutoAttendantUpdate,
    KeyConfiguration,
)
from callplan_provider.models.schedules import ScheduleType
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.backend.records import (
    KIND_AUTO_ATTENDANT,
    KIND_EXTENSION,
    ExtensionRecord,
    extension_key,
    whole,
)
from callplan_provider.sandbox.errors import (
    AutoAttendantNameInUse,
    AutoAttendantNeedsNumberOrExtension,
    BadRequest,
    DuplicateMenuKey,
    NotFound,
    TollFreeNotSupported,
    TransferNeedsDestination,
    UnknownSchedule,
    UnknownTransferDestination,
)
from callplan_provider.sandbox.ids import webex_id

OWNER_TYPE = "AUTO_ATTENDANT"
CLEARABLE_FIELDS = frozenset({"phone_number", "extension", "holiday_schedule", "first_name", "last_name"})
DEFAULT_LANGUAGE = "en_us"


class AutoAttendantsArea(BackendBase):
    def create_auto_attendant(self, location_id: str, request: AutoAttendant) -> str:
        location = whole(self).location_record(location_id).location
        if not request.business_schedule:
            raise BadRequest(reason="businessSchedule is required")
        self._check_auto_attendant_name_free(location_id, request.name)
        aa = AutoAttendant.model_validate(request.to_write_body()).model_copy(
            update={
                "id": webex_id("AUTO_ATTENDANT"),
                "location_id": location_id,
                "time_zone": request.time_zone or location.time_zone,
                "language_code": request.language_code or location.preferred_language or DEFAULT_LANGUAGE,
            }
        )
        self._check_auto_attendant(aa)
        self._move_auto_attendant_line(None, aa)
        self._save_auto_attendant(aa)
        assert aa.id is not None
        return aa.id

    def get_auto_attendant(self, location_id: str, aa_id: str) -> AutoAttendant:
        return self._auto_attendant_details(self._require_auto_attendant(location_id, aa_id))

    def list_auto_attendants(
        self, location_id: str | None = None, name: str | None = None, phone_number: str | None = None
    ) -> list[AutoAttendantListItem]:
        """Every auto attendant of the org; `name` matches a part of the name, case-insensitively."""
        if phone_number is not None:  # a `+` the client forgot to escape arrives as a space
            phone_number = "+" + phone_number.strip().lstrip("+")
        found = self.docs.list(
            AutoAttendant,
            KIND_AUTO_ATTENDANT,
            where=lambda aa: (
                (location_id is None or aa.location_id == location_id)
                and (name is None or name.casefold() in aa.name.casefold())
                and (phone_number is None or aa.phone_number == phone_number)
            ),
        )
        fields = set(AutoAttendantListItem.model_fields)
        return [
            AutoAttendantListItem.model_validate(self._auto_attendant_details(aa).model_dump(include=fields))
            for aa in found
        ]

    def update_auto_attendant(self, location_id: str, aa_id: str, update: AutoAttendantUpdate) -> None:
        current = self._require_auto_attendant(location_id, aa_id)
        changes = {
            field: getattr(update, field)
            for field in update.model_fields_set
            if getattr(update, field) is not None or field in CLEARABLE_FIELDS
        }
        changed = current.model_copy(update=changes)
        if changed.name != current.name:
            self._check_auto_attendant_name_free(location_id, changed.name)
        self._check_auto_attendant(changed)
        self._move_auto_attendant_line(current, changed)
        self._save_auto_attendant(changed)

    def delete_auto_attendant(self, location_id: str, aa_id: str) -> None:
        current = self._require_auto_attendant(location_id, aa_id)
        self._move_auto_attendant_line(current, None)
        self.docs.delete(KIND_AUTO_ATTENDANT, aa_id)

    def auto_attendants_using_schedule(self, location_id: str, type_: ScheduleType, name: str) -> list[str]:
        """Names of the location's auto attendants that refer to that schedule."""
        return [aa.name for aa in self._auto_attendants_in(location_id) if _schedule_of(aa, type_) == name]

    def rename_schedule_references(self, location_id: str, type_: ScheduleType, old: str, new: str) -> None:
        field = "business_schedule" if type_ == "businessHours" else "holiday_schedule"
        for aa in self._auto_attendants_in(location_id):
            if _schedule_of(aa, type_) == old:
                self._save_auto_attendant(aa.model_copy(update={field: new}))

    # --- rules -------------------------------------------------------------------------------

    def _check_auto_attendant(self, aa: AutoAttendant) -> None:
        assert aa.location_id is not None
        if not aa.phone_number and not aa.extension:
            raise AutoAttendantNeedsNumberOrExtension()
        if aa.time_zone is not None:
            _require_time_zone(aa.time_zone)
        self._check_schedule_reference(aa.location_id, "businessHours", aa.business_schedule)
        self._check_schedule_reference(aa.location_id, "holidays", aa.holiday_schedule)
        self._check_menu_keys(aa.location_id, aa.business_hours_menu, "businessHoursMenu")
        self._check_menu_keys(aa.location_id, aa.after_hours_menu, "afterHoursMenu")

    def _check_schedule_reference(self, location_id: str, type_: ScheduleType, name: str | None) -> None:
        if name and whole(self).find_schedule(location_id, type_, name) is None:
            raise UnknownSchedule(type=type_, name=name, location_id=location_id)

    def _check_menu_keys(self, location_id: str, menu: AutoAttendantMenu, label: str) -> None:
        seen: set[str] = set()
        for key in menu.key_configurations:
            if key.key in seen:
                raise DuplicateMenuKey(key=key.key, menu=label)
            seen.add(key.key)
            if key.action in TRANSFER_ACTIONS:
                self._check_transfer_destination(location_id, key, label)

    def _check_transfer_destination(self, location_id: str, key: KeyConfiguration, label: str) -> None:
        value = (key.value or "").strip()
        if not value:
            raise TransferNeedsDestination(key=key.key, menu=label, action=key.action)
        if value.startswith("+"):
            whole(self).parse_number(value)  # 400 when it is not a valid E.164 number
            return
        if self.docs.get(ExtensionRecord, KIND_EXTENSION, extension_key(location_id, value)) is None:
            raise UnknownTransferDestination(key=key.key, menu=label, value=value)

    def _check_auto_attendant_name_free(self, location_id: str, name: str) -> None:
        if any(aa.name == name for aa in self._auto_attendants_in(location_id)):
            raise AutoAttendantNameInUse(name=name, location_id=location_id)

    def _move_auto_attendant_line(self, before: AutoAttendant | None, after: AutoAttendant | None) -> None:
        """Release what `before` held and claim what `after` needs (either may be None)."""
        numbers = whole(self)
        old_number = before.phone_number if before else None
        new_number = after.phone_number if after else None
        old_ext = before.extension if before else None
        new_ext = after.extension if after else None
        subject = after if after is not None else before
        assert subject is not None and subject.id is not None
        owner = subject.id
        if old_number and old_number != new_number:
            numbers.unassign_number(old_number, owner)
        if old_ext and old_ext != new_ext:
            assert before is not None and before.location_id is not None
            numbers.release_extension(before.location_id, old_ext, owner)
        if after is None or after.location_id is None:
            return
        if new_number and new_number != old_number:
            e164, toll_free = numbers.parse_number(new_number)
            if toll_free:
                raise TollFreeNotSupported(number=e164)
            numbers.assign_number(e164, after.location_id, owner, owner_type=OWNER_TYPE)
            after.phone_number = e164
        if new_ext and new_ext != old_ext:
            numbers.claim_extension(after.location_id, new_ext, owner, OWNER_TYPE)

    # --- storage -----------------------------------------------------------------------------

    def _require_auto_attendant(self, location_id: str, aa_id: str) -> AutoAttendant:
        aa = self.docs.get(AutoAttendant, KIND_AUTO_ATTENDANT, aa_id)
        if aa is None or aa.location_id != location_id:
            raise NotFound(kind="auto attendant", id=aa_id)
        return aa

    def _auto_attendants_in(self, location_id: str) -> list[AutoAttendant]:
        return self.docs.list(
            AutoAttendant, KIND_AUTO_ATTENDANT, where=lambda aa: aa.location_id == location_id
        )

    def _save_auto_attendant(self, aa: AutoAttendant) -> None:
        assert aa.id is not None
        self.docs.put(KIND_AUTO_ATTENDANT, aa.id, aa)

    def _auto_attendant_details(self, aa: AutoAttendant) -> AutoAttendant:
        """The stored object with the fields the server derives on every read."""
        assert aa.location_id is not None
        record = whole(self).location_record(aa.location_id)
        prefix = record.calling.routing_prefix
        return aa.model_copy(
            update={
                "enabled": True,
                "first_name": aa.first_name or aa.name,  # the caller ID name, until one is set
                "last_name": aa.last_name or "",
                "location_name": record.location.name,
                "toll_free_number": False,
                "routing_prefix": prefix,
                "esn": prefix + aa.extension if prefix and aa.extension else None,
            }
        )


def _schedule_of(aa: AutoAttendant, type_: ScheduleType) -> str | None:
    return aa.business_schedule if type_ == "businessHours" else aa.holiday_schedule


def _require_time_zone(time_zone: str) -> None:
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadRequest(reason=f"unknown timeZone {time_zone!r}") from exc
