"""TODO: routes of the port orders area."""

from fastapi import APIRouter

router = APIRouter()
