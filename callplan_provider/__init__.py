"""callplan-provider: a small business's cloud calling plan as code, with Pulumi.

    from callplan_provider import Extension, MainNumber, User, route_to_user

    ann = User("ann", email="ann@example.com", first_name="Ann", last_name="Lee")
    line = Extension("ann-line", user_id=ann.id, extension="201")
    MainNumber("main", **route_to_user(line))   # the line, so the number waits for it

The resources and helper constructors are imported lazily (PEP 562), so that
`import callplan_provider.sandbox` does not pull in Pulumi.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callplan_provider.menu import (
        dial_by_extension,
        dial_by_name,
        exit_menu,
        menu_options,
        operator,
        repeat_menu,
        transfer_to_extension,
        transfer_to_number,
        transfer_to_user,
        voicemail,
    )
    from callplan_provider.resources.extension import Extension, ExtensionArgs
    from callplan_provider.resources.location import Location, LocationArgs
    from callplan_provider.resources.main_number import (
        MainNumber,
        MainNumberArgs,
        route_to_extension,
        route_to_menu,
        route_to_user,
    )
    from callplan_provider.resources.phone_menu import PhoneMenu, PhoneMenuArgs
    from callplan_provider.resources.port_order import PortOrder, PortOrderArgs
    from callplan_provider.resources.user import User, UserArgs

_EXPORTS: dict[str, str] = {
    "Location": "location",
    "LocationArgs": "location",
    "User": "user",
    "UserArgs": "user",
    "Extension": "extension",
    "ExtensionArgs": "extension",
    "MainNumber": "main_number",
    "MainNumberArgs": "main_number",
    "route_to_user": "main_number",
    "route_to_extension": "main_number",
    "route_to_menu": "main_number",
    "PhoneMenu": "phone_menu",
    "PhoneMenuArgs": "phone_menu",
    "menu_options": "menu",
    "transfer_to_user": "menu",
    "transfer_to_extension": "menu",
    "transfer_to_number": "menu",
    "operator": "menu",
    "voicemail": "menu",
    "dial_by_extension": "menu",
    "dial_by_name": "menu",
    "repeat_menu": "menu",
    "exit_menu": "menu",
    "PortOrder": "port_order",
    "PortOrderArgs": "port_order",
}

__all__ = [
    "Extension",
    "ExtensionArgs",
    "Location",
    "LocationArgs",
    "MainNumber",
    "MainNumberArgs",
    "PhoneMenu",
    "PhoneMenuArgs",
    "PortOrder",
    "PortOrderArgs",
    "User",
    "UserArgs",
    "dial_by_extension",
    "dial_by_name",
    "exit_menu",
    "menu_options",
    "operator",
    "repeat_menu",
    "route_to_extension",
    "route_to_menu",
    "route_to_user",
    "transfer_to_extension",
    "transfer_to_number",
    "transfer_to_user",
    "voicemail",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    path = "callplan_provider.menu" if module == "menu" else f"callplan_provider.resources.{module}"
    value = getattr(import_module(path), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
