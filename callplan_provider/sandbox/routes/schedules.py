"""TODO: routes of the schedules area."""

from fastapi import APIRouter

router = APIRouter()
