"""Wire models of people and their calling line.

- `POST /people` (200), `GET|PUT|DELETE /people/{id}`, `GET /people` (wrapper `items`) → `Person`.
  `extension` and `locationId` appear with `callingData=true`. PUT is a full replace: send
  `Person.to_write_body()`.
- `PATCH /licenses/users` ← `LicenseUsersRequest`: add or remove the calling licence with its
  `properties` {`locationId`, `extension`, `phoneNumber`} → `LicenseUsersResponse`.
- `GET|PUT (204) /people/{id}/features/callRecording` ↔ `CallRecordingSetting`: Webex's call
  recording settings; the plan uses `enabled` and `record` (one of `RECORD_MODES`). A PUT may be
  partial (`to_write_body()`: the fields set, never the server-owned ones); fields left out keep
  their value.
- `GET /people/{id}/features/numbers` → `PersonNumbers`: the primary (direct) number and
  extension, then the alternate numbers with their ring pattern. `PUT
  /telephony/config/people/{id}/numbers` (204) ← `PersonNumbersUpdate`: `ADD` or `DELETE`
  alternate numbers (`primary` is always false: the direct number changes through the person).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel

LicenseOperationName = Literal["add", "remove"]
# Webex's `record` values; the model keeps a plain `str` so a value added later still parses.
RECORD_ALWAYS = "Always"
RECORD_NEVER = "Never"
RECORD_MODES = (
    RECORD_ALWAYS,
    RECORD_NEVER,
    "Always with Pause/Resume",
    "On Demand with User Initiated Start",
)
RECORDING_NOTIFICATIONS = ("None", "Beep", "Play Announcement")
# How an alternate number rings, so the person knows which number was called.
RING_NORMAL = "NORMAL"
RING_PATTERNS = (RING_NORMAL, "LONG_LONG", "SHORT_SHORT_LONG", "SHORT_LONG_SHORT")
NumberAction = Literal["ADD", "DELETE"]


class PersonPhoneNumber(ApiModel):
    type: str
    value: str
    primary: bool | None = None


class Person(ApiModel):
    id: str | None = None
    emails: list[str] = Field(default_factory=list)
    display_name: str | None = None
    nick_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    avatar: str | None = None
    org_id: str | None = None
    phone_numbers: list[PersonPhoneNumber] = Field(default_factory=list)
    extension: str | None = None
    location_id: str | None = None
    licenses: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    department: str | None = None
    title: str | None = None
    timezone: str | None = None
    type: str | None = None
    status: str | None = None
    invite_pending: bool | None = None
    login_enabled: bool | None = None
    created: str | None = None
    last_modified: str | None = None

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None

    @property
    def work_number(self) -> str | None:
        """The direct (work) number: the calling line's phone number."""
        return next((p.value for p in self.phone_numbers if p.type == "work"), None)

    def to_write_body(self) -> dict[str, Any]:
        """The POST/PUT body: server-owned fields left out."""
        return self.to_wire(
            exclude={
                "id",
                "org_id",
                "nick_name",
                "type",
                "status",
                "invite_pending",
                "login_enabled",
                "created",
                "last_modified",
            }
        )


class PersonList(ApiModel):
    items: list[Person] = Field(default_factory=list)
    not_found_ids: list[str] | None = None


class LicenseProperties(ApiModel):
    location_id: str | None = None
    extension: str | None = None
    phone_number: str | None = None


class LicenseOperation(ApiModel):
    id: str
    operation: LicenseOperationName = "add"
    properties: LicenseProperties | None = None


class LicenseUsersRequest(ApiModel):
    """`PATCH /licenses/users`: one of `personId` / `email` names the person."""

    person_id: str | None = None
    email: str | None = None
    org_id: str | None = None
    licenses: list[LicenseOperation] = Field(default_factory=list)


class LicenseUsersResponse(ApiModel):
    person_id: str
    email: str | None = None
    org_id: str | None = None
    licenses: list[str] = Field(default_factory=list)


class RecordingNotification(ApiModel):
    """What the parties hear when recording pauses or resumes."""

    type: str | None = None  # one of RECORDING_NOTIFICATIONS
    enabled: bool | None = None


class RecordingRepeat(ApiModel):
    """A warning tone repeated during a recorded call."""

    interval: int | None = Field(default=None, ge=10, le=1800)
    enabled: bool | None = None


class StartStopAnnouncement(ApiModel):
    internal_calls_enabled: bool | None = None
    pstn_calls_enabled: bool | None = None


class CallRecordingSetting(ApiModel):
    """`/people/{personId}/features/callRecording`: is the line recorded, and when."""

    enabled: bool | None = None
    record: str | None = None
    record_voicemail_enabled: bool | None = None
    notification: RecordingNotification | None = None
    repeat: RecordingRepeat | None = None
    start_stop_announcement: StartStopAnnouncement | None = None
    service_provider: str | None = None
    external_group: str | None = None
    external_identifier: str | None = None

    SERVER_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"service_provider", "external_group", "external_identifier"}
    )

    @property
    def records_calls(self) -> bool:
        """Calls are recorded: recording is enabled with a mode other than `Never`."""
        return bool(self.enabled) and self.record != RECORD_NEVER

    def to_write_body(self) -> dict[str, Any]:
        """The (partial) PUT body: the fields set, without the server-owned ones."""
        return self.to_wire(exclude=set(self.SERVER_FIELDS))


class PersonNumber(ApiModel):
    """One number a person is reached at: the primary one, or an alternate with its ring pattern."""

    primary: bool = False
    direct_number: str | None = None
    extension: str | None = None
    routing_prefix: str | None = None
    esn: str | None = None
    ring_pattern: str | None = None


class PersonNumbers(ApiModel):
    """`GET /people/{personId}/features/numbers`."""

    distinctive_ring_enabled: bool | None = None
    phone_numbers: list[PersonNumber] = Field(default_factory=list)

    @property
    def alternates(self) -> list[str]:
        """The alternate numbers (never the primary one)."""
        return [n.direct_number for n in self.phone_numbers if not n.primary and n.direct_number]


class PersonNumberChange(ApiModel):
    """One item of `PUT /telephony/config/people/{personId}/numbers`: add or remove an alternate."""

    primary: bool = False
    action: NumberAction
    external: str
    extension: str | None = None
    ring_pattern: str | None = None


class PersonNumbersUpdate(ApiModel):
    """`PUT /telephony/config/people/{personId}/numbers` (204)."""

    enable_distinctive_ring_pattern: bool | None = None
    phone_numbers: list[PersonNumberChange]
