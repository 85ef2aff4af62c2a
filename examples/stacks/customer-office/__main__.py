"""One customer organisation of a partner: two people with their lines and a reception menu.

A partner administers several customers' organisations with one token: each customer is one stack
of this project, whose provider config names the customer with `callplan:orgId` (sent as the
`orgId` query parameter of every call) and shares the partner's `callplan:token`. Every stack sees
only its own organisation: the same e-mail address or extension in two customers' stacks are two
people.

Stack config, with defaults:

    people          per-person fields, by handle (ann, ben): email, firstName, lastName, extension,
                    phoneNumber (a direct number from the location's inventory)
                    `pulumi config set --path people.ben.extension 212`
    emailDomain     domain of the default e-mail addresses               (example.com)
    menuName        the reception menu's name                            (Reception)
    menuExtension   the menu's own extension                             (200)
    timeZone        the office's time zone                               (America/New_York)

The connection (`callplan:endpoint`, `callplan:token`, `callplan:orgId`, `callplan:locationId`)
is the provider's config: see the README.
"""

from __future__ import annotations

from typing import Any

import pulumi

import callplan_provider as cp

config = pulumi.Config()

PEOPLE: dict[str, dict[str, Any]] = {
    "ann": {"firstName": "Ann", "lastName": "Lee", "extension": "201"},
    "ben": {"firstName": "Ben", "lastName": "Ortiz", "extension": "202"},
}
BUSINESS_HOURS = {day: ["08:30-17:30"] for day in ("mon", "tue", "wed", "thu", "fri")}


def declared_people() -> dict[str, dict[str, Any]]:
    overrides = config.get_object("people") or {}
    unknown = sorted(set(overrides) - set(PEOPLE))
    if unknown:
        raise ValueError(f"config `people` names unknown people {unknown}; known: {sorted(PEOPLE)}")
    domain = config.get("emailDomain") or "example.com"
    return {
        handle: {"email": f"{handle}@{domain}", **person, **overrides.get(handle, {})}
        for handle, person in PEOPLE.items()
    }


people = declared_people()
users: dict[str, cp.User] = {}
lines: dict[str, cp.Extension] = {}
for handle, person in people.items():
    users[handle] = cp.User(
        handle, email=person["email"], first_name=person["firstName"], last_name=person["lastName"]
    )
    lines[handle] = cp.Extension(
        f"{handle}-line",
        user_id=users[handle].id,
        extension=str(person["extension"]),
        phone_number=person.get("phoneNumber"),
    )

reception = cp.PhoneMenu(
    "reception",
    name=config.get("menuName") or "Reception",
    extension=config.get("menuExtension") or "200",
    time_zone=config.get("timeZone") or "America/New_York",
    business_hours=BUSINESS_HOURS,
    business_hours_menu={
        "extension_enabled": True,
        "keys": {
            "1": cp.transfer_to_user(users["ann"].id, "Ann"),
            "2": cp.transfer_to_user(users["ben"].id, "Ben"),
            "0": cp.operator(str(people["ann"]["extension"]), "reception"),
        },
    },
    after_hours_menu={"keys": {"1": cp.voicemail(str(people["ann"]["extension"]), "a message")}},
    opts=pulumi.ResourceOptions(depends_on=list(lines.values())),
)

pulumi.export("org_id", pulumi.Config("callplan").get("orgId"))
pulumi.export("user_ids", {handle: user.id for handle, user in users.items()})
pulumi.export("direct_numbers", {handle: line.phone_number for handle, line in lines.items()})
pulumi.export("menu_id", reception.id)
pulumi.export("caller_hears", reception.caller_hears)
