"""TODO: routes of the licenses area."""

from fastapi import APIRouter

router = APIRouter()
