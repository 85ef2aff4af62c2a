"""Helpers that build a PhoneMenu's options: what each key does.

    from callplan_provider import PhoneMenu, menu

    PhoneMenu(
        "front-desk",
        name="Front desk",
        extension="200",
        business_hours={"mon": ["09:00-12:00", "13:00-17:00"], "tue": ["09:00-17:00"]},
        business_hours_menu=menu.menu_options(
            {
                "1": menu.transfer_to_user(sales.id, "sales"),
                "2": menu.transfer_to_extension("201", "support"),
                "0": menu.operator("150"),
            }
        ),
        after_hours_menu=menu.menu_options({"1": menu.voicemail("150")}, extension_enabled=False),
    )

Each helper returns a plain dict (a `MenuKeyInput`), so values may be Pulumi outputs.
"""

from callplan_provider.resources.phone_menu import (
    MenuInput,
    MenuKeyInput,
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

__all__ = [
    "MenuInput",
    "MenuKeyInput",
    "dial_by_extension",
    "dial_by_name",
    "exit_menu",
    "menu_options",
    "operator",
    "repeat_menu",
    "transfer_to_extension",
    "transfer_to_number",
    "transfer_to_user",
    "voicemail",
]
