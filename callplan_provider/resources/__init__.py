"""The Pulumi resource kinds and the reconciler they share.

`KINDS` names every kind and its module (`callplan_provider.resources.<module>` holds `<Kind>`,
`<Kind>Args` and `<Kind>Provider`); `provider_classes()` imports them. Schemas, the ownership
test and the docs iterate over this registry.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callplan_provider.resources.base import Reconciler

KINDS: dict[str, str] = {
    "Location": "location",
    "User": "user",
    "Extension": "extension",
    "MainNumber": "main_number",
    "PhoneMenu": "phone_menu",
    "PortOrder": "port_order",
}


def provider_classes() -> dict[str, type[Reconciler[Any]]]:
    """Kind name → provider class, for every kind."""
    return {
        kind: getattr(import_module(f"{__name__}.{module}"), f"{kind}Provider")
        for kind, module in KINDS.items()
    }
