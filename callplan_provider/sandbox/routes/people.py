"""TODO: routes of the people area."""

from fastapi import APIRouter

router = APIRouter()
