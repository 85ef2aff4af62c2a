"""Every condition the sandbox refuses, one class each, carrying its HTTP status and errorCode.

Routes never pick a status: the backend raises one of these and a single handler in `app.py`
renders the Webex error body `{"message", "errors": [{"description", "errorCode"}], "trackingId"}`.
Messages never contain a token or a PIN.
"""

from __future__ import annotations

from typing import Any, ClassVar

from callplan_provider.models.base import ErrorBody, ErrorItem


class SandboxError(Exception):
    status: ClassVar[int] = 400
    error_code: ClassVar[int | None] = 0
    message: ClassVar[str] = "The request is invalid."
    # Telephony errors may also carry a top-level `errorCode` (e.g. 25223 with 8363 inside).
    top_level_code: ClassVar[int | None] = None
    # A refusal that must still be remembered (a wrong activation code counts towards the lock):
    # the request's changes are committed although the reply is an error.
    keeps_changes: ClassVar[bool] = False

    def __init__(self, detail: str | None = None, **fields: object) -> None:
        self.description = detail or self.message.format(**fields)
        super().__init__(self.description)

    def wire_body(self, tracking_id: str) -> Any:
        """The JSON reply: Webex's error body."""
        return ErrorBody(
            message=self.description,
            errors=[ErrorItem(description=self.description, error_code=self.error_code)],
            tracking_id=tracking_id,
            error_code=self.top_level_code,
        ).to_wire()

    def headers(self) -> dict[str, str]:
        """Extra reply headers (e.g. `Retry-After`)."""
        return {}


class BadRequest(SandboxError):
    status = 400
    error_code = 25008
    message = "Invalid request: {reason}"


class Unauthorized(SandboxError):
    status = 401
    error_code = 0
    message = "The request requires a valid access token set in the Authorization request header."


class Forbidden(SandboxError):
    status = 403
    error_code = 0
    message = "The access token does not carry the scope this request needs ({scope})."


class OrgNotAdministered(SandboxError):
    """`orgId` names an organisation the token does not administer (unknown ones alike: no leak)."""

    status = 403
    error_code = 0
    message = "The access token cannot administer organization {org_id}."


class NotFound(SandboxError):
    status = 404
    error_code = 4008
    message = "{kind} not found: {id}"


class Conflict(SandboxError):
    status = 409
    error_code = 25000
    message = "Conflict: {reason}"


# --- sandbox-core: purchase, plan, numbers, extensions, people (codes in brackets are Webex's own;
# --- 254xx are the sandbox's, for conditions Webex documents no code for).


class InvalidActivationCode(SandboxError):
    status = 403
    error_code = 25413
    message = "The activation code is wrong for organization {org_id}; {left} attempt(s) left before a lock."
    keeps_changes = True  # the failed attempt counts


class ActivationLocked(SandboxError):
    status = 423
    error_code = 25417
    message = (
        "Activation of organization {org_id} is locked after {attempts} wrong codes; "
        "try again in {retry_after} seconds."
    )

    def __init__(self, *, org_id: str, attempts: int, retry_after: int) -> None:
        super().__init__(org_id=org_id, attempts=attempts, retry_after=retry_after)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class ControlTokenRequired(SandboxError):
    status = 401
    error_code = 25418
    message = "The sandbox's controls need the control token in the {header} header."


class AlreadyActivated(SandboxError):
    status = 409
    error_code = 25414
    message = "Organization {org_id} is already activated."


class NoCallingPlanInCountry(SandboxError):
    status = 400
    error_code = 25401
    message = "Calling plans are not offered in {country}."


class RecordingNeedsBusiness(SandboxError):
    status = 400
    error_code = 25402
    message = "Call recording needs the BUSINESS tier; this plan is {tier}."


class TollFreeNotSupported(SandboxError):
    status = 400
    error_code = 25403
    message = "Toll-free numbers are not supported in a calling plan: {number}"


class InvalidPhoneNumber(SandboxError):
    status = 400
    error_code = 8362
    message = "[Error 8362] DN is invalid : {number}"


class NumberUnavailable(SandboxError):
    """The number belongs to another organisation (a number belongs to at most one)."""

    status = 400
    error_code = 8361
    message = "[Error 8361] DN is unavailable : {number}"


class NumbersNotAdded(SandboxError):
    """Adding numbers to a location where some cannot join: one entry per refused number.

    The reply is a list, as Webex's: `[{"phoneNumber", "errors": [{"errorCode", "description"}]}]`.
    """

    status = 400
    error_code = None  # each refused number carries its own
    message = "Numbers not added: {reasons}"

    def __init__(self, refused: list[tuple[str, SandboxError]]) -> None:
        super().__init__(reasons="; ".join(error.description for _, error in refused))
        self.refused = refused

    def wire_body(self, tracking_id: str) -> Any:
        return [
            {
                "phoneNumber": number,
                "errors": [ErrorItem(description=e.description, error_code=e.error_code).to_wire()],
            }
            for number, e in self.refused
        ]


class NumberInUse(SandboxError):
    status = 409
    error_code = 8363
    top_level_code = 25223
    message = "[Error 8363] DN is in use : {number}"


class NumberNotInLocation(SandboxError):
    status = 400
    error_code = 25404
    message = "Phone number {number} is not in the inventory of location {location_id}."


class NumberInactive(SandboxError):
    status = 400
    error_code = 25405
    message = "Phone number {number} is not active."


class MainNumberUndeletable(SandboxError):
    status = 409
    error_code = 25406
    message = "Phone number {number} is the main number of its location and cannot be removed."


class NumberAssigned(SandboxError):
    status = 409
    error_code = 25407
    message = "Phone number {number} is assigned to {owner_id} and cannot be removed."


class NumberWrongCountry(SandboxError):
    status = 400
    error_code = 25415
    message = "Phone number {number} is not a number of {country}, the location's country."


class InvalidExtension(SandboxError):
    status = 400
    error_code = 4910
    message = "[Error 4910] Extension {extension} is invalid: {reason}"


class EmergencyExtension(SandboxError):
    status = 400
    error_code = 4911
    message = "[Error 4911] Extension {extension} is an emergency number."


class ExtensionInUse(SandboxError):
    status = 409
    error_code = 9495
    message = "[Error 9495] Extension {extension} is already assigned in location {location_id}."


class InvalidLicenseRequest(SandboxError):
    """A malformed `PATCH /licenses/users` body (Webex's generic 400 code of that operation)."""

    status = 400
    error_code = 400
    message = "Invalid request: {reason}"


class UnknownLocation(SandboxError):
    """A location named inside a body (not in the path) that does not exist."""

    status = 400
    error_code = 400
    message = "Unable to find location: {location_id}"


class LicenseNotRecognized(SandboxError):
    status = 400
    error_code = 400000
    message = "License not recognized: {license_id}"


class CallingPropertiesMissing(SandboxError):
    status = 400
    error_code = 400411
    message = "A calling license needs a locationId and an extension or a phoneNumber."


class NoFreeLicense(SandboxError):
    status = 400
    error_code = 25408
    message = (
        "No calling license is free: all {count} calling licenses of the plan are in use. "
        "Add licenses to the plan, or remove a calling line first."
    )


class EmailInUse(SandboxError):
    status = 409
    error_code = 25409
    message = "A person with the e-mail {email} already exists."


class AccountOwnerUndeletable(SandboxError):
    status = 409
    error_code = 25410
    message = "{email} is the account owner and cannot be deleted."


class LocationCannotChange(SandboxError):
    status = 400
    error_code = 25411
    message = "The location of a calling user cannot be changed ({person_id})."


class CallingLineConflict(SandboxError):
    status = 409
    error_code = 25412
    message = "Person {person_id} already has a calling line with other properties; remove it first."


class NoCallingLine(SandboxError):
    status = 400
    error_code = 25416
    message = "Person {person_id} has no calling line."


class AlternateNumberRefused(SandboxError):
    status = 400
    error_code = 25419
    message = "Alternate number {number} refused: {reason}."


# --- locations, the plan and its licences, invitations (2544x, the sandbox's own codes).


class LocationNameInUse(SandboxError):
    status = 409
    error_code = 25440
    message = "A location named {name!r} already exists in this organization."


class LocationNotEmpty(SandboxError):
    status = 409
    error_code = 25441
    message = (
        "Location {name!r} still has {contents}. Move or remove them first; "
        "its numbers leave only when removed from the inventory."
    )


class LastLocation(SandboxError):
    status = 409
    error_code = 25442
    message = "Location {name!r} is the organization's only location; an organization keeps one."


class LocationCountryCannotChange(SandboxError):
    status = 400
    error_code = 25443
    message = (
        "The country of location {name!r} is {country}; it cannot change (its numbers belong to "
        "that country). Create a new location instead."
    )


class UnknownCountry(SandboxError):
    status = 400
    error_code = 25444
    message = "{country!r} is not a country the sandbox knows. Use one of: {known}."


class AddOnsNotOffered(SandboxError):
    status = 400
    error_code = 25445
    message = "Add-ons are not offered to organizations in {country}; buy the plan without {add_ons}."


class LicenseCountBelowUse(SandboxError):
    status = 409
    error_code = 25446
    message = (
        "{consumed} calling licenses are in use; the plan cannot have {count}. Remove calling lines first."
    )


class UnknownInvitation(SandboxError):
    status = 404
    error_code = 25447
    message = "No invitation {id}."


# --- sandbox-features: schedules (2550x), auto attendants (2551x), port documents and orders (2552x-2553x).
# --- A missing object named in the path is a 404 (`NotFound`); one referenced inside a body is a 400.


class ScheduleNameInUse(SandboxError):
    status = 409
    error_code = 25501
    message = "A {type} schedule named {name!r} already exists in location {location_id}."


class ScheduleInUse(SandboxError):
    status = 409
    error_code = 25502
    message = (
        "Schedule {name!r} is used by auto attendant {auto_attendant!r}; change the auto attendant first."
    )


class InvalidScheduleEvent(SandboxError):
    status = 400
    error_code = 25503
    message = "Schedule event {event!r}: {reason}"


class AutoAttendantNameInUse(SandboxError):
    status = 409
    error_code = 25510
    message = "An auto attendant named {name!r} already exists in location {location_id}."


class AutoAttendantNeedsNumberOrExtension(SandboxError):
    status = 400
    error_code = 25511
    message = "An auto attendant needs a phoneNumber, an extension or both."


class UnknownSchedule(SandboxError):
    status = 400
    error_code = 25512
    message = "No {type} schedule named {name!r} in location {location_id}."


class DuplicateMenuKey(SandboxError):
    status = 400
    error_code = 25513
    message = "Key {key!r} appears more than once in the {menu}."


class TransferNeedsDestination(SandboxError):
    status = 400
    error_code = 25514
    message = "Key {key!r} of the {menu}: {action} needs a value, an E.164 number or an extension."


class UnknownTransferDestination(SandboxError):
    status = 400
    error_code = 25515
    message = "Key {key!r} of the {menu}: {value!r} is neither an E.164 number nor an extension in use here."


class InvalidPortDocument(SandboxError):
    status = 400
    error_code = 25520
    message = "The document is not accepted: {reason}"


class PortDocumentTooLarge(SandboxError):
    status = 400
    error_code = 25521
    message = "The document is {size} bytes; at most {limit} bytes are accepted."


class UnknownPortDocument(SandboxError):
    status = 400
    error_code = 25522
    message = "Port document not found: {id}"


class BillTooOld(SandboxError):
    status = 400
    error_code = 25523
    message = "The bill must be dated within the last 30 days ({oldest} to {today}); it is dated {bill_date}."


class LoaSignerNotAccountOwner(SandboxError):
    status = 400
    error_code = 25524
    message = "Only the account owner of the calling plan may sign the letter of agency."


class InvalidPortPin(SandboxError):
    status = 400
    error_code = 25525
    message = "The losing carrier PIN must be 4 to 10 letters or digits."


class PortNumberInOrganization(SandboxError):
    status = 409
    error_code = 25526
    message = "Phone number {number} is already in this organization; there is nothing to port."


class PortNumberInOpenOrder(SandboxError):
    status = 409
    error_code = 25527
    message = "Phone number {number} is already in open port order {order_id}."


class PortNumbersCannotChange(SandboxError):
    status = 400
    error_code = 25528
    message = "The numbers of a submitted port order cannot change; a new order is needed."


class PortOrderClosed(SandboxError):
    status = 409
    error_code = 25529
    message = "Port order {order_id} is {status}; it can no longer change."


class PortOrderNearFoc(SandboxError):
    status = 409
    error_code = 25530
    message = "Port order {order_id} is within 48 hours of its FOC date {foc_date}; it can no longer change."


class InvalidPortOrder(SandboxError):
    status = 400
    error_code = 25531
    message = "Invalid port order: {reason}"


class TooManyRequests(SandboxError):
    """The rate limit, or an injected 429 storm: Webex's 429 body carries no errorCode."""

    status = 429
    error_code = None
    message = "Too many requests; retry after {retry_after} seconds."


# --- sandbox controls (2559x): failures that a test asked for.


class InjectedFailure(SandboxError):
    """A failure a fault rule asked for (`/_sandbox/faults`); the reply's status comes from the rule."""

    status = 500
    error_code = 25590
    message = "Injected failure ({mode}) of {method} {path}."


class UnknownRoute(SandboxError):
    """A path or method the API does not have (404 / 405 from routing)."""

    status = 404
    error_code = 0
    message = "{method} {path}: {reason}"


class NotAPartner(SandboxError):
    status = 404
    error_code = 25460
    message = "No partner organization {org_id}."


class PartnerOwnOrg(SandboxError):
    status = 400
    error_code = 25461
    message = "Organization {org_id} is the partner's own; a partner administers other organizations."
