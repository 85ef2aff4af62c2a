"""What the sandbox holds, read over its public HTTP API the way any Webex client would.

The end-to-end tests judge the engine's work by this view, never by exit codes alone. `snapshot()`
is a comparable picture of everything a stack can touch (people, calling lines, numbers and their
owners, the main number, menus and their schedules, port orders).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import requests

Json = dict[str, Any]


class SandboxView:
    def __init__(self, api_url: str, token: str, location_id: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.location_id = location_id
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    # --- plumbing -------------------------------------------------------------------------------

    def get(self, path: str, params: dict[str, Any] | None = None) -> Json:
        reply = self.http.get(f"{self.api_url}{path}", params=params, timeout=10)
        reply.raise_for_status()
        body: Json = reply.json()
        return body

    def pages(self, path: str, wrapper: str, params: dict[str, Any] | None = None) -> Iterator[Json]:
        reply = self.http.get(f"{self.api_url}{path}", params=params, timeout=10)
        while True:
            reply.raise_for_status()
            yield from reply.json().get(wrapper, [])
            following = reply.links.get("next", {}).get("url")
            if not following:
                return
            reply = self.http.get(following, timeout=10)

    def send(
        self, method: str, path: str, body: Json | None = None, params: dict[str, Any] | None = None
    ) -> Any:
        reply = self.http.request(method, f"{self.api_url}{path}", json=body, params=params, timeout=10)
        reply.raise_for_status()
        return reply.json() if reply.content else None

    # --- people and lines -----------------------------------------------------------------------

    def people(self) -> list[Json]:
        return list(self.pages("/people", "items", {"callingData": "true", "max": 100}))

    def person_by_email(self, email: str) -> Json | None:
        found = list(self.pages("/people", "items", {"email": email, "callingData": "true"}))
        return found[0] if found else None

    def people_by_email(self) -> dict[str, Json]:
        return {p["emails"][0]: p for p in self.people()}

    # --- numbers and the main number ------------------------------------------------------------

    def numbers(self) -> list[Json]:
        return list(self.pages("/telephony/config/numbers", "phoneNumbers", {"locationId": self.location_id}))

    def number(self, phone_number: str) -> Json | None:
        rows = [n for n in self.numbers() if n.get("phoneNumber") == phone_number]
        return rows[0] if rows else None

    def main_number(self) -> str | None:
        calling = self.get(f"/telephony/config/locations/{self.location_id}")
        number: str | None = (calling.get("callingLineId") or {}).get("phoneNumber")
        return number

    # --- menus ----------------------------------------------------------------------------------

    def menus(self) -> list[Json]:
        """Every auto attendant of the location, in full (keys included)."""
        rows = self.pages(
            "/telephony/config/autoAttendants", "autoAttendants", {"locationId": self.location_id}
        )
        return [self.menu(row["id"]) for row in rows]

    def menu(self, menu_id: str) -> Json:
        return self.get(f"/telephony/config/locations/{self.location_id}/autoAttendants/{menu_id}")

    def menu_keys(self, menu: Json, which: str = "businessHoursMenu") -> dict[str, Json]:
        return {k["key"]: k for k in menu[which].get("keyConfigurations", [])}

    def schedules(self) -> list[Json]:
        return list(self.pages(f"/telephony/config/locations/{self.location_id}/schedules", "schedules"))

    # --- port orders ----------------------------------------------------------------------------

    def port_orders(self) -> list[Json]:
        return list(self.pages("/telephony/config/portOrders", "portOrders"))

    def port_order(self, order_id: str) -> Json:
        return self.get(f"/telephony/config/portOrders/{order_id}")

    # --- everything -----------------------------------------------------------------------------

    def snapshot(self) -> Json:
        """A comparable picture of everything a stack can change."""
        return {
            "people": sorted(self.people(), key=lambda p: p["id"]),
            "numbers": sorted(
                self.numbers(), key=lambda n: (n.get("phoneNumber") or "", n.get("extension") or "")
            ),
            "main_number": self.main_number(),
            "menus": sorted(self.menus(), key=lambda m: m["id"]),
            "schedules": sorted(self.schedules(), key=lambda s: s["id"]),
            "port_orders": sorted(self.port_orders(), key=lambda o: o["id"]),
        }

    # --- writes made "by hand", outside any stack -----------------------------------------------

    def create_person(self, email: str, first_name: str, last_name: str) -> Json:
        body = {
            "emails": [email],
            "firstName": first_name,
            "lastName": last_name,
            "displayName": f"{first_name} {last_name}",
        }
        person: Json = self.send("POST", "/people", body)
        return person

    def rename_person(self, person_id: str, first_name: str) -> None:
        """Change a person's first name the way an admin would in the portal (a full-replace PUT)."""
        person = self.get(f"/people/{person_id}")
        writable = {
            k: v for k, v in person.items() if k not in ("id", "created", "lastModified", "invitePending")
        }
        self.send("PUT", f"/people/{person_id}", {**writable, "firstName": first_name})

    def repoint_menu_key(self, menu_id: str, key: str, value: str) -> None:
        """Send a business-hours key somewhere else, as an admin would in the portal."""
        menu = self.menu(menu_id)["businessHoursMenu"]
        for option in menu["keyConfigurations"]:
            if option["key"] == key:
                option["value"] = value
        self.send(
            "PUT",
            f"/telephony/config/locations/{self.location_id}/autoAttendants/{menu_id}",
            {"businessHoursMenu": menu},
        )
