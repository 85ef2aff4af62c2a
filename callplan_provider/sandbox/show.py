"""`callplan sandbox show`: an organisation as a person wants to see it, read through the public API.

Numbers and who they ring, people with their extensions, phone menus with their keys, port
orders with status and dates. Works against any endpoint speaking the calling-plan API (the
sandbox or a real organisation); an area whose endpoint is missing (404) is skipped. Any other
refusal raises the client's `ApiError`: the API's message and tracking id, the token scrubbed.
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
    lines: list[str] = []
    lines += _organization(reader)
    lines += _locations(reader)
    lines += _numbers(reader)
    lines += _people(reader)
    lines += _menus(reader)
    lines += _port_orders(reader)
    return "\n".join(lines) + "\n"


def _organization(reader: ApiReader) -> list[str]:
    orgs = list(reader.items("/organizations", "items"))
    lines = []
    for org in orgs:
        plan = org.get("callingPlan") or {}
        lines.append(f"Organization  {org.get('displayName')}  ({org.get('id')})")
        if plan:
            lines.append(
                f"  plan {plan.get('tier')} in {plan.get('country')}, owner {plan.get('accountOwnerEmail')}"
            )
    for lic in reader.items("/licenses", "items"):
        lines.append(
            f"  licenses: {lic.get('consumedUnits')} of {lic.get('totalUnits')} used ({lic.get('name')})"
        )
    return lines


def _locations(reader: ApiReader) -> list[str]:
    lines = ["", "Locations"]
    for loc in reader.items("/telephony/config/locations", "locations"):
        detail = reader.get(f"/telephony/config/locations/{loc['id']}") or loc
        main = (detail.get("callingLineId") or {}).get("phoneNumber") or "(no main number)"
        lines.append(f"  {loc.get('name')}  main number {main}  id {loc['id']}")
    return lines


def _owner_text(owner: dict[str, Any] | None) -> str:
    if not owner:
        return "unassigned"
    name = " ".join(p for p in (owner.get("firstName"), owner.get("lastName")) if p) or owner.get("id", "?")
    kind = {"PEOPLE": "person", "AUTO_ATTENDANT": "phone menu"}.get(owner.get("type", ""), owner.get("type"))
    return f"{name} ({kind})"


def _numbers(reader: ApiReader) -> list[str]:
    lines = ["", "Numbers"]
    for row in reader.items("/telephony/config/numbers", "phoneNumbers"):
        number = row.get("phoneNumber") or "(extension only)"
        ext = f"ext {row['extension']}" if row.get("extension") else ""
        main = "main" if row.get("mainNumber") else ""
        lines.append(f"  {number:<18} {ext:<12} {main:<5} {_owner_text(row.get('owner'))}")
    return lines


def _people(reader: ApiReader) -> list[str]:
    lines = ["", "People"]
    for person in reader.items("/people", "items", callingData="true"):
        email = (person.get("emails") or ["?"])[0]
        work = next((p["value"] for p in person.get("phoneNumbers", []) if p.get("type") == "work"), "")
        ext = f"ext {person['extension']}" if person.get("extension") else "no calling line"
        invited = "  (invitation pending)" if person.get("invitePending") else ""
        lines.append(f"  {person.get('displayName')} <{email}>  {ext}  {work}{invited}".rstrip())
    return lines


def _menus(reader: ApiReader) -> list[str]:
    lines = ["", "Phone menus"]
    for item in reader.items("/telephony/config/autoAttendants", "autoAttendants"):
        path = f"/telephony/config/locations/{item.get('locationId')}/autoAttendants/{item['id']}"
        menu = reader.get(path) or item
        reach = " ".join(
            p
            for p in (menu.get("phoneNumber"), f"ext {menu['extension']}" if menu.get("extension") else "")
            if p
        )
        lines.append(f"  {menu.get('name')}  {reach}")
        for label, key in (("business hours", "businessHoursMenu"), ("after hours", "afterHoursMenu")):
            keys = (menu.get(key) or {}).get("keyConfigurations") or []
            if keys:
                lines.append(f"    {label}:")
                lines.extend(_key_line(k) for k in keys)
    return lines


def _key_line(key: dict[str, Any]) -> str:
    """`1  sales  -> TRANSFER_WITHOUT_PROMPT 201`: what the key is for, then what it does."""
    target = f"{key.get('action')} {key.get('value') or ''}".rstrip()
    description = f"{key['description']}  -> " if key.get("description") else ""
    return f"      {key.get('key')}  {description}{target}"


def _port_orders(reader: ApiReader) -> list[str]:
    lines = ["", "Port orders"]
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
    return lines
