"""A small office's calling plan: a main number that rings a phone menu, four people.

Callers to the main number hear the menu: 1 for sales, 2 for support, 0 for the operator, or the
extension of the person they want. After hours they can leave sales a message. Alice and Bob also
have direct numbers.

Everything that differs between organisations comes from stack config (`pulumi config set`), with
defaults that match the numbers `make demo` seeds the sandbox with:

    mainNumber      the location's main number                     (+14155550100)
    emailDomain     domain of the people's e-mail addresses        (example.com)
    salesUser       who gets "press 1 for sales"                   (alice)
    supportUser     who gets "press 2 for support"                 (bob)
    salesKey        the key for sales                              (1)
    supportKey      the key for support                            (2)
    operatorUser    who answers "press 0"                          (carol)
    routeMainTo     where the main number rings: "menu", a person  (menu)
                    ("alice"), or an extension ("203")
    menuExtension   the menu's own extension                       (200)
    timeZone        the office's time zone                         (America/Los_Angeles)
    protectMainNumber  whether the main number is protected        (true: `pulumi destroy`
                    refuses to remove it; set false and `pulumi up` first)
    users           per-person overrides, e.g.
                    `pulumi config set --path users.bob.lastName Diaz-Ruiz`
                    `pulumi config set --path users.carol.extension 213`
                    `pulumi config set --path users.dave.adopt true` (take over an existing person)

The connection (`callplan:endpoint`, `callplan:token`, `callplan:locationId`) is the provider's
config: see the README.
"""

from __future__ import annotations

from typing import Any

import pulumi

import callplan_provider as cp

config = pulumi.Config()

# Handle -> the person as declared; `users` in the stack config overrides any field.
PEOPLE: dict[str, dict[str, Any]] = {
    "alice": {"firstName": "Alice", "lastName": "Ng", "extension": "201", "phoneNumber": "+14155550101"},
    "bob": {"firstName": "Bob", "lastName": "Diaz", "extension": "202", "phoneNumber": "+14155550102"},
    "carol": {"firstName": "Carol", "lastName": "Smith", "extension": "203"},
    "dave": {"firstName": "Dave", "lastName": "Kim", "extension": "204"},
}
BUSINESS_HOURS = {day: ["09:00-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def declared_people() -> dict[str, dict[str, Any]]:
    overrides = config.get_object("users") or {}
    unknown = sorted(set(overrides) - set(PEOPLE))
    if unknown:
        raise ValueError(f"config `users` names unknown people {unknown}; known: {sorted(PEOPLE)}")
    domain = config.get("emailDomain") or "example.com"
    people = {}
    for handle, person in PEOPLE.items():
        merged = {"email": f"{handle}@{domain}", **person, **overrides.get(handle, {})}
        merged["adopt"] = str(merged.get("adopt", False)).lower() == "true"
        people[handle] = merged
    return people


def person_of(role: str, default: str) -> str:
    handle = config.get(role) or default
    if handle not in PEOPLE:
        raise ValueError(f"config `{role}` is {handle!r}; choose one of {sorted(PEOPLE)}")
    return handle


people = declared_people()
users: dict[str, cp.User] = {}
lines: dict[str, cp.Extension] = {}
for handle, person in people.items():
    users[handle] = cp.User(
        handle,
        email=person["email"],
        first_name=person["firstName"],
        last_name=person["lastName"],
        adopt=person["adopt"],
    )
    lines[handle] = cp.Extension(
        f"{handle}-line",
        user_id=users[handle].id,
        extension=str(person["extension"]),
        phone_number=person.get("phoneNumber"),
    )

sales = person_of("salesUser", "alice")
support = person_of("supportUser", "bob")
operator = person_of("operatorUser", "carol")


def extension_of(handle: str) -> str:
    return str(people[handle]["extension"])


phone_menu = cp.PhoneMenu(
    "main-menu",
    name="Main menu",
    extension=config.get("menuExtension") or "200",
    time_zone=config.get("timeZone") or "America/Los_Angeles",
    business_hours=BUSINESS_HOURS,
    business_hours_menu={
        "extension_enabled": True,  # "if you know the extension of the person you are calling..."
        # The list form (rather than {"1": ...}) lets the provider refuse a key chosen twice in
        # config instead of one silently replacing the other.
        "keys": [
            {"key": config.get("salesKey") or "1", **cp.transfer_to_user(users[sales].id, "sales")},
            {"key": config.get("supportKey") or "2", **cp.transfer_to_user(users[support].id, "support")},
            {"key": "0", **cp.operator(extension_of(operator), "the operator")},
        ],
    },
    after_hours_menu={
        "extension_enabled": True,
        "keys": {
            "1": cp.voicemail(extension_of(sales), "a message for sales"),
            "9": cp.repeat_menu("this menu again"),
        },
    },
    # Keys that name a person resolve to their extension when applied: create the menu once the
    # lines exist.
    opts=pulumi.ResourceOptions(depends_on=list(lines.values())),
)


def main_number_route() -> dict[str, Any]:
    target = config.get("routeMainTo") or "menu"
    if target == "menu":
        return cp.route_to_menu(phone_menu)
    if target in users:
        return cp.route_to_user(users[target])
    if target.isdigit():
        return cp.route_to_extension(target)
    raise ValueError(
        f"config `routeMainTo` is {target!r}: use 'menu', a person {sorted(PEOPLE)} or an extension"
    )


main_number = cp.MainNumber(
    "main-number",
    phone_number=config.get("mainNumber") or "+14155550100",
    **main_number_route(),
    # Protected: removing it from the program fails instead of unrouting the business's number
    # (the policy pack's `main-number-protected` requires it).
    opts=pulumi.ResourceOptions(
        protect=config.get_bool("protectMainNumber") is not False,
        depends_on=[phone_menu, *lines.values()],
    ),
)

pulumi.export("main_number", main_number.phone_number)
pulumi.export("menu_id", phone_menu.id)
pulumi.export("menu_caller_hears", phone_menu.caller_hears)
pulumi.export("user_ids", {handle: user.id for handle, user in users.items()})
pulumi.export("extensions", {handle: line.extension for handle, line in lines.items()})
pulumi.export(
    "direct_numbers",
    {handle: lines[handle].phone_number for handle, p in people.items() if p.get("phoneNumber")},
)
