"""`callplan sandbox` as a person follows the set-up guide with it: every command explains itself,
says when there is nothing, and shows the organisation as the guide describes it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import requests
from click.testing import CliRunner

from callplan_provider.cli import main
from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.faults import FAULT_OPTIONS
from tests.sandbox.helpers import create_calling_user, create_person

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
    return found


# --- help and the README -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "command"), commands(main), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_has_help_text(path, command):
    assert (command.help or "").strip(), f"`callplan {' '.join(path)}` has no help text"


@pytest.mark.parametrize("name", sorted(main.commands["sandbox"].commands))  # type: ignore[attr-defined]
def test_readme_shows_every_sandbox_command(name):
    assert f"callplan sandbox {name}" in README


def test_fault_help_and_readme_name_the_options_the_parser_takes():
    add_help = run("sandbox", "fault", "--url", "http://x", "add", "--help").output
    serve_help = run("sandbox", "serve", "--help").output
    for option in FAULT_OPTIONS:
        assert f"{option}=" in add_help and f"{option}=" in serve_help and f"{option}=" in README, option


# --- faults, clock, rate limit -----------------------------------------------------------------


def test_fault_add_count_inf_fires_every_time(org, api, sandbox):
    added = run(
        "sandbox", "fault", "--url", sandbox.url, "add", "GET /v1/licenses fail_before_commit count=inf"
    )
    assert added.exit_code == 0, added.output
    statuses = [api.get(f"{org.api_url}/licenses").status_code for _ in range(3)]
    assert statuses == [500, 500, 500]
    assert "(always)" in run("sandbox", "fault", "--url", sandbox.url).output


def test_fault_list_without_faults_says_so(sandbox):
    assert run("sandbox", "fault", "--url", sandbox.url).output == "no faults\n"


def test_clock_freeze_at_an_instant_and_unfreeze(sandbox):
    frozen = run("sandbox", "clock", "--url", sandbox.url, "freeze", "--at", "2026-03-02T09:00:00Z")
    assert frozen.output == "sandbox time 2026-03-02T09:00:00.000Z (frozen)\n"
    running = run("sandbox", "clock", "--url", sandbox.url, "unfreeze")
    assert running.output.startswith("sandbox time 2026-03-02T09:00:") and "frozen" not in running.output
    assert requests.get(f"{sandbox.url}/_sandbox/clock", timeout=10).json()["frozen"] is False


def test_clock_advance_without_an_amount_says_so(sandbox):
    result = CliRunner().invoke(main, ["sandbox", "clock", "--url", sandbox.url, "advance"])
    assert result.exit_code == 2
    assert "give --days, --hours or --business-days" in result.output


def test_rate_limit_without_a_value_prints_the_current_limit(sandbox):
    assert run("sandbox", "rate-limit", "--url", sandbox.url).output == "rate limit off\n"
    run("sandbox", "rate-limit", "--url", sandbox.url, "7")
    assert run("sandbox", "rate-limit", "--url", sandbox.url).output == "rate limit 7 requests/s per token\n"


# --- init --------------------------------------------------------------------------------------


def test_init_in_an_unknown_country_names_the_known_ones(sandbox):
    result = CliRunner().invoke(main, ["sandbox", "init", "--url", sandbox.url, "--country", "XX"])
    assert result.exit_code == 1
    assert "'XX' is not a country the sandbox knows" in result.output
    assert "GB" in result.output and "US" in result.output


def test_init_takes_the_first_locations_address(sandbox):
    result = run(
        "sandbox", "init", "--url", sandbox.url, "--format", "env",
        "--location-name", "Shop", "--address1", "5 Pine St", "--city", "Denver", "--state", "CO",
        "--postal-code", "80202", "--time-zone", "America/Denver", "--add-on", "MEETINGS",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    env = dict(line.split("=", 1) for line in result.output.splitlines())
    headers = {"Authorization": f"Bearer {env['CALLPLAN_TOKEN']}"}
    location = requests.get(
        f"{env['CALLPLAN_ENDPOINT']}/locations/{env['CALLPLAN_LOCATION_ID']}", headers=headers, timeout=10
    ).json()
    assert (location["name"], location["timeZone"]) == ("Shop", "America/Denver")
    assert location["address"] == {
        "address1": "5 Pine St",
        "city": "Denver",
        "state": "CO",
        "postalCode": "80202",
        "country": "US",
    }


def test_init_with_part_of_an_address_says_what_is_missing(sandbox):
    result = CliRunner().invoke(main, ["sandbox", "init", "--url", sandbox.url, "--address1", "5 Pine St"])
    assert result.exit_code == 2
    assert "an address needs --city, --postal-code too" in result.output


# --- mail and licences -------------------------------------------------------------------------


def test_mail_prints_the_activation_code_and_the_invitation_links(sandbox):
    org = create_activated_org(sandbox.url, owner_email="mailed-owner@example.com")
    with org.session() as api:
        create_person(api, org, "mailed-ann@example.com")
    owner_mail = run("sandbox", "mail", "--url", sandbox.url, "--to", "mailed-owner@example.com").output
    assert org.activation_code in owner_mail
    invitation = run("sandbox", "mail", "--url", sandbox.url, "--to", "mailed-ann@example.com").output
    assert f"accept: POST {sandbox.url}/_sandbox/invitations/" in invitation
    assert "the app: https://" in invitation


def test_mail_to_nobody_says_so(sandbox):
    assert run("sandbox", "mail", "--url", sandbox.url, "--to", "nobody@example.com").output == (
        "no mail to nobody@example.com\n"
    )


def test_licenses_shows_and_sets_the_plans_licenses(org, api, sandbox):
    create_calling_user(api, org, "licensed@example.com", "201")
    shown = run("sandbox", "licenses", "--url", sandbox.url, "--token", org.admin_token)
    assert shown.output == "calling licenses: 1 of 10 used\n"
    assert run("sandbox", "licenses", "--url", sandbox.url, "--token", org.admin_token, "3").output == (
        "calling licenses: 1 of 3 used\n"
    )


def test_licenses_below_use_prints_the_refusal_with_the_count(org, api, sandbox):
    create_calling_user(api, org, "one@example.com", "201")
    create_calling_user(api, org, "two@example.com", "202")
    result = CliRunner().invoke(
        main, ["sandbox", "licenses", "--url", sandbox.url, "--token", org.admin_token, "1"]
    )
    assert result.exit_code == 1
    assert "2 calling licenses are in use" in result.output


# --- show --------------------------------------------------------------------------------------


def show(sandbox, org) -> str:
    result = run("sandbox", "show", "--url", sandbox.url, "--token", org.admin_token)
    assert result.exit_code == 0, result.output
    return str(result.output)


def test_show_of_a_new_org_drops_empty_headings(sandbox):
    org = create_activated_org(sandbox.url, licenses=1)
    output = show(sandbox, org)
    assert "Phone menus" not in output and "Port orders" not in output and "Numbers" not in output
    assert "no main number" in output


def test_show_prints_each_locations_esa_and_the_esa_each_number_inherits(org, api, sandbox):
    branch = {
        "name": "Branch",
        "timeZone": "America/Chicago",
        "preferredLanguage": "en_us",
        "announcementLanguage": "en_us",
        "address": {
            "address1": "1 Elm St",
            "city": "Austin",
            "state": "TX",
            "postalCode": "73301",
            "country": "US",
        },
    }
    branch_id = api.post(f"{org.api_url}/locations", json=branch).json()["id"]
    api.post(
        f"{org.api_url}/telephony/config/locations/{branch_id}/numbers",
        json={"phoneNumbers": ["+15125550177"]},
    ).raise_for_status()
    output = show(sandbox, org)
    assert "emergency address (ESA): 100 Main Street, San Jose, CA 95134, US" in output
    assert "emergency address (ESA): 1 Elm St, Austin, TX 73301, US" in output
    lines = output.splitlines()
    esa_of_branch_number = lines[next(i for i, line in enumerate(lines) if "+15125550177" in line) + 1]
    assert esa_of_branch_number.strip() == "ESA (Branch): 1 Elm St, Austin, TX 73301, US"


def test_show_says_where_the_main_number_rings_in_words(org, api, sandbox):
    assert f"main number {org.main_number} rings nobody yet" in show(sandbox, org)
    person = create_calling_user(api, org, "rung@example.com", "201")
    api.put(
        f"{org.api_url}/people/{person['id']}",
        params={"callingData": "true"},
        json={**person, "phoneNumbers": [{"type": "work", "value": org.main_number}]},
    ).raise_for_status()
    assert f"main number {org.main_number} rings Rung Test, extension 201" in show(sandbox, org)


def test_show_prints_the_main_number_as_a_persons_alternate_number(org, api, sandbox):
    person = create_calling_user(api, org, "own@example.com", "201", org.numbers[0])
    api.put(
        f"{org.api_url}/telephony/config/people/{person['id']}/numbers",
        json={
            "phoneNumbers": [
                {"primary": False, "action": "ADD", "external": org.main_number, "ringPattern": "LONG_LONG"}
            ]
        },
    ).raise_for_status()
    output = show(sandbox, org)
    assert f"main number {org.main_number} rings Own Test, extension 201" in output
    assert f"ext 201  {org.numbers[0]}  also rings on {org.main_number} (alternate, ring LONG_LONG)" in output


def test_show_prints_the_plan_recording_and_who_has_not_accepted(org, api, sandbox):
    person = create_calling_user(api, org, "recorded@example.com", "201")
    api.put(
        f"{org.api_url}/people/{person['id']}/features/callRecording", json={"enabled": True}
    ).raise_for_status()
    output = show(sandbox, org)
    assert (
        "includes: a phone number and an extension for each person" in output and "call recording" in output
    )
    assert "ext 201  records calls  (has not accepted the invitation yet)" in output
    assert "not accepted yet: recorded@example.com" in output
    assert "Account Owner <owner@example.com>  no calling line\n" in output  # activated: no invitation


def test_show_prints_a_menus_business_hours_and_dial_by_extension(org, api, sandbox):
    schedules = f"{org.api_url}/telephony/config/locations/{org.location_id}/schedules"
    event = {
        "name": "mon-0900-1700",
        "startDate": "2025-01-06",
        "endDate": "2025-01-06",
        "startTime": "09:00",
        "endTime": "17:00",
        "recurrence": {"recurForEver": True, "recurWeekly": {"monday": True}},
    }
    api.post(
        schedules, json={"type": "businessHours", "name": "Desk hours", "events": [event]}
    ).raise_for_status()
    menu = {
        "name": "Desk",
        "extension": "200",
        "businessSchedule": "Desk hours",
        "businessHoursMenu": {
            "extensionEnabled": True,
            "keyConfigurations": [{"key": "0", "action": "EXIT"}],
        },
        "afterHoursMenu": {"extensionEnabled": False, "keyConfigurations": [{"key": "0", "action": "EXIT"}]},
    }
    api.post(
        f"{org.api_url}/telephony/config/locations/{org.location_id}/autoAttendants", json=menu
    ).raise_for_status()
    output = show(sandbox, org)
    assert "business hours (America/Los_Angeles): mon 09:00-17:00" in output
    assert "    business hours, dial by extension:\n" in output
    assert "    after hours:\n" in output
