"""TODO: routes of the numbers area."""

from fastapi import APIRouter

router = APIRouter()
