"""From nothing to a working organisation: buy a plan and activate it, over HTTP.

    org = create_activated_org(server.url, licenses=5, numbers=["+14155550101"])
    requests.get(org.api_url + "/people", headers=org.auth_headers())

Talks only to `/_sandbox/` (so it works against a sandbox started elsewhere, e.g. by
`callplan sandbox serve`), sending `control_token` in the `X-Sandbox-Control-Token` header when
the sandbox was started with one. Used by the test fixtures, `callplan sandbox init` and the demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

DEFAULT_TIMEOUT = 30
CONTROL_TOKEN_HEADER = "X-Sandbox-Control-Token"


def control_headers(control_token: str | None) -> dict[str, str]:
    """The headers a request to `/_sandbox/` carries (none on a sandbox without a control token)."""
    return {CONTROL_TOKEN_HEADER: control_token} if control_token else {}


class BootstrapError(RuntimeError):
    """The sandbox refused to create or activate the organisation."""


@dataclass
class OrgHandle:
    base_url: str
    org_id: str
    admin_token: str
    read_token: str
    location_id: str
    owner_email: str
    owner_id: str
    activation_code: str
    numbers: list[str] = field(default_factory=list)
    main_number: str | None = None
    country: str = "US"
    tier: str = "BUSINESS"
    licenses: int = 10
    control_token: str | None = field(default=None, repr=False)

    @property
    def api_url(self) -> str:
        return self.base_url.rstrip("/") + "/v1"

    def auth_headers(self, *, read_only: bool = False) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.read_token if read_only else self.admin_token}"}

    def control_headers(self) -> dict[str, str]:
        """Headers for the sandbox's controls (`/_sandbox/...`)."""
        return control_headers(self.control_token)

    def session(self, *, read_only: bool = False) -> requests.Session:
        """A `requests.Session` carrying this org's admin (or read-only) token."""
        session = requests.Session()
        session.headers.update(self.auth_headers(read_only=read_only))
        return session

    def env(self) -> dict[str, str]:
        """The provider's settings for this org, as environment variables."""
        return {
            "CALLPLAN_ENDPOINT": self.api_url,
            "CALLPLAN_TOKEN": self.admin_token,
            "CALLPLAN_LOCATION_ID": self.location_id,
        }


def create_activated_org(
    base_url: str,
    *,
    country: str = "US",
    tier: str = "BUSINESS",
    licenses: int = 10,
    numbers: list[str] | None = None,
    owner_email: str = "owner@example.com",
    owner_first_name: str = "Account",
    owner_last_name: str = "Owner",
    display_name: str = "Sandbox Org",
    location_name: str = "Main Office",
    time_zone: str | None = None,
    address: dict[str, Any] | None = None,
    add_ons: list[str] | None = None,
    session: requests.Session | None = None,
    control_token: str | None = None,
) -> OrgHandle:
    """Buy a calling plan on the sandbox at `base_url` and activate it with its code."""
    http = session or requests.Session()
    headers = control_headers(control_token)
    admin = base_url.rstrip("/") + "/_sandbox"
    purchase_body: dict[str, Any] = {
        "country": country,
        "tier": tier,
        "licenses": licenses,
        "numbers": numbers or [],
        "ownerEmail": owner_email,
        "ownerFirstName": owner_first_name,
        "ownerLastName": owner_last_name,
        "displayName": display_name,
        "locationName": location_name,
    }
    if time_zone:
        purchase_body["timeZone"] = time_zone
    if address:
        purchase_body["address"] = address
    if add_ons:
        purchase_body["addOns"] = add_ons
    purchase = _post(http, f"{admin}/orgs", purchase_body, headers)
    activation = _post(
        http,
        f"{admin}/orgs/{purchase['orgId']}/activate",
        {"activationCode": purchase["activationCode"]},
        headers,
    )
    return OrgHandle(
        base_url=base_url.rstrip("/"),
        org_id=purchase["orgId"],
        admin_token=activation["accessToken"],
        read_token=activation["readOnlyToken"],
        location_id=purchase["locationId"],
        owner_email=purchase["ownerEmail"],
        owner_id=purchase["ownerId"],
        activation_code=purchase["activationCode"],
        numbers=list(purchase["numbers"]),
        main_number=purchase.get("mainNumber"),
        country=country,
        tier=tier,
        licenses=licenses,
        control_token=control_token,
    )


@dataclass
class PartnerHandle:
    """A partner organisation's administrator: one token for several customer organisations."""

    base_url: str
    org_id: str
    admin_token: str = field(repr=False)
    org_ids: list[str] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return self.base_url.rstrip("/") + "/v1"

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}


def create_partner(
    base_url: str,
    org_ids: list[str],
    *,
    display_name: str = "Sandbox Partner",
    owner_email: str = "partner-admin@example.com",
    control_token: str | None = None,
) -> PartnerHandle:
    """A partner organisation on the sandbox at `base_url` that administers the orgs `org_ids`."""
    body = {"displayName": display_name, "ownerEmail": owner_email, "orgIds": org_ids}
    made = _post(
        requests.Session(), base_url.rstrip("/") + "/_sandbox/partners", body, control_headers(control_token)
    )
    return PartnerHandle(base_url.rstrip("/"), made["orgId"], made["accessToken"], list(made["orgIds"]))


def _post(http: requests.Session, url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    response = http.post(url, json=body, headers=headers, timeout=DEFAULT_TIMEOUT)
    if response.status_code >= 400:
        raise BootstrapError(f"{url} answered {response.status_code}: {_refusal(response)}")
    result: dict[str, Any] = response.json()
    return result


def _refusal(response: requests.Response) -> str:
    """The error body's message; a per-item list body (numbers refused one by one) joined."""
    try:
        body = response.json()
    except ValueError:
        return response.text
    if isinstance(body, list):
        return "; ".join(str(error.get("description")) for item in body for error in item.get("errors", []))
    return str(body.get("message", response.text)) if isinstance(body, dict) else response.text
