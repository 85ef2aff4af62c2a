"""The secrets guard's grep (`tests/secrets_guard.py`): it finds every form of a leak, and a leaking
test fails the run."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from tests.secrets_guard import Guard, LeakFinder, Secret, _Recorder

REPO = Path(__file__).resolve().parents[2]
TOKEN = "sbx_admin_" + "q7Zk-3_uX" * 5
PIN = "8642"
DOCUMENT = b"%PDF-1.4\n% a bill: 42 Main St, account 99-1234\n" + bytes(range(256))


def found(secret: Secret, text: str | bytes) -> list[str]:
    return [leak.form for leak in LeakFinder([secret]).find("test", text)]


def token_secret() -> Secret:
    return Secret("token", TOKEN.encode())


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {TOKEN}",
        f"GET /v1/people?token={quote(TOKEN, safe='')}",
        f"token={quote_plus(TOKEN)}&x=1",
        json.dumps({"token": TOKEN}),
        repr({"token": TOKEN}),
    ],
)
def test_finds_a_token_as_text(text: str) -> None:
    assert found(token_secret(), text)


@pytest.mark.parametrize("offset", [0, 1, 2, 5])
@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode])
def test_finds_a_token_inside_a_longer_base64_text(offset: int, encode) -> None:
    blob = encode(b"x" * offset + b"Basic user:" + TOKEN.encode() + b"\n trailing")
    assert found(token_secret(), b"header " + blob + b" end")


@pytest.mark.parametrize("offset", [0, 1, 2])
def test_finds_document_bytes_in_every_form(offset: int) -> None:
    secret = Secret("document", DOCUMENT[:64])
    state = json.dumps({"content": base64.b64encode(b"?" * offset + DOCUMENT).decode()})
    assert found(secret, state) == ["base64"]
    assert "repr" in found(secret, repr({"bill": DOCUMENT}))
    assert "hex" in found(secret, DOCUMENT.hex())
    assert "as is" in found(secret, b"upload: " + DOCUMENT)


@pytest.mark.parametrize("text", [f"pin={PIN}&x", f"'{PIN}'", f"PIN {PIN}.", f'"pin": "{PIN}"'])
def test_finds_a_short_pin_as_a_whole_word(text: str) -> None:
    assert found(Secret("PIN", PIN.encode()), text)


@pytest.mark.parametrize("text", [f"+1415555{PIN}", f"Y2lz{PIN}ZXQ", f"{PIN}0", "86 42"])
def test_a_short_pin_inside_a_longer_word_is_no_leak(text: str) -> None:
    assert not found(Secret("PIN", PIN.encode()), text)


def test_a_report_names_the_secret_without_showing_it() -> None:
    [leak] = LeakFinder([token_secret()]).find("a log line", f"calling as {TOKEN} now")
    assert TOKEN not in str(leak)
    assert "<SECRET>" in str(leak) and "a log line" in str(leak) and "token sha256:" in str(leak)


def test_guard_greps_debug_log_records_of_any_logger() -> None:
    guard = Guard()
    guard.add_secret("token", TOKEN)
    logger = logging.getLogger("tests.careless")
    recorder = _Recorder(guard)
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        logger.debug("retrying with %s", TOKEN)
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(logging.NOTSET)
    [leak] = guard.leaks()
    assert leak.source == "log records"


def test_guard_greps_state_files_and_the_pickled_providers_in_them(tmp_path: Path) -> None:
    guard = Guard(roots=[tmp_path])
    guard.add_secret("PIN", "QZ7unit9")
    pickled = base64.b64encode(b"\x80\x04pickle holding QZ7unit9\x94.").decode()
    checkpoint = tmp_path / "state" / ".pulumi" / "stacks" / "proj" / "e2e.json"
    checkpoint.parent.mkdir(parents=True)
    checkpoint.write_text(json.dumps({"outputs": {"__provider": pickled}}))
    (tmp_path / "provider-host-1.stderr").write_text("Traceback ...\nCallplanError: bad PIN QZ7unit9\n")
    (tmp_path / "bill.pdf").write_text("QZ7unit9")  # not a place a leak can be: not grepped
    sources = sorted(leak.source for leak in guard.leaks())
    assert sources == sorted([f"{checkpoint} (a pickled provider)", str(tmp_path / "provider-host-1.stderr")])


def test_short_or_empty_values_are_no_secrets() -> None:
    guard = Guard()
    for kind, value in [("PIN", "12"), ("PIN", ""), ("PIN", None), ("document", b"%PDF-1.4")]:
        guard.add_secret(kind, value)
    assert guard.secrets == {}


def test_a_leaking_test_fails_the_run_without_showing_the_secret(tmp_path: Path) -> None:
    """The whole chain: a secret born in a test (an `OrgHandle`), a DEBUG log line, the failed check."""
    (tmp_path / "test_leak.py").write_text(
        "import logging\n"
        "from callplan_provider.sandbox.bootstrap import OrgHandle\n\n"
        "def test_logs_the_token():\n"
        f"    org = OrgHandle('http://127.0.0.1:9', 'org', {TOKEN!r}, 'sbx_read_x', 'loc', 'o@example.com',\n"
        "                    'owner', '123456')\n"
        "    logging.getLogger('careless').debug('calling the API as %s', org.admin_token)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.secrets_guard"]
    run = subprocess.run(
        [*command, "--rootdir", str(tmp_path), "test_leak.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAILED" in run.stdout and "no_secret_leaked" in run.stdout
    assert "1 failed, 1 passed" in run.stdout
    assert "in log records: ...careless DEBUG calling the API as <SECRET>" in run.stdout
    assert TOKEN not in run.stdout + run.stderr


def test_a_short_pin_inside_a_tracking_id_is_chance_not_a_leak() -> None:
    pin = Secret("PIN", b"4237")
    text = "400: refused — trackingId CALLPLAN_5f031cee-5652-4237-9a1b-5ae4b0d44f79"

    assert found(pin, text) == []
    assert found(pin, "the carrier refused PIN 4237 at review") != []
