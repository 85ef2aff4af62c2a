"""People and their calling line.

- `create_person`: e-mail required and unique in the org, at least one name; the invitation is
  sent to the sandbox's mailbox (`invitePending: true`, `status: pending`) until the person
  accepts it (`accept_invitation`: active). The account owner gets no invitation: activating the
  plan makes them active (`activate_account_owner`). Giving the calling licence with `locationId`
  and an extension or work number creates the calling line in the same call.
- The calling line = the calling licence + location + extension + optional direct (work) number.
  Added or removed by `PATCH /licenses/users` (`apply_license_operations`), changed by
  `PUT /people/{id}?callingData=true`. No free licence → 400; extension or number held by
  another object → 409. The location of a calling user cannot change.
- `PUT` is a full replace of the profile; `DELETE` frees the line, licence, extension and number.
  The account owner cannot be deleted.
- Call recording (`GET|PUT /people/{id}/features/callRecording`) is a setting of the calling
  line: a person without one → 400 (`NoCallingLine`), an unknown person → 404. It starts
  disabled with `record` "Always" and every option off; enabling it needs the BUSINESS tier
  (400, `RecordingNeedsBusiness`); `record` must be one of Webex's modes and a notification one
  of its types (400). The PUT is partial, also inside `notification`, `repeat` and
  `startStopAnnouncement`; the recording provider's identifiers are the service's (read-only).
  Removing the line forgets the setting, so a new line starts disabled again.
- Alternate numbers (`GET /people/{id}/features/numbers`, `PUT
  /telephony/config/people/{id}/numbers`): other numbers of the person's location that ring
  them, each with a ring pattern (`RING_PATTERNS`), at most `MAX_ALTERNATE_NUMBERS`. The
  person owns them in the inventory like their direct number (one owner at a time: 409 when
  someone else has it); the direct number stays primary (`primary: true` is refused here).
  A PUT is applied whole or not at all; deleting a number the person does not have changes
  nothing. The GET lists North American numbers as ten digits unless `preferE164Format=true`
  (Webex's legacy format). Removing the line releases them; a number that becomes the direct number stops
  being an alternate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

from pydantic import BaseModel

from callplan_provider.models.people import (
    RECORD_ALWAYS,
    RECORD_MODES,
    RECORDING_NOTIFICATIONS,
    RING_NORMAL,
    RING_PATTERNS,
    CallRecordingSetting,
    LicenseOperation,
    LicenseProperties,
    LicenseUsersRequest,
    LicenseUsersResponse,
    Person,
    PersonNumber,
    PersonNumberChange,
    PersonNumbers,
    PersonNumbersUpdate,
    PersonPhoneNumber,
    RecordingNotification,
    RecordingRepeat,
    StartStopAnnouncement,
)
from callplan_provider.sandbox.backend.base import BackendBase, Docs
from callplan_provider.sandbox.backend.records import KIND_PERSON, AlternateNumber, PersonRecord, whole
from callplan_provider.sandbox.errors import (
    AccountOwnerUndeletable,
    AlternateNumberRefused,
    BadRequest,
    CallingLineConflict,
    CallingPropertiesMissing,
    EmailInUse,
    InvalidLicenseRequest,
    LicenseNotRecognized,
    LocationCannotChange,
    NoCallingLine,
    NoFreeLicense,
    NotFound,
    NumberNotInLocation,
    SandboxError,
    UnknownLocation,
)
from callplan_provider.sandbox.ids import iso_z, webex_id

M = TypeVar("M", bound=BaseModel)
MAX_ALTERNATE_NUMBERS = 10
OWNER_TYPE = "PEOPLE"
KIND_CALL_RECORDING = "call_recording"  # a person's CallRecordingSetting, stored under the person id
FULL_ADMIN_ROLE = webex_id("ROLE", "id_full_admin")
_PROFILE_FIELDS = (
    "display_name",
    "first_name",
    "last_name",
    "avatar",
    "department",
    "title",
    "timezone",
    "roles",
)


class PeopleArea(BackendBase):
    # --- reading ---------------------------------------------------------------------------

    def person_record(self, person_id: str) -> PersonRecord:
        return self.docs.require(PersonRecord, KIND_PERSON, person_id, label="person")

    def get_person(self, person_id: str, *, calling_data: bool = False) -> Person:
        return _shown(self.person_record(person_id).person, calling_data)

    def list_people(
        self,
        *,
        email: str | None = None,
        display_name: str | None = None,
        ids: list[str] | None = None,
        location_id: str | None = None,
        calling_data: bool = False,
    ) -> Sequence[Person]:
        if not (email or display_name or ids or location_id):
            return _EveryPerson(self.docs, calling_data)
        if email:
            people = [r.person for r in self.docs.find(PersonRecord, KIND_PERSON, "email", email.lower())]
        else:
            people = [r.person for r in self.docs.list(PersonRecord, KIND_PERSON)]
        if display_name:
            people = [p for p in people if (p.display_name or "").lower().startswith(display_name.lower())]
        if ids:
            people = [p for p in people if p.id in ids]
        if location_id:
            people = [p for p in people if p.location_id == location_id]
        return [_shown(p, calling_data) for p in people]

    def find_person_by_email(self, email: str) -> PersonRecord | None:
        return next(iter(self.docs.find(PersonRecord, KIND_PERSON, "email", email.lower())), None)

    # --- writing ---------------------------------------------------------------------------

    def create_person(
        self, body: Person, *, calling_data: bool = False, account_owner: bool = False
    ) -> Person:
        email = self._require_identity(body)
        if self.find_person_by_email(email) is not None:
            raise EmailInUse(email=email)
        now = iso_z(self.now())
        person = Person(
            id=webex_id("PEOPLE"),
            emails=[email, *body.emails[1:]],
            org_id=self.org_id,
            phone_numbers=[p for p in body.phone_numbers if p.type != "work"],
            invite_pending=True,
            login_enabled=True,
            type="person",
            status="pending",
            created=now,
            last_modified=now,
            **_profile(body),
        )
        if person.display_name is None:
            person.display_name = " ".join(n for n in (body.first_name, body.last_name) if n) or email
        record = PersonRecord(person=person, account_owner=account_owner)
        self._save(record)
        if not account_owner:
            assert person.id is not None
            whole(self).mail_invitation(email, person.id, whole(self).org_record().display_name)
        line = _line_of(body)
        if self._wanted_licenses(body.licenses):
            self._add_line(record, line)
        elif line.extension or line.phone_number:
            raise CallingPropertiesMissing(
                "An extension or work number needs the calling license in `licenses`."
            )
        return _shown(record.person, calling_data)

    def update_person(self, person_id: str, body: Person, *, calling_data: bool = False) -> Person:
        """Full replace of the profile; the calling line changes only with `callingData=true`."""
        record = self.person_record(person_id)
        email = self._require_identity(body, updating=True)
        other = self.find_person_by_email(email)
        if other is not None and other.person.id != person_id:
            raise EmailInUse(email=email)
        person = record.person
        person.emails = [email, *body.emails[1:]]
        for field, value in _profile(body).items():
            setattr(person, field, value)
        work = [p for p in person.phone_numbers if p.type == "work"]
        person.phone_numbers = work + [
            p for p in body.phone_numbers if p.type not in ("work", "work_extension")
        ]
        if calling_data:
            self._change_line_from_put(record, body)
        person.last_modified = iso_z(self.now())
        self._save(record)
        return _shown(record.person, calling_data)

    def delete_person(self, person_id: str) -> None:
        record = self.person_record(person_id)
        if record.account_owner:
            raise AccountOwnerUndeletable(email=record.person.email)
        if whole(self).calling_license_id() in record.person.licenses:
            self._remove_line(record)
        self.docs.delete(KIND_CALL_RECORDING, person_id)
        self.docs.delete(KIND_PERSON, person_id)

    def accept_invitation(self, person_id: str) -> Person:
        """The person followed the invitation's link: active from now on (again: no change)."""
        return self._make_active(self.person_record(person_id))

    def activate_account_owner(self) -> Person:
        """The buyer entered the activation code: the account owner is active."""
        owner = next(r for r in self.docs.list(PersonRecord, KIND_PERSON) if r.account_owner)
        return self._make_active(owner)

    def _make_active(self, record: PersonRecord) -> Person:
        person = record.person
        if person.invite_pending or person.status != "active":
            person.invite_pending = False
            person.status = "active"
            person.last_modified = iso_z(self.now())
            self._save(record)
        return person

    def create_account_owner(self, *, email: str, first_name: str, last_name: str) -> Person:
        body = Person(emails=[email], first_name=first_name, last_name=last_name, roles=[FULL_ADMIN_ROLE])
        return self.create_person(body, account_owner=True)

    # --- GET|PUT /people/{id}/features/callRecording ---------------------------------------

    def get_call_recording(self, person_id: str) -> CallRecordingSetting:
        self._require_calling_line(person_id)
        return self._call_recording(person_id).model_copy(update=self._recording_provider(person_id))

    def update_call_recording(self, person_id: str, change: CallRecordingSetting) -> None:
        """Partial update: fields left out keep their value; enabling needs the BUSINESS tier."""
        self._require_calling_line(person_id)
        if change.record is not None and change.record not in RECORD_MODES:
            raise BadRequest(reason=f"record must be one of {', '.join(map(repr, RECORD_MODES))}")
        notification = change.notification.type if change.notification else None
        if notification is not None and notification not in RECORDING_NOTIFICATIONS:
            names = ", ".join(map(repr, RECORDING_NOTIFICATIONS))
            raise BadRequest(reason=f"notification.type must be one of {names}")
        wanted = _merged(self._call_recording(person_id), change, ignore=CallRecordingSetting.SERVER_FIELDS)
        if wanted.enabled:
            whole(self).require_recording_allowed()
        self.docs.put(KIND_CALL_RECORDING, person_id, wanted)

    def _require_calling_line(self, person_id: str) -> PersonRecord:
        """The person's record; 400 when they have no calling line."""
        license_id = whole(self).calling_license_id()
        record = self.person_record(person_id)
        if license_id not in record.person.licenses:
            raise NoCallingLine(person_id=person_id)
        return record

    def _call_recording(self, person_id: str) -> CallRecordingSetting:
        initial = CallRecordingSetting(
            enabled=False,
            record=RECORD_ALWAYS,
            record_voicemail_enabled=False,
            notification=RecordingNotification(type="None", enabled=False),
            repeat=RecordingRepeat(interval=15, enabled=False),
            start_stop_announcement=StartStopAnnouncement(
                internal_calls_enabled=False, pstn_calls_enabled=False
            ),
        )
        stored = self.docs.get(CallRecordingSetting, KIND_CALL_RECORDING, person_id)
        return _merged(initial, stored) if stored else initial

    def _recording_provider(self, person_id: str) -> dict[str, str]:
        """The recording provider's identifiers of the line (derived, read-only)."""
        group = f"SBX{self.org_id[-8:]}"
        return {
            "service_provider": group,
            "external_group": f"{group}L1",
            "external_identifier": f"{person_id[-12:]}@{group.lower()}.calling.sandbox.example.com",
        }

    # --- GET /people/{id}/features/numbers, PUT /telephony/config/people/{id}/numbers -------

    def get_person_numbers(self, person_id: str, prefer_e164: bool = False) -> PersonNumbers:
        """The person's numbers; without `prefer_e164`, in Webex's legacy format (`legacy_format`)."""
        record = self._require_calling_line(person_id)
        person = record.person
        prefix = whole(self).location_record(person.location_id or "").calling.routing_prefix
        esn = f"{prefix}{person.extension}" if prefix and person.extension else person.extension
        spell = (lambda number: number) if prefer_e164 else legacy_format
        primary = PersonNumber(
            primary=True,
            direct_number=spell(person.work_number) if person.work_number else None,
            extension=person.extension,
            routing_prefix=prefix,
            esn=esn,
        )
        alternates = [
            PersonNumber(primary=False, direct_number=spell(a.phone_number), ring_pattern=a.ring_pattern)
            for a in record.alternate_numbers
        ]
        return PersonNumbers(
            distinctive_ring_enabled=record.distinctive_ring, phone_numbers=[primary, *alternates]
        )

    def update_person_numbers(self, person_id: str, update: PersonNumbersUpdate) -> None:
        """Add or remove alternate numbers: every change is checked before any is made."""
        record = self._require_calling_line(person_id)
        wanted = {a.phone_number: a for a in record.alternate_numbers}
        for change in update.phone_numbers:
            number = self._checked_alternate(record, change)
            if change.action == "DELETE":
                wanted.pop(number, None)
            else:
                wanted[number] = AlternateNumber(
                    phone_number=number, ring_pattern=change.ring_pattern or RING_NORMAL
                )
        if len(wanted) > MAX_ALTERNATE_NUMBERS:
            raise AlternateNumberRefused(
                number=", ".join(wanted),
                reason=f"a person has at most {MAX_ALTERNATE_NUMBERS} alternate numbers",
            )
        self._reassign_alternates(record, list(wanted.values()))
        if update.enable_distinctive_ring_pattern is not None:
            record.distinctive_ring = update.enable_distinctive_ring_pattern
        record.person.last_modified = iso_z(self.now())
        self._save(record)

    def _checked_alternate(self, record: PersonRecord, change: PersonNumberChange) -> str:
        person = record.person
        number = whole(self).require_plan_number(change.external)
        if change.primary:
            raise AlternateNumberRefused(
                number=number, reason="the primary number changes with the person's calling line, not here"
            )
        if change.ring_pattern is not None and change.ring_pattern not in RING_PATTERNS:
            raise BadRequest(reason=f"ringPattern must be one of {', '.join(RING_PATTERNS)}")
        if change.action == "ADD" and number == person.work_number:
            raise AlternateNumberRefused(number=number, reason="it is the person's own direct number")
        if change.action == "ADD" and whole(self).number_record(number) is None:
            raise NumberNotInLocation(number=number, location_id=person.location_id)
        return number

    def _reassign_alternates(self, record: PersonRecord, wanted: list[AlternateNumber]) -> None:
        """Take the added numbers (409 when someone else holds one, nothing taken), release the removed."""
        person = record.person
        assert person.id is not None and person.location_id is not None
        numbers = whole(self)
        current = {a.phone_number for a in record.alternate_numbers}
        added = [a.phone_number for a in wanted if a.phone_number not in current]
        taken: list[str] = []
        try:
            for number in added:
                numbers.assign_number(number, person.location_id, person.id, OWNER_TYPE)
                taken.append(number)
        except SandboxError:
            for number in taken:
                numbers.unassign_number(number, person.id)
            raise
        for number in current - {a.phone_number for a in wanted}:
            numbers.unassign_number(number, person.id)
        record.alternate_numbers = wanted

    # --- PATCH /licenses/users -------------------------------------------------------------

    def apply_license_operations(self, request: LicenseUsersRequest) -> LicenseUsersResponse:
        record = self._license_target(request)
        for operation in request.licenses:
            self._apply_license(record, operation)
        person = record.person
        assert person.id is not None
        return LicenseUsersResponse(
            person_id=person.id, email=person.email, org_id=self.org_id, licenses=person.licenses
        )

    def _license_target(self, request: LicenseUsersRequest) -> PersonRecord:
        if request.person_id:
            return self.person_record(request.person_id)
        if request.email:
            found = self.find_person_by_email(request.email)
            if found is None:
                raise NotFound(kind="person", id=request.email)
            return found
        raise InvalidLicenseRequest(reason="personId or email is required")

    def _apply_license(self, record: PersonRecord, operation: LicenseOperation) -> None:
        if operation.id != whole(self).calling_license_id():
            raise LicenseNotRecognized(license_id=operation.id)
        if operation.operation == "remove":
            if operation.id in record.person.licenses:
                self._remove_line(record)
            return
        self._add_line(record, operation.properties or LicenseProperties())

    # --- the calling line ------------------------------------------------------------------

    def _add_line(self, record: PersonRecord, line: LicenseProperties) -> None:
        person = record.person
        assert person.id is not None
        numbers = whole(self)
        phone = numbers.require_plan_number(line.phone_number) if line.phone_number else None
        location_id = line.location_id or self._location_of_number(phone)
        if location_id is None or not (line.extension or phone):
            raise CallingPropertiesMissing()
        if not numbers.has_location(location_id):
            raise UnknownLocation(location_id=location_id)
        license_id = whole(self).calling_license_id()
        if license_id in person.licenses:
            if (person.location_id, person.extension, person.work_number) == (
                location_id,
                line.extension,
                phone,
            ):
                return
            raise CallingLineConflict(person_id=person.id)
        if whole(self).consumed_licenses() >= whole(self).org_record().license_count:
            raise NoFreeLicense(count=whole(self).org_record().license_count)
        if line.extension:
            numbers.claim_extension(location_id, line.extension, person.id, OWNER_TYPE)
        if phone:
            numbers.assign_number(phone, location_id, person.id, OWNER_TYPE)
        person.licenses = [*person.licenses, license_id]
        person.location_id = location_id
        person.extension = line.extension
        _set_work_number(person, phone)
        person.last_modified = iso_z(self.now())
        self._save(record)

    def _remove_line(self, record: PersonRecord) -> None:
        person = record.person
        assert person.id is not None
        numbers = whole(self)
        if person.location_id and person.extension:
            numbers.release_extension(person.location_id, person.extension, person.id)
        if person.work_number:
            numbers.unassign_number(person.work_number, person.id)
        for alternate in record.alternate_numbers:
            numbers.unassign_number(alternate.phone_number, person.id)
        record.alternate_numbers = []
        license_id = whole(self).calling_license_id()
        person.licenses = [lic for lic in person.licenses if lic != license_id]
        self.docs.delete(KIND_CALL_RECORDING, person.id)
        person.location_id = person.extension = None
        _set_work_number(person, None)
        person.last_modified = iso_z(self.now())
        self._save(record)

    def _change_line_from_put(self, record: PersonRecord, body: Person) -> None:
        person = record.person
        assert person.id is not None
        line = _line_of(body)
        wants_line = self._wanted_licenses(body.licenses) or bool(line.extension or line.phone_number)
        if whole(self).calling_license_id() not in person.licenses:
            if wants_line:
                self._add_line(record, line)
            return
        if not wants_line:
            self._remove_line(record)
            return
        if line.location_id and line.location_id != person.location_id:
            raise LocationCannotChange(person_id=person.id)
        if not (line.extension or line.phone_number):
            raise CallingPropertiesMissing()
        location_id = person.location_id
        assert location_id is not None
        self._change_extension(person, location_id, line.extension)
        self._change_number(person, location_id, line.phone_number)
        record.alternate_numbers = [
            a for a in record.alternate_numbers if a.phone_number != person.work_number
        ]

    def _change_extension(self, person: Person, location_id: str, extension: str | None) -> None:
        assert person.id is not None
        if extension == person.extension:
            return
        numbers = whole(self)
        if extension:
            numbers.claim_extension(location_id, extension, person.id, OWNER_TYPE)
        if person.extension:
            numbers.release_extension(location_id, person.extension, person.id)
        person.extension = extension

    def _change_number(self, person: Person, location_id: str, phone_number: str | None) -> None:
        assert person.id is not None
        numbers = whole(self)
        phone = numbers.require_plan_number(phone_number) if phone_number else None
        if phone == person.work_number:
            return
        if phone:
            numbers.assign_number(phone, location_id, person.id, OWNER_TYPE)
        if person.work_number:
            numbers.unassign_number(person.work_number, person.id)
        _set_work_number(person, phone)

    # --- helpers ---------------------------------------------------------------------------

    def _wanted_licenses(self, licenses: list[str]) -> bool:
        """Whether the calling licence is among `licenses`; any other licence id is refused."""
        calling = whole(self).calling_license_id()
        for license_id in licenses:
            if license_id != calling:
                raise LicenseNotRecognized(license_id=license_id)
        return calling in licenses

    def _location_of_number(self, phone: str | None) -> str | None:
        if phone is None:
            return None
        record = whole(self).number_record(phone)
        return record.location_id if record else None

    def _require_identity(self, body: Person, *, updating: bool = False) -> str:
        if not body.emails or not body.emails[0].strip() or "@" not in body.emails[0]:
            raise BadRequest(reason="emails must hold at least one e-mail address")
        if updating and not body.display_name:
            raise BadRequest(reason="displayName is required")
        if not (body.display_name or body.first_name or body.last_name):
            raise BadRequest(reason="one of displayName, firstName or lastName is required")
        return body.emails[0].strip()

    def _save(self, record: PersonRecord) -> None:
        assert record.person.id is not None
        self.docs.put(KIND_PERSON, record.person.id, record)


def _merged(current: M, change: M, *, ignore: frozenset[str] = frozenset()) -> M:
    """`current` with the fields set in `change` (nested models merged the same way)."""
    updates: dict[str, object] = {}
    for field in change.model_fields_set - ignore:
        value, old = getattr(change, field), getattr(current, field)
        if value is None:
            continue
        both_models = isinstance(value, BaseModel) and isinstance(old, BaseModel)
        updates[field] = _merged(old, value) if both_models else value
    return current.model_copy(update=updates)


def _profile(body: Person) -> dict[str, object]:
    return {field: getattr(body, field) for field in _PROFILE_FIELDS}


def _line_of(body: Person) -> LicenseProperties:
    return LicenseProperties(
        location_id=body.location_id, extension=body.extension, phone_number=body.work_number
    )


def _set_work_number(person: Person, phone: str | None) -> None:
    others = [p for p in person.phone_numbers if p.type != "work"]
    person.phone_numbers = (
        [PersonPhoneNumber(type="work", value=phone, primary=True)] if phone else []
    ) + others


def _shown(person: Person, calling_data: bool) -> Person:
    """The person as the API shows them: calling fields only with `callingData=true`."""
    if calling_data:
        return person
    return person.model_copy(update={"extension": None, "location_id": None})


class _EveryPerson(Sequence[Person]):
    """Every person of the organisation, oldest first, read from the store a page at a time."""

    def __init__(self, docs: Docs, calling_data: bool) -> None:
        self._docs = docs
        self._calling_data = calling_data

    def __len__(self) -> int:
        return self._docs.count(KIND_PERSON)

    @overload
    def __getitem__(self, index: int) -> Person: ...

    @overload
    def __getitem__(self, index: slice) -> list[Person]: ...

    def __getitem__(self, index: int | slice) -> Person | list[Person]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        records = self._docs.page(PersonRecord, KIND_PERSON, start, max(stop - start, 0))
        return [_shown(r.person, self._calling_data) for r in records]


def legacy_format(number: str) -> str:
    """How Webex lists a person's number unless E.164 is asked for: a North American number as
    its ten digits (`2143456789`), any other in E.164."""
    return number[2:] if number.startswith("+1") and len(number) == 12 else number
