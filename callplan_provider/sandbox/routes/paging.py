"""Paging of every list endpoint: `max` and `start` in, an RFC 5988 `Link` header out.

    @router.get("/things")
    async def list_things(request: Request, response: Response, page: Page = Depends(page_params)):
        items = paginate(request, response, backend.list_things(), page, default_max=100)

`paginate` slices the list and, when more items follow, sets `Link: <url>;rel="next"` (the form
Webex telephony endpoints emit; clients accept it with or without a space) where `url` is the
request's own URL, every other query parameter kept, with `start` and `max` moved on. A `max`
above the endpoint's cap is silently capped, as Webex does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Query, Request, Response

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    max: int | None
    start: int


def page_params(
    max: Annotated[int | None, Query(ge=1, description="Page size.")] = None,
    start: Annotated[int, Query(ge=0, description="Offset of the first item.")] = 0,
) -> Page:
    """FastAPI dependency: the paging parameters of a list request."""
    return Page(max=max, start=start)


def paginate(
    request: Request,
    response: Response,
    items: Sequence[T],
    page: Page,
    *,
    default_max: int,
    max_cap: int | None = None,
) -> list[T]:
    """One page of `items`, with the `Link` header of the next page set on `response`."""
    size = page.max or default_max
    if max_cap is not None:
        size = min(size, max_cap)
    end = page.start + size
    if end < len(items):
        next_url = request.url.include_query_params(start=end, max=size)
        response.headers["Link"] = f'<{next_url}>;rel="next"'
    return list(items[page.start : end])
