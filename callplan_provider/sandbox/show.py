"""`callplan sandbox show`: an organisation as a person wants to see it, read through the public API.

The plan (tier, licences, its feature table, add-ons); each location with its emergency service
address (ESA), time zone and where its main number rings, in words; each number with its owner
and the ESA it inherits from its location; people with their extension, direct number, alternate
numbers (the main number, when it rings a person who has their own number), call recording and
whether they have accepted their invitation; phone menus with their business hours, "dial by
extension" and their keys; port orders with status and dates. A heading with nothing under it
is left out.

Works against any endpoint speaking the calling-plan API (the sandbox or a real organisation); an
area whose endpoint is missing (404) is skipped. Any other refusal raises the client's `ApiError`:
the API's message and tracking id, the token scrubbed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import requests

from callplan_provider.client.session import ApiError

TIMEOUT = 30


class ApiReader:
    """Minimal GET-only reader: bearer token, wrapped lists, `Link` pagination."""

    def __init__(self, api_url: str, token: str, session: requests.Session | None = None) -> None:
        self.api_url = api_url.rstrip("/")
        self.http = session or requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self._token = token

    def _checked(self, response: requests.Response) -> requests.Response:
        if response.status_code >= 400:
            raise ApiError.from_response(response, self._token)
        return response

    def get(self, path: str, **params: Any) -> dict[str, Any] | None:
        """The JSON body, or None when the endpoint or object does not exist."""
        response = self.http.get(self.api_url + path, params=params, timeout=TIMEOUT)
        if response.status_code == 404:
            return None
        body: dict[str, Any] = self._checked(response).json()
        return body

    def items(self, path: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
        url: str | None = self.api_url + path
        query: dict[str, Any] | None = params
        while url:
            response = self.http.get(url, params=query, timeout=TIMEOUT)
            if response.status_code == 404:
                return
            yield from self._checked(response).json().get(key, [])
            url = response.links.get("next", {}).get("url")
            query = None  # the next link carries every parameter


def render_org(reader: ApiReader) -> str:
    locations = list(reader.items("/locations", "items"))
    sections = [
        _organization(reader),
        _locations(reader, locations),
        _numbers(reader, {loc["id"]: loc for loc in locations}),
        _people(reader),
        _menus(reader),
        _port_orders(reader),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


def _section(title: str, lines: list[str]) -> list[str]:
    """The heading with its lines, or nothing when there are none."""
    return [title, *lines] if lines else []


def _organization(reader: ApiReader) -> list[str]:
    lines = []
    for org in reader.items("/organizations", "items"):
        plan = org.get("callingPlan") or {}
        lines.append(f"Organization  {org.get('displayName')}  ({org.get('id')})")
        if plan:
            lines.append(
                f"  plan {plan.get('tier')} in {plan.get('country')}, owner {plan.get('accountOwnerEmail')}"
            )
            features = plan.get("features") or []
            included = [f["description"] for f in features if f.get("included")]
            excluded = [f["description"] for f in features if not f.get("included")]
            if included:
                lines.append(f"  includes: {', '.join(included)}")
            if excluded:
                lines.append(f"  not in this plan: {', '.join(excluded)}")
            if plan.get("addOns"):
                lines.append(f"  add-ons: {', '.join(plan['addOns'])}")
    for lic in reader.items("/licenses", "items"):
        lines.append(
            f"  licenses: {lic.get('consumedUnits')} of {lic.get('totalUnits')} used ({lic.get('name')})"
        )
    return lines


def address_text(address: dict[str, Any] | None) -> str:
    """`100 Main Street, Suite 2, San Jose, CA 95134, US`."""
    if not address:
        return "(no address)"
    region = " ".join(p for p in (address.get("state"), address.get("postalCode")) if p)
    parts = (
        address.get("address1"),
        address.get("address2"),
        address.get("city"),
        region,
        address.get("country"),
    )
    return ", ".join(p for p in parts if p)


def _locations(reader: ApiReader, locations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for loc in locations:
        calling = reader.get(f"/telephony/config/locations/{loc['id']}") or {}
        main = (calling.get("callingLineId") or {}).get("phoneNumber")
        lines.append(f"  {loc.get('name')}  (id {loc['id']})")
        lines.append(f"    emergency address (ESA): {address_text(loc.get('address'))}")
        languages = loc.get("announcementLanguage") or calling.get("announcementLanguage")
        lines.append(
            f"    time zone {loc.get('timeZone')}" + (f", announcements in {languages}" if languages else "")
        )
        lines.append(f"    {_main_number_route(reader, main)}")
    return _section("Locations", lines)


def _main_number_route(reader: ApiReader, main: str | None) -> str:
    """Where the main number rings, in words."""
    if not main:
        return "no main number"
    rows = list(reader.items("/telephony/config/numbers", "phoneNumbers", phoneNumber=main))
    owner = rows[0].get("owner") if rows else None
    if not owner:
        return f"main number {main} rings nobody yet (route it with MainNumber)"
    name = _owner_name(owner)
    if owner.get("type") == "AUTO_ATTENDANT":
        return f"main number {main} rings the phone menu {name!r}"
    extension = f", extension {rows[0]['extension']}" if rows[0].get("extension") else ""
    return f"main number {main} rings {name}{extension}"


def _owner_name(owner: dict[str, Any]) -> str:
    parts = (owner.get("firstName"), owner.get("lastName"))
    return " ".join(p for p in parts if p) or owner.get("displayName") or owner.get("id", "?")


def _owner_text(owner: dict[str, Any] | None) -> str:
    if not owner:
        return "unassigned"
    kind = {"PEOPLE": "person", "AUTO_ATTENDANT": "phone menu"}.get(owner.get("type", ""), owner.get("type"))
    return f"{_owner_name(owner)} ({kind})"


def _numbers(reader: ApiReader, locations: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for row in reader.items("/telephony/config/numbers", "phoneNumbers"):
        number = row.get("phoneNumber") or "(extension only)"
        ext = f"ext {row['extension']}" if row.get("extension") else ""
        main = "main" if row.get("mainNumber") else ""
        lines.append(f"  {number:<18} {ext:<12} {main:<5} {_owner_text(row.get('owner'))}")
        location = locations.get((row.get("location") or {}).get("id", ""))
        if row.get("phoneNumber") and location is not None:
            lines.append(f"    ESA ({location.get('name')}): {address_text(location.get('address'))}")
    return _section("Numbers", lines)


def _people(reader: ApiReader) -> list[str]:
    lines, pending = [], []
    for person in reader.items("/people", "items", callingData="true"):
        email = (person.get("emails") or ["?"])[0]
        work = next((p["value"] for p in person.get("phoneNumbers", []) if p.get("type") == "work"), "")
        ext = f"ext {person['extension']}" if person.get("extension") else "no calling line"
        recording = alternates = ""
        if person.get("locationId"):
            setting = reader.get(f"/people/{person['id']}/features/callRecording") or {}
            recording = "records calls" if setting.get("enabled") else ""
            alternates = _alternate_numbers(reader, person["id"])
        invited = "(has not accepted the invitation yet)" if person.get("invitePending") else ""
        if person.get("invitePending"):
            pending.append(email)
        details = "  ".join(p for p in (ext, work, alternates, recording, invited) if p)
        lines.append(f"  {person.get('displayName')} <{email}>  {details}")
    if pending:
        lines.append(f"  not accepted yet: {', '.join(pending)}")
    return _section("People", lines)


def _alternate_numbers(reader: ApiReader, person_id: str) -> str:
    """The person's alternate numbers, e.g. "also rings on +1... (alternate, ring LONG_LONG)"."""
    numbers = (reader.get(f"/people/{person_id}/features/numbers", preferE164Format="true") or {}).get(
        "phoneNumbers", []
    )
    alternates = [
        f"{n['directNumber']} (alternate, ring {n.get('ringPattern') or 'NORMAL'})"
        for n in numbers
        if not n.get("primary") and n.get("directNumber")
    ]
    return f"also rings on {', '.join(alternates)}" if alternates else ""


def _menus(reader: ApiReader) -> list[str]:
    lines = []
    for item in reader.items("/telephony/config/autoAttendants", "autoAttendants"):
        path = f"/telephony/config/locations/{item.get('locationId')}/autoAttendants/{item['id']}"
        menu = reader.get(path) or item
        reach = " ".join(
            p
            for p in (menu.get("phoneNumber"), f"ext {menu['extension']}" if menu.get("extension") else "")
            if p
        )
        lines.append(f"  {menu.get('name')}  {reach}".rstrip())
        hours = _business_hours(reader, item.get("locationId"), menu.get("businessSchedule"))
        if hours:
            lines.append(f"    business hours ({menu.get('timeZone') or 'location time'}): {hours}")
        for label, key in (("business hours", "businessHoursMenu"), ("after hours", "afterHoursMenu")):
            options = menu.get(key) or {}
            keys = options.get("keyConfigurations") or []
            dialing = ", dial by extension" if options.get("extensionEnabled") else ""
            if keys or dialing:
                lines.append(f"    {label}{dialing}:")
                lines.extend(_key_line(k) for k in keys)
    return _section("Phone menus", lines)


def _business_hours(reader: ApiReader, location_id: str | None, schedule_name: str | None) -> str:
    """`mon 09:00-12:00, 13:00-17:00; tue ...` from the menu's business-hours schedule."""
    from callplan_provider.models.schedules import ScheduleEvent
    from callplan_provider.resources.business_hours import events_to_hours

    if not (location_id and schedule_name):
        return ""
    path = f"/telephony/config/locations/{location_id}/schedules"
    found = [
        s for s in reader.items(path, "schedules", type="businessHours") if s.get("name") == schedule_name
    ]
    if not found:
        return ""
    schedule = reader.get(f"{path}/businessHours/{found[0]['id']}") or {}
    hours = events_to_hours([ScheduleEvent.model_validate(e) for e in schedule.get("events", [])])
    return "; ".join(f"{day} {', '.join(ranges)}" for day, ranges in hours.items()) or "closed"


def _key_line(key: dict[str, Any]) -> str:
    """`1  sales  -> TRANSFER_WITHOUT_PROMPT 201`: what the key is for, then what it does."""
    target = f"{key.get('action')} {key.get('value') or ''}".rstrip()
    description = f"{key['description']}  -> " if key.get("description") else ""
    return f"      {key.get('key')}  {description}{target}"


def _port_orders(reader: ApiReader) -> list[str]:
    lines = []
    for order in reader.items("/telephony/config/portOrders", "portOrders"):
        numbers = ", ".join(n.get("phoneNumber", "?") for n in order.get("numbers", [])) or ", ".join(
            order.get("phoneNumbers", [])
        )
        estimate = order.get("estimatedCompletion") or {}
        dates = [
            f"submitted {order['submittedAt']}" if order.get("submittedAt") else "",
            f"expected {estimate.get('earliest')} to {estimate.get('latest')}" if estimate else "",
            f"FOC {order['focDate']}" if order.get("focDate") else "",
            f"completed {order['completedAt']}" if order.get("completedAt") else "",
        ]
        lines.append(f"  {order.get('status')}  {numbers}")
        lines.append("    " + "; ".join(d for d in dates if d))
        for detail in order.get("statusDetails") or []:
            lines.append(f"    ! {detail.get('code')}: {detail.get('description')}")
    return _section("Port orders", lines)
