"""TODO: routes of the locations area."""

from fastapi import APIRouter

router = APIRouter()
