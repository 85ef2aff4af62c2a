"""TODO: routes of the organizations area."""

from fastapi import APIRouter

router = APIRouter()
