"""Thin FastAPI routes, one module per API area: parse, call the backend, shape the reply."""

from fastapi import APIRouter

from callplan_provider.sandbox.routes import (
    admin,
    admin_partners,
    admin_plan,
    admin_ports,
    auto_attendants,
    licenses,
    locations,
    numbers,
    organizations,
    people,
    port_orders,
    schedules,
)

API_ROUTERS: list[APIRouter] = [
    organizations.router,
    licenses.router,
    locations.router,
    numbers.router,
    people.router,
    schedules.router,
    auto_attendants.router,
    port_orders.router,
]
ADMIN_ROUTERS: list[APIRouter] = [admin.router, admin_ports.router, admin_plan.router, admin_partners.router]
