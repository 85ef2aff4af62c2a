"""What the scale benchmark declares: the Pulumi program and the direct script both follow this."""

from __future__ import annotations

from dataclasses import dataclass

BUSINESS_HOURS = {day: ["09:00-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


@dataclass(frozen=True)
class PersonPlan:
    handle: str
    email: str
    first_name: str
    last_name: str
    extension: str


@dataclass(frozen=True)
class MenuPlan:
    handle: str
    name: str
    extension: str
    sales: int  # index of the person "press 1" rings
    support: int  # and "press 2" (also the operator)


@dataclass(frozen=True)
class WorkloadPlan:
    people: list[PersonPlan]
    menus: list[MenuPlan]

    @property
    def resources(self) -> int:
        """Users and Extensions, PhoneMenus, and the MainNumber."""
        return 2 * len(self.people) + len(self.menus) + 1


def workload_plan(people: int, menus: int) -> WorkloadPlan:
    persons = [
        PersonPlan(f"p{i}", f"p{i}@bench.example.com", "Person", f"No{i}", str(10000 + i))
        for i in range(people)
    ]
    menu_plans = [
        MenuPlan(f"menu{j}", f"Menu {j}", str(9000 + j), j % people, (j + 1) % people) for j in range(menus)
    ]
    return WorkloadPlan(persons, menu_plans)
