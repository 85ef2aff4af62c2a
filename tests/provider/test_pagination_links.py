"""Pagination links are followed only on the configured endpoint's scheme, host and port.

A stub API answers the first page with a `Link: rel="next"` chosen by the test; a second stub on
another port records whatever reaches it, so "no request sent" is observed, not assumed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from callplan_provider.client.session import ApiError, RestSession

TOKEN = "SECRET-TOKEN-FOR-PAGES"


class StubApi:
    """A loopback HTTP server answering GETs from `pages` (path with query → (items, next link))."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[list[dict[str, Any]], str | None]] = {}
        self.seen: list[tuple[str, str | None]] = []  # (path with query, Authorization header)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub.seen.append((self.path, self.headers.get("Authorization")))
                items, link = stub.pages.get(self.path, ([], None))
                body = json.dumps({"items": items}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if link:
                    self.send_header("Link", f'<{link}>; rel="next"')
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> StubApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api() -> Iterator[StubApi]:
    with StubApi() as stub:
        yield stub


@pytest.fixture
def elsewhere() -> Iterator[StubApi]:
    with StubApi() as stub:
        yield stub


def session_for(stub: StubApi) -> RestSession:
    return RestSession(stub.origin + "/v1", TOKEN)


def items(session: RestSession) -> list[dict[str, Any]]:
    return list(session.follow_pagination(session.url("people"), item_key="items"))


def test_follow_pagination_follows_a_link_on_the_endpoint(api: StubApi) -> None:
    api.pages["/v1/people"] = ([{"id": "a"}], f"{api.origin}/v1/people?start=1")
    api.pages["/v1/people?start=1"] = ([{"id": "b"}], None)
    assert items(session_for(api)) == [{"id": "a"}, {"id": "b"}]


def test_follow_pagination_resolves_a_relative_link_against_the_endpoint(api: StubApi) -> None:
    api.pages["/v1/people"] = ([{"id": "a"}], "/v1/people?start=1")
    api.pages["/v1/people?start=1"] = ([{"id": "b"}], None)
    assert items(session_for(api)) == [{"id": "a"}, {"id": "b"}]


def test_follow_pagination_refuses_a_link_to_another_port(api: StubApi, elsewhere: StubApi) -> None:
    link = f"{elsewhere.origin}/v1/people?start=1"
    api.pages["/v1/people"] = ([{"id": "a"}], link)
    with pytest.raises(ApiError) as refused:
        items(session_for(api))
    assert link in str(refused.value)
    assert api.origin in str(refused.value)
    assert elsewhere.seen == []  # no request, so no token, reached the other server
    assert TOKEN not in str(refused.value)


@pytest.mark.parametrize(
    "link",
    [
        "https://127.0.0.1:{port}/v1/people?start=1",  # another scheme
        "http://localhost:{port}/v1/people?start=1",  # another host name, even for the same machine
        "http://attacker.example/v1/people?start=1",
        "//attacker.example/v1/people?start=1",  # scheme-relative: another host
    ],
    ids=["scheme", "host-name", "foreign-host", "scheme-relative"],
)
def test_follow_pagination_refuses_a_link_off_the_endpoint(api: StubApi, link: str) -> None:
    port = api.server.server_address[1]
    api.pages["/v1/people"] = ([{"id": "a"}], link.format(port=port))
    with pytest.raises(ApiError, match="refused to follow"):
        items(session_for(api))
    assert [path for path, _ in api.seen] == ["/v1/people"]


def test_a_refused_link_is_not_an_unknown_outcome(api: StubApi, elsewhere: StubApi) -> None:
    api.pages["/v1/people"] = ([{"id": "a"}], f"{elsewhere.origin}/v1/people?start=1")
    with pytest.raises(ApiError) as refused:
        items(session_for(api))
    assert not refused.value.is_outcome_unknown
    assert not refused.value.is_transient


# --- a partner's orgId ------------------------------------------------------------------------------


def test_org_id_goes_with_every_page_and_once(api: StubApi) -> None:
    api.pages["/v1/people?max=1&orgId=C1"] = ([{"id": "a"}], f"{api.origin}/v1/people?max=1&start=1&orgId=C1")
    api.pages["/v1/people?max=1&start=1&orgId=C1"] = ([{"id": "b"}], f"{api.origin}/v1/people?start=2")
    api.pages["/v1/people?start=2&orgId=C1"] = ([{"id": "c"}], None)
    session = RestSession(api.origin + "/v1", TOKEN, org_id="C1")

    found = list(session.follow_pagination(session.url("people"), params={"max": 1}, item_key="items"))

    assert [i["id"] for i in found] == ["a", "b", "c"]
    assert [path for path, _ in api.seen] == [
        "/v1/people?max=1&orgId=C1",
        "/v1/people?max=1&start=1&orgId=C1",  # the link's own orgId, not a second one
        "/v1/people?start=2&orgId=C1",  # a link without it gets it
    ]


def test_without_org_id_nothing_is_added(api: StubApi) -> None:
    api.pages["/v1/people"] = ([{"id": "a"}], None)

    assert [i["id"] for i in items(session_for(api))] == ["a"]
    assert [path for path, _ in api.seen] == ["/v1/people"]
