"""The session's pieces that need no server: retry decisions, Link parsing, errors, params."""

from __future__ import annotations

import http.client
import socket
import time
from types import SimpleNamespace

import pytest
import requests
import urllib3.util.retry
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, ProtocolError

from callplan_provider.client.session import (
    ApiChild,
    ApiError,
    RestSession,
    _query,
    retry_policy,
    why_no_reply,
)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST", "PATCH"])
def test_retry_429_for_every_method(method: str) -> None:
    assert retry_policy().is_retry(method, 429, has_retry_after=True)


@pytest.mark.parametrize("status", [502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_retry_gateway_errors_for_idempotent_methods(method: str, status: int) -> None:
    assert retry_policy().is_retry(method, status)


@pytest.mark.parametrize("status", [502, 503, 504])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_retry_never_replays_a_post_or_patch_on_gateway_errors(method: str, status: int) -> None:
    assert not retry_policy().is_retry(method, status, has_retry_after=True)


@pytest.mark.parametrize("status", [400, 404, 409, 500])
def test_retry_not_for_client_errors_or_500(status: int) -> None:
    assert not retry_policy().is_retry("GET", status)


def test_retry_is_bounded() -> None:
    policy = retry_policy(total=2)
    policy = policy.increment("GET", "/x", response=_urllib3_response(503))
    policy = policy.increment("GET", "/x", response=_urllib3_response(503))
    assert policy.total == 0 and not policy.is_retry("GET", 429)


def _urllib3_response(status: int):  # type: ignore[no-untyped-def]
    from urllib3 import HTTPResponse

    return HTTPResponse(status=status, headers={})


@pytest.mark.parametrize(
    "header", ['<http://h/v1/people?start=2>;rel="next"', '<http://h/v1/people?start=2>; rel="next"']
)
def test_link_next_is_parsed_with_or_without_a_space(header: str) -> None:
    response = requests.Response()
    response.headers["Link"] = header
    assert response.links["next"]["url"] == "http://h/v1/people?start=2"


def test_query_drops_none_and_writes_booleans_in_lowercase() -> None:
    assert _query({"a": None, "b": True, "c": False, "d": 3, "e": "x"}) == {
        "b": "true",
        "c": "false",
        "d": 3,
        "e": "x",
    }


def test_api_error_str_has_status_message_code_and_tracking_id() -> None:
    error = ApiError(409, "Extension in use", 9495, "T-1", method="PATCH", url="http://h/v1/licenses/users")
    assert (
        str(error)
        == "PATCH http://h/v1/licenses/users — 409: Extension in use — errorCode 9495 — trackingId T-1"
    )


def test_api_error_from_response_scrubs_the_token() -> None:
    response = requests.Response()
    response.status_code = 401
    response._content = b'{"message": "bad token SECRET-TOKEN", "trackingId": "T-2"}'
    response.request = requests.Request("GET", "http://h/v1/people?x=1").prepare()
    response.url = "http://h/v1/people?x=1"
    error = ApiError.from_response(response, "SECRET-TOKEN")
    assert "SECRET-TOKEN" not in str(error)
    assert (error.status, error.tracking_id, error.url) == (401, "T-2", "http://h/v1/people")


def test_api_error_outcome_unknown_only_without_reply_or_on_gateway_errors() -> None:
    assert ApiError(None, "no reply").is_outcome_unknown
    assert ApiError(502, "Bad Gateway").is_outcome_unknown
    assert not ApiError(500, "Internal").is_outcome_unknown


def test_rest_session_repr_hides_the_token() -> None:
    assert "tok" not in repr(RestSession("http://h/v1", "tok"))


def test_api_child_ep_escapes_segments() -> None:
    class ThingsApi(ApiChild, base="telephony/config"):
        pass

    api = ThingsApi(RestSession("http://h/v1/", "t"))
    assert (
        api.ep("locations", "a/b c", "numbers") == "http://h/v1/telephony/config/locations/a%2Fb%20c/numbers"
    )


# ---- no reply ----------------------------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_request_without_reply_names_the_endpoint_and_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urllib3.util.retry, "time", SimpleNamespace(sleep=lambda s: None, time=time.time))
    endpoint = f"http://127.0.0.1:{closed_port()}/v1"
    session = RestSession(endpoint, "SECRET-TOKEN")
    with pytest.raises(ApiError) as failed:
        session.get(session.url("people"))
    error = failed.value
    assert (error.status, error.is_outcome_unknown) == (None, True)
    assert error.message == f"no reply from {endpoint} (connection refused)"
    assert str(error).startswith(f"GET {endpoint}/people — no reply from {endpoint} (connection refused)")
    assert "SECRET-TOKEN" not in str(error)


def _wrapped(reason: BaseException) -> requests.ConnectionError:
    """As requests raises it once urllib3 gave up: ConnectionError(MaxRetryError(reason=...))."""
    return requests.ConnectionError(MaxRetryError(None, "/v1/people", reason=reason))  # type: ignore[arg-type]


def _refused() -> BaseException:
    refused = ConnectionRefusedError(111, "Connection refused")
    outer = ConnectTimeoutError("Failed to establish a new connection")  # urllib3's NewConnectionError is one
    outer.__cause__ = refused
    return outer


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (_wrapped(_refused()), "connection refused"),
        (_wrapped(socket.gaierror(-2, "Name or service not known")), "host name not found"),
        (requests.ReadTimeout("read timed out"), "no answer within 30s"),
        (_wrapped(ConnectTimeoutError("timed out")), "could not connect within 5s"),
        (
            requests.ConnectionError(ProtocolError("aborted", http.client.RemoteDisconnected("closed"))),
            "the connection closed before the reply",
        ),
        (_wrapped(OSError(101, "Network is unreachable")), "network is unreachable"),
        (requests.RequestException("something else"), "RequestException"),
    ],
    ids=["refused", "dns", "read-timeout", "connect-timeout", "dropped", "unreachable", "other"],
)
def test_why_no_reply_in_a_few_words(exc: BaseException, reason: str) -> None:
    assert why_no_reply(exc, (5.0, 30.0)).startswith(reason)


def test_api_error_str_without_reply_has_no_status() -> None:
    error = ApiError(
        None, "no reply from http://h/v1 (connection refused)", method="GET", url="http://h/v1/x"
    )
    assert str(error) == "GET http://h/v1/x — no reply from http://h/v1 (connection refused)"
