"""Check against the organisation and the rest of the program (resources/preview.py), in one process
like the provider host, over HTTP against the sandbox; nothing written by check."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import RestSession, set_backoff_factor
from callplan_provider.models.people import Person
from callplan_provider.resources import claims, config, snapshot
from callplan_provider.resources.base import Reconciler
from callplan_provider.resources.extension import ExtensionProvider
from callplan_provider.resources.main_number import MainNumberProvider
from callplan_provider.resources.phone_menu import PhoneMenuProvider
from callplan_provider.resources.port_order import PortOrderProvider
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org
from callplan_provider.sandbox.server import SandboxServer
from tests.conftest import seed_numbers
from tests.live import configure_provider_for

LINES = ExtensionProvider()
MENUS = PhoneMenuProvider()
ORDERS = PortOrderProvider()
MAIN = MainNumberProvider()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
HOURS = {"mon": ["09:00-17:00"]}


@pytest.fixture
def client(org: OrgHandle) -> Iterator[CallingPlanApi]:
    yield configure_provider_for(org)
    config.reset()


def person_with_line(
    client: CallingPlanApi, org: OrgHandle, first: str, extension: str, number: str | None
) -> str:
    person = client.people.create(
        Person(emails=[f"{first.lower()}@example.com"], first_name=first, last_name="Diaz")
    )
    assert person.id is not None
    licence = client.licenses.find_calling()
    assert licence is not None
    client.licenses.assign(
        person.id, licence.id, location_id=org.location_id, extension=extension, phone_number=number
    )
    return person.id


def check(
    provider: Reconciler[Any],
    name: str,
    news: dict[str, Any],
    olds: dict[str, Any] | None = None,
    size: int = 0,
) -> list[tuple[str, str]]:
    hidden: dict[str, Any] = {"__name": name}
    if size:
        hidden["__program"] = size
    result = provider.check(olds or {}, {**news, **hidden})
    return [(f.property, f.reason) for f in result.failures]


def writes(sandbox: SandboxServer, org: OrgHandle, since: int) -> list[str]:
    return [
        f"{e.method} {e.path}"
        for e in sandbox.requests.entries(since)
        if e.org_id == org.org_id and e.is_write
    ]


# ---- the organisation's rules ---------------------------------------------------------------------


def test_a_number_of_someone_else_is_refused_naming_the_owner_and_the_fix(client, org, sandbox) -> None:
    number = seed_numbers(1)[0]
    client.numbers.add(org.location_id, [number])
    bob = person_with_line(client, org, "Bob", "301", number)
    ann = client.people.create(Person(emails=["ann@example.com"], first_name="Ann", last_name="Lee"))
    before = len(sandbox.requests)
    failures = check(
        LINES, "ann-line", {"user_id": ann.id, "extension": "201", "phone_number": number}, size=1
    )
    assert [prop for prop, _ in failures] == ["phone_number"]
    assert failures[0][1].startswith(
        f"phone_number: {number} belongs to Bob Diaz (person {bob}), not to this line: free it from Bob's "
        "Extension first or pick another number. If Bob Diaz's Extension in this program gives it up in this "
        "run, make this resource depend on it: opts=ResourceOptions(depends_on=[<that Extension>])"
    )
    assert writes(sandbox, org, before) == []


def test_an_extension_taken_by_a_menu_is_refused(client, org) -> None:
    created = MENUS.create(
        MENUS.check({}, {"name": "Main menu", "extension": "202", "business_hours": HOURS}).inputs
    )
    assert created.id
    snapshot.forget()
    ann = client.people.create(Person(emails=["ann@example.com"], first_name="Ann", last_name="Lee"))
    failures = check(LINES, "ann-line", {"user_id": ann.id, "extension": "202"}, size=1)
    assert failures == [
        (
            "extension",
            'extension: 202 is taken in Main Office by the phone menu "Main menu": free it from the '
            'phone menu "Main menu" first or pick another extension',
        )
    ]


def test_the_main_number_as_a_line_or_menu_number_is_refused(client, org) -> None:
    main = client.numbers.main_number(org.location_id)
    assert main is not None and main.phone_number
    ann = client.people.create(Person(emails=["ann@example.com"], first_name="Ann", last_name="Lee"))
    line = check(
        LINES, "ann-line", {"user_id": ann.id, "extension": "201", "phone_number": main.phone_number}
    )
    claims.reset()  # another program
    menu = check(
        MENUS,
        "menu",
        {"name": "M", "extension": "299", "phone_number": main.phone_number, "business_hours": HOURS},
    )
    assert line[0] == (
        "phone_number",
        f"phone_number {main.phone_number} is the location's main number, which belongs to MainNumber: leave "
        "phone_number out and make the main number ring this Extension with MainNumber(..., "
        "**route_to_user(line)) (Main Office)",
    )
    assert "is the location's main number, which belongs to MainNumber" in menu[0][1]


def test_a_number_outside_the_inventory_is_refused(client, org) -> None:
    ann = client.people.create(Person(emails=["ann@example.com"], first_name="Ann", last_name="Lee"))
    outside = seed_numbers(1)[0]
    failures = check(LINES, "ann-line", {"user_id": ann.id, "extension": "201", "phone_number": outside})
    assert failures[0][0] == "phone_number"
    assert "is not in the organisation's inventory" in failures[0][1]


def test_recording_on_standard_and_no_free_licence_are_refused(sandbox) -> None:
    org = create_activated_org(sandbox.url, tier="STANDARD", licenses=2, numbers=seed_numbers(1))
    client = configure_provider_for(org)
    try:
        people = [
            client.people.create(Person(emails=[f"p{i}@example.com"], first_name="P", last_name=str(i))).id
            for i in range(3)
        ]
        recorded = check(
            LINES, "l0", {"user_id": people[0], "extension": "210", "call_recording": True}, size=3
        )
        assert recorded == [
            (
                "call_recording",
                "call_recording: needs the BUSINESS tier; this plan is STANDARD: set call_recording=False or "
                "upgrade the plan",
            )
        ]
        assert check(LINES, "l1", {"user_id": people[1], "extension": "211"}, size=3) == []
        third = check(LINES, "l2", {"user_id": people[2], "extension": "212"}, size=3)
        assert third[0][0] == "user_id"
        assert "no free calling licence" in third[0][1]
    finally:
        config.reset()


@pytest.fixture
def bill(tmp_path: Path) -> Path:
    path = tmp_path / "bill.pdf"
    path.write_bytes(PDF)
    return path


def order(
    org: OrgHandle, bill: Path, numbers: list[str], bill_date: date, **overrides: Any
) -> dict[str, Any]:
    return {
        "phone_numbers": numbers,
        "losing_carrier": {
            "name": "Old Telco",
            "account_number": "A-1",
            "billing_telephone_number": numbers[0],
        },
        "account_holder": {
            "name": "Acme",
            "service_address": {
                "address1": "1 Main St",
                "city": "San Jose",
                "state": "CA",
                "postal_code": "95134",
                "country": "US",
            },
        },
        "bill_file": str(bill),
        "bill_date": bill_date.isoformat(),
        "loa": {"signer_name": "Account Owner", "signer_email": org.owner_email},
        **overrides,
    }


def sandbox_today(org: OrgHandle) -> date:
    now = requests.get(org.base_url + "/_sandbox/clock", timeout=10).json()["now"]
    return date.fromisoformat(now[:10])


@pytest.mark.dates
def test_port_order_rules_use_the_api_clock_and_the_organisation(client, org, bill) -> None:
    today = sandbox_today(org)
    inventory = next(
        r.phone_number for r in client.numbers.list(location_id=org.location_id) if r.phone_number
    )
    foreign = "+442071838750"
    stale = today - timedelta(days=31)
    signer = {"signer_name": "Eve", "signer_email": "eve@example.com"}
    failures = dict(check(ORDERS, "port", order(org, bill, [inventory], stale, loa=signer), size=2))
    assert "eve@example.com is not the plan's account owner (owner@example.com)" in failures["loa"]
    assert (
        f"the bill of {stale} is older than 30 days (today is {today} by the API's clock"
        in failures["bill_date"]
    )
    assert f"{inventory} is already in the organisation (Main Office" in failures["phone_numbers"]
    elsewhere = dict(check(ORDERS, "port-uk", order(org, bill, [foreign], today), size=2))
    assert f"{foreign} is a number of GB, but location Main Office is in US" in elsewhere["phone_numbers"]


@pytest.mark.dates
def test_a_number_in_another_open_order_is_refused(client, org, bill) -> None:
    numbers = seed_numbers(2)
    today = sandbox_today(org)
    first = ORDERS.check({}, order(org, bill, numbers[:1], today))
    assert first.failures == []
    ORDERS.create(first.inputs)
    snapshot.forget()
    failures = check(ORDERS, "second", order(org, bill, numbers, today), size=1)
    assert failures[0][0] == "phone_numbers"
    assert f"{numbers[0]} is in the open port order" in failures[0][1]


def test_the_bill_date_follows_the_sandbox_clock(client, org, bill) -> None:
    requests.post(org.base_url + "/_sandbox/clock/advance", json={"days": 40}, timeout=10).raise_for_status()
    try:
        real_today = date.today()
        failures = dict(check(ORDERS, "port", order(org, bill, seed_numbers(1), real_today), size=1))
        assert "older than 30 days" in failures["bill_date"]
    finally:
        requests.delete(org.base_url + "/_sandbox/clock", timeout=10).raise_for_status()


# ---- clashes inside the program -------------------------------------------------------------------


def test_two_resources_claiming_one_key_fail_on_the_second_naming_the_first(client, org, bill) -> None:
    ann, bo = "user-ann", "user-bo"
    number = seed_numbers(1)[0]
    assert check(LINES, "ann-line", {"user_id": ann, "extension": "201"}, size=9) == []
    clash = check(LINES, "bo-line", {"user_id": bo, "extension": "201"}, size=9)
    assert clash[0] == (
        "extension",
        "extension: extension 201 is also claimed by ann-line in this program: one resource holds it; "
        "change one of the two",
    )
    menus = [{"name": "Sales", "extension": f"{e}", "business_hours": HOURS} for e in ("401", "402")]
    assert check(MENUS, "sales", menus[0], size=9) == []
    assert "is also claimed by sales" in check(MENUS, "sales-2", menus[1], size=9)[0][1]
    today = sandbox_today(org)
    assert check(ORDERS, "port-a", order(org, bill, [number], today), size=9) == []
    assert (
        "also claimed by port-a" in check(ORDERS, "port-b", order(org, bill, [number], today), size=9)[0][1]
    )
    inventory = [r.phone_number for r in client.numbers.list(location_id=org.location_id) if r.phone_number]
    free = next(n for n in inventory if not client.numbers.find_by_number(n).main_number)  # type: ignore[union-attr]
    assert check(MENUS, "m1", {"name": "A", "phone_number": free, "business_hours": HOURS}, size=9) == []
    assert (
        "also claimed by m1" in check(MAIN, "main", {"phone_number": free, "extension": "401"}, size=9)[0][1]
    )


# ---- moves --------------------------------------------------------------------------------------


def test_a_number_given_by_an_earlier_resource_is_no_clash(client, org) -> None:
    number = seed_numbers(1)[0]
    client.numbers.add(org.location_id, [number])
    ann = person_with_line(client, org, "Ann", "201", number)
    bo = person_with_line(client, org, "Bo", "202", None)
    ann_old = {"user_id": ann, "extension": "201", "phone_number": number}
    assert check(LINES, "ann-line", {"user_id": ann, "extension": "201"}, olds=ann_old, size=2) == []
    bo_new = {"user_id": bo, "extension": "202", "phone_number": number}
    assert check(LINES, "bo-line", bo_new, olds={"user_id": bo, "extension": "202"}, size=2) == []


def test_a_swap_waits_for_the_later_check_and_fails_when_nobody_gives(client, org) -> None:
    ann = person_with_line(client, org, "Ann", "201", None)
    bo = person_with_line(client, org, "Bo", "202", None)
    ann_old, bo_old = {"user_id": ann, "extension": "201"}, {"user_id": bo, "extension": "202"}
    assert check(LINES, "ann-line", {**ann_old, "extension": "202"}, olds=ann_old, size=3) == []
    assert check(LINES, "bo-line", {**bo_old, "extension": "201"}, olds=bo_old, size=3) == []
    cy = person_with_line(client, org, "Cy", "203", None)
    snapshot.forget()
    # Cy keeps 203; a new line wanting 203 is answered by nobody: the program's last check says so.
    dee = client.people.create(Person(emails=["dee@example.com"], first_name="Dee", last_name="Ek")).id
    assert check(LINES, "dee-line", {"user_id": dee, "extension": "203"}, size=3) == [
        (
            "extension",
            f"extension: 203 is taken in Main Office by Cy Diaz (person {cy}): free it from Cy's "
            "Extension first or pick another extension. If Cy Diaz's Extension in this program gives it up "
            "in this run, make this resource depend on it: "
            "opts=ResourceOptions(depends_on=[<that Extension>])",
        )
    ]


def test_a_swap_applies_in_one_process_without_depends_on(client, org) -> None:
    ann = person_with_line(client, org, "Ann", "201", None)
    bo = person_with_line(client, org, "Bo", "202", None)
    ann_old = {"user_id": ann, "extension": "201", "__name": "ann-line"}
    bo_old = {"user_id": bo, "extension": "202", "__name": "bo-line"}
    ann_new = LINES.check(ann_old, {**ann_old, "extension": "202", "__program": 2})
    bo_new = LINES.check(bo_old, {**bo_old, "extension": "201", "__program": 2})
    assert ann_new.failures == bo_new.failures == []
    errors: list[BaseException] = []

    def update(id_: str, olds: dict[str, Any], news: dict[str, Any]) -> None:
        try:
            LINES.update(id_, olds, news)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=update, args=(ann, ann_old, ann_new.inputs)),
        threading.Thread(target=update, args=(bo, bo_old, bo_new.inputs)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [str(e) for e in errors] == []
    assert client.people.get(ann, calling_data=True).extension == "202"
    assert client.people.get(bo, calling_data=True).extension == "201"


# ---- what it costs ------------------------------------------------------------------------------


def test_an_unchanged_resource_reads_nothing(client, org, sandbox) -> None:
    ann = person_with_line(client, org, "Ann", "201", None)
    olds = {"user_id": ann, "extension": "201", "call_recording": False, "adopt": False}
    before = len(sandbox.requests)
    assert check(LINES, "ann-line", dict(olds), olds=olds, size=1) == []
    assert [e for e in sandbox.requests.entries(before) if e.org_id == org.org_id] == []


def test_without_a_token_check_works_offline_and_warns_once(monkeypatch) -> None:
    for key in ("CALLPLAN_TOKEN", "WEBEX_ACCESS_TOKEN", "CALLPLAN_ENDPOINT"):
        monkeypatch.delenv(key, raising=False)
    config.reset()
    warnings: list[str] = []
    monkeypatch.setattr("pulumi.log.warn", lambda message, *a, **k: warnings.append(message))
    for i in range(3):
        news = {"user_id": f"u{i}", "extension": f"20{i}", "phone_number": f"+1415555010{i}"}
        assert check(LINES, f"l{i}", news) == []
    assert len(warnings) == 1
    assert "could not read the organisation" in warnings[0]
    assert "no API token" in warnings[0]


def test_a_changed_resource_among_500_reads_only_the_pages_of_its_lists(sandbox) -> None:
    org = create_activated_org(sandbox.url, licenses=600, numbers=seed_numbers(1))
    client = configure_provider_for(org)
    try:
        licence = client.licenses.find_calling()
        assert licence is not None
        ids = []
        for i in range(500):
            person = client.people.create(
                Person(emails=[f"u{i}@example.com"], first_name="U", last_name=str(i))
            )
            assert person.id is not None
            client.licenses.assign(
                person.id, licence.id, location_id=org.location_id, extension=str(1000 + i)
            )
            ids.append(person.id)
        before = len(sandbox.requests)
        for i, person_id in enumerate(ids):
            olds = {"user_id": person_id, "extension": str(1000 + i), "call_recording": False, "adopt": False}
            news = {**olds, "extension": "9999"} if i == 250 else dict(olds)
            assert check(LINES, f"line-{i}", news, olds=olds, size=500) == []
        made = [e for e in sandbox.requests.entries(before) if e.org_id == org.org_id]
        # The extension's owner: the number inventory, one page of up to 1,000 rows.
        assert [e.path for e in made] == ["/v1/telephony/config/numbers"]
    finally:
        config.reset()


def test_a_replaced_line_takes_what_its_old_user_held(client, org) -> None:
    """The engine checks a resource it replaces twice: with its old inputs, then without (defaults)."""
    dave = person_with_line(client, org, "Dave", "214", None)
    olds = {"user_id": dave, "extension": "214", "call_recording": False, "adopt": False}
    news = {"user_id": "new-dave", "extension": "214"}
    assert check(LINES, "dave-line", news, olds=olds, size=1) == []
    assert check(LINES, "dave-line", news, size=1) == []


def test_a_failing_check_reports_at_once_what_it_could_not_take(client, org) -> None:
    zoe = person_with_line(client, org, "Zoe", "209", None)
    snapshot.forget()
    cy = client.people.create(Person(emails=["cy@example.com"], first_name="Cy", last_name="Ray")).id
    failures = check(LINES, "cy-line", {"user_id": cy, "extension": "209", "phone_number": "+1800"}, size=5)
    assert [p for p, _ in failures] == ["phone_number"]  # offline: no organisation rule ran
    failures = check(LINES, "cy-line", {"user_id": cy, "extension": "209", "call_recording": True}, size=5)
    assert [p for p, _ in failures] == []  # BUSINESS: recording is fine; 209 waits for later checks
    requests.put(
        f"{org.base_url}/_sandbox/orgs/{org.org_id}/licenses", json={"totalUnits": 1}, timeout=10
    ).raise_for_status()
    snapshot.forget()
    claims.reset()
    failures = check(LINES, "cy-line", {"user_id": cy, "extension": "209"}, size=5)
    assert [p for p, _ in failures] == ["user_id", "extension"]
    assert f"extension: 209 is taken in Main Office by Zoe Diaz (person {zoe})" in failures[1][1]


def test_an_unreachable_endpoint_is_tried_once_and_check_works_offline(monkeypatch) -> None:
    set_backoff_factor(0)
    config.configure({"callplan:endpoint": "http://127.0.0.1:9/v1", "callplan:token": "t"})
    attempts: list[str] = []
    real_request = RestSession.request

    def counted(self: RestSession, method: str, url: str, **kwargs: Any) -> Any:
        attempts.append(url)
        return real_request(self, method, url, **kwargs)

    monkeypatch.setattr(RestSession, "request", counted)
    warnings: list[str] = []
    monkeypatch.setattr("pulumi.log.warn", lambda message, *a, **k: warnings.append(message))
    try:
        for i in range(3):
            assert check(LINES, f"l{i}", {"user_id": f"u{i}", "extension": f"20{i}"}) == []
    finally:
        config.reset()
        set_backoff_factor()
    assert len(attempts) == 1
    assert len(warnings) == 1
    assert "no reply from http://127.0.0.1:9/v1" in warnings[0]
