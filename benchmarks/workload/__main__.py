"""The scale benchmark's stack (`make bench`): `people` people with their lines, `menus` phone
menus and the main number ringing the first menu. `benchmarks/scale.py` makes the same writes
directly (`plan.py` is the one description both follow)."""

from __future__ import annotations

import pulumi
from plan import BUSINESS_HOURS, workload_plan

import callplan_provider as cp

config = pulumi.Config()
plan = workload_plan(config.require_int("people"), config.require_int("menus"))

lines = []
for person in plan.people:
    user = cp.User(
        person.handle, email=person.email, first_name=person.first_name, last_name=person.last_name
    )
    lines.append(cp.Extension(f"{person.handle}-line", user_id=user.id, extension=person.extension))

menus = []
for menu in plan.menus:
    sales, support = lines[menu.sales], lines[menu.support]
    menus.append(
        cp.PhoneMenu(
            menu.handle,
            name=menu.name,
            extension=menu.extension,
            business_hours=BUSINESS_HOURS,
            business_hours_menu={
                "extension_enabled": True,
                "keys": {
                    "1": cp.transfer_to_extension(sales.extension, "sales"),
                    "2": cp.transfer_to_extension(support.extension, "support"),
                    "0": cp.operator(support.extension, "the operator"),
                },
            },
        )
    )

cp.MainNumber("main", phone_number=config.require("mainNumber"), **cp.route_to_menu(menus[0]))
