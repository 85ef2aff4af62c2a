"""TODO: routes of the auto attendants area."""

from fastapi import APIRouter

router = APIRouter()
