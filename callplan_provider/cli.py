"""The `callplan` command line.

    callplan sandbox serve [--db PATH] [--host H] [--port N] [--fault SPEC]... [--rate-limit N]
                           [--control-token T]
    callplan sandbox init --url URL [--country US] [--tier BUSINESS] [--licenses 10] [--add-on A]...
                          [--number +1...]... [--owner-email E] [--format text|env|json]
                          [--location-name N --address1 A --city C --state S --postal-code P
                           --time-zone Z]
    callplan sandbox show --url URL --token T
    callplan sandbox mail --url URL [--to EMAIL]
    callplan sandbox licenses --url URL --token T [COUNT]
    callplan sandbox clock --url URL [advance --days N --hours N --business-days N | freeze | unfreeze
                                      | reset]
    callplan sandbox fault --url URL [add SPEC | clear]
    callplan sandbox rate-limit --url URL [N | off]
    callplan sandbox reset --url URL
    callplan schemas write [--dir schemas]
    callplan policy-path
    callplan export --endpoint URL --token T [--location ID] --out DIR [--dry-run]

`policy-path` prints the folder of the calling-plan policy pack, for
`pulumi preview --policy-pack "$(callplan policy-path)"` (see `callplan_provider.policy`).

`--url` is the sandbox's base URL (as `serve` prints it; a trailing `/v1` is tolerated) and can
come from `CALLPLAN_SANDBOX_URL`. `serve` listens on loopback only, unless given a control token
(`--control-token`, or `CALLPLAN_SANDBOX_CONTROL_TOKEN`); the commands that use the sandbox's
controls (init, clock, fault, rate-limit, reset) then send the same token. Tokens are printed only
by `init`, which exists to print one.
A failure is one line on stderr and exit status 1: "cannot reach the sandbox at URL: connection
refused", or the refusal's status, the API's message and its tracking id.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import click
import requests

from callplan_provider.client.session import DEFAULT_ENDPOINT, ApiError
from callplan_provider.sandbox.bootstrap import BootstrapError, control_headers, create_activated_org
from callplan_provider.sandbox.faults import FAULT_SPEC, FaultSpecError, parse_fault

TIMEOUT = 30
CONTROL_TOKEN_ENV = "CALLPLAN_SANDBOX_CONTROL_TOKEN"
_CONTROL_TOKEN = "callplan.control_token"  # where `--control-token` is kept in the click context


@click.group()
def main() -> None:
    """Manage a small business's calling plan as code, and its local sandbox."""


@main.group()
def sandbox() -> None:
    """The local sandbox of the calling-plan API."""


def _base_url(url: str) -> str:
    url = url.rstrip("/")
    return url[: -len("/v1")] if url.endswith("/v1") else url


url_option = click.option(
    "--url",
    envvar="CALLPLAN_SANDBOX_URL",
    required=True,
    help="Base URL of the sandbox (as `serve` prints it).",
)


def _remember_control_token(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[_CONTROL_TOKEN] = value


control_token_option = click.option(
    "--control-token",
    envvar=CONTROL_TOKEN_ENV,
    expose_value=False,
    callback=_remember_control_token,
    help="The sandbox's control token, when it is served with one.",
)


def _control_token() -> str | None:
    token: str | None = click.get_current_context().meta.get(_CONTROL_TOKEN)
    return token


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cause(exc: requests.RequestException) -> str:
    """Why a request got no answer, in a few words ("connection refused"), not urllib3's retry report."""
    if isinstance(exc, requests.Timeout):
        return f"no answer within {TIMEOUT} s"
    cause: BaseException | None = exc
    for _ in range(10):  # the OS error is a few links down: ConnectionError ← MaxRetryError ← ...
        if cause is None:
            break
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
        cause = cause.__cause__ or cause.__context__
    return _one_line(str(exc))


def _unreachable(url: str, exc: requests.RequestException) -> click.ClickException:
    if isinstance(exc, requests.JSONDecodeError):
        return click.ClickException(f"{url} did not answer with JSON: is it the sandbox?")
    return click.ClickException(f"cannot reach the sandbox at {url}: {_cause(exc)}")


def _said(error: ApiError) -> str:
    """The API's own words: its message and tracking id (`ApiError` has scrubbed the token)."""
    tracking = f" (trackingId {error.tracking_id})" if error.tracking_id else ""
    return _one_line(f"{error.message}{tracking}")


def _refused(error: ApiError) -> click.ClickException:
    where = f" {error.method} {error.url}" if error.url else ""
    return click.ClickException(f"the API refused{where} ({error.status}): {_said(error)}")


def _admin(method: str, url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    try:
        response = requests.request(
            method,
            f"{_base_url(url)}/_sandbox{path}",
            json=body,
            headers=control_headers(_control_token()),
            timeout=TIMEOUT,
        )
        if response.status_code >= 400:
            error = ApiError.from_response(response, "")
            raise click.ClickException(f"the sandbox refused ({response.status_code}): {_said(error)}")
        return response.json() if response.content else None
    except requests.RequestException as exc:
        raise _unreachable(url, exc) from None


@sandbox.command()
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), help="SQLite file (kept across restarts)."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=0, show_default=True, help="0 picks a free port.")
@click.option("--fault", "faults", multiple=True, help=f"A fault rule: {FAULT_SPEC}; repeatable.")
@click.option("--rate-limit", type=float, help="Requests per second per token (429 beyond).")
@click.option(
    "--control-token",
    envvar=CONTROL_TOKEN_ENV,
    help="Require this token (header X-Sandbox-Control-Token) on /_sandbox/; needed off loopback.",
)
def serve(
    db: Path | None,
    host: str,
    port: int,
    faults: tuple[str, ...],
    rate_limit: float | None,
    control_token: str | None,
) -> None:
    """Run the sandbox until Ctrl-C."""
    from callplan_provider.sandbox.server import ExposedWithoutControlToken, SandboxServer

    try:
        rules = [parse_fault(spec) for spec in faults]
    except FaultSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault") from exc
    if rate_limit is not None and rate_limit <= 0:
        raise click.BadParameter("must be above 0", param_hint="--rate-limit")
    try:
        server = SandboxServer(
            db=db, port=port, host=host, faults=rules, rate_limit=rate_limit, control_token=control_token
        )
    except ExposedWithoutControlToken as exc:
        raise click.UsageError(str(exc)) from None
    _show_sandbox_mail()
    server.start()
    click.echo(
        f"callplan sandbox listening on {server.url}  (API {server.url}/v1, database {server.store.path})"
    )
    click.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while server.is_running and not stopping.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        click.echo("stopping")
        server.stop()


def _show_sandbox_mail() -> None:
    """The console is the buyers' mailbox: activation codes are printed there."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    mail = logging.getLogger("callplan_provider.sandbox")
    mail.addHandler(handler)
    mail.setLevel(logging.INFO)


@sandbox.command()
@url_option
@control_token_option
@click.option("--country", default="US", show_default=True)
@click.option("--tier", type=click.Choice(["STANDARD", "BUSINESS"]), default="BUSINESS", show_default=True)
@click.option("--licenses", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--number", "numbers", multiple=True, help="A number to seed (E.164); repeatable.")
@click.option(
    "--add-on", "add_ons", multiple=True, help="An add-on to buy (not offered in India); repeatable."
)
@click.option("--owner-email", default="owner@example.com", show_default=True)
@click.option("--display-name", default="Sandbox Org", show_default=True)
@click.option("--location-name", default="Main Office", show_default=True, help="The first location's name.")
@click.option("--address1", help="The first location's address (its emergency service address).")
@click.option("--address2")
@click.option("--city")
@click.option("--state", help="State, province or region.")
@click.option("--postal-code")
@click.option("--time-zone", help="The first location's time zone (default: the country's).")
@click.option(
    "--format", "output", type=click.Choice(["text", "env", "json"]), default="text", show_default=True
)
def init(
    url: str,
    country: str,
    tier: str,
    licenses: int,
    numbers: tuple[str, ...],
    add_ons: tuple[str, ...],
    owner_email: str,
    display_name: str,
    location_name: str,
    address1: str | None,
    address2: str | None,
    city: str | None,
    state: str | None,
    postal_code: str | None,
    time_zone: str | None,
    output: str,
) -> None:
    """Buy and activate an organisation; print the owner's token and the location id."""
    address = _first_address(country, address1, address2, city, state, postal_code)
    try:
        org = create_activated_org(
            _base_url(url),
            country=country,
            tier=tier,
            licenses=licenses,
            numbers=list(numbers),
            owner_email=owner_email,
            display_name=display_name,
            location_name=location_name,
            time_zone=time_zone,
            address=address,
            add_ons=list(add_ons),
            control_token=_control_token(),
        )
    except BootstrapError as exc:
        raise click.ClickException(_one_line(str(exc))) from None
    except requests.RequestException as exc:
        raise _unreachable(url, exc) from None
    if output == "env":
        for key, value in org.env().items():
            click.echo(f"{key}={value}")
    elif output == "json":
        body = {
            **org.env(),
            "orgId": org.org_id,
            "readOnlyToken": org.read_token,
            "ownerEmail": org.owner_email,
            "numbers": org.numbers,
            "mainNumber": org.main_number,
            "activationCode": org.activation_code,
        }
        click.echo(json.dumps(body, indent=2))
    else:
        click.echo(f"Activation code e-mailed to {org.owner_email}: {org.activation_code} (used)")
        click.echo(f"Organization   {org.org_id}")
        click.echo(f"Location id    {org.location_id}")
        click.echo(f"Main number    {org.main_number or '(none)'}")
        click.echo(f"Numbers        {', '.join(org.numbers) or '(none)'}")
        click.echo(f"Owner token    {org.admin_token}")
        click.echo(f"Read-only      {org.read_token}")
        click.echo(f"API endpoint   {org.api_url}")


def _first_address(
    country: str,
    address1: str | None,
    address2: str | None,
    city: str | None,
    state: str | None,
    postal_code: str | None,
) -> dict[str, str] | None:
    """The `--address1`... options as the purchase's address; None when none is given."""
    given = {
        "address1": address1,
        "address2": address2,
        "city": city,
        "state": state,
        "postalCode": postal_code,
    }
    if not any(given.values()):
        return None
    missing = [
        f"--{k.lower().replace('code', '-code')}" for k in ("address1", "city", "postalCode") if not given[k]
    ]
    if missing:
        raise click.UsageError(f"an address needs {', '.join(missing)} too")
    return {**{k: v for k, v in given.items() if v}, "country": country.upper()}


@sandbox.command()
@url_option
@click.option("--token", envvar="CALLPLAN_TOKEN", required=True, help="The organisation's token.")
def show(url: str, token: str) -> None:
    """Print the organisation: plan, locations and their addresses, numbers, people, menus, port orders."""
    from callplan_provider.sandbox.show import ApiReader, render_org

    try:
        click.echo(render_org(ApiReader(_base_url(url) + "/v1", token)), nl=False)
    except ApiError as exc:
        raise _refused(exc) from None
    except requests.RequestException as exc:
        raise _unreachable(url, exc) from None


@sandbox.group(invoke_without_command=True)
@url_option
@control_token_option
@click.pass_context
def clock(ctx: click.Context, url: str) -> None:
    """Show, advance, freeze or reset the sandbox clock."""
    ctx.obj = url
    if ctx.invoked_subcommand is None:
        _print_clock(_admin("GET", url, "/clock"))


def _print_clock(state: dict[str, Any]) -> None:
    frozen = " (frozen)" if state.get("frozen") else ""
    click.echo(f"sandbox time {state['now']}{frozen}")


@clock.command("advance")
@click.option("--days", default=0.0, type=click.FloatRange(min=0))
@click.option("--hours", default=0.0, type=click.FloatRange(min=0))
@click.option("--business-days", default=0, type=click.IntRange(min=0))
@click.option("--country", default="US", show_default=True, help="Whose business days.")
@click.pass_obj
def clock_advance(url: str, days: float, hours: float, business_days: int, country: str) -> None:
    """Move the clock forward (port orders move with it)."""
    if not (days or hours or business_days):
        raise click.UsageError("say how far: give --days, --hours or --business-days")
    body = {"days": days, "hours": hours, "businessDays": business_days, "country": country}
    _print_clock(_admin("POST", url, "/clock/advance", body))


@clock.command("freeze")
@click.option("--at", "at", help="The instant to stop at, ISO 8601 (default: now).")
@click.pass_obj
def clock_freeze(url: str, at: str | None) -> None:
    """Stop the clock (at an instant, or where it stands)."""
    body: dict[str, Any] = {"frozen": True, **({"now": at} if at else {})}
    _print_clock(_admin("PUT", url, "/clock", body))


@clock.command("unfreeze")
@click.pass_obj
def clock_unfreeze(url: str) -> None:
    """Let the clock run again from where it stands."""
    _print_clock(_admin("PUT", url, "/clock", {"frozen": False}))


@clock.command("reset")
@click.pass_obj
def clock_reset(url: str) -> None:
    """Back to real time."""
    _print_clock(_admin("DELETE", url, "/clock"))


@sandbox.group(invoke_without_command=True)
@url_option
@control_token_option
@click.pass_context
def fault(ctx: click.Context, url: str) -> None:
    """List (with no subcommand), add or clear injected faults."""
    ctx.obj = url
    if ctx.invoked_subcommand is None:
        _print_faults(url)


def _print_faults(url: str) -> None:
    rules = _admin("GET", url, "/faults")["items"]
    if not rules:
        click.echo("no faults")
    for rule in rules:
        left = "always" if rule.get("count") is None else f"{rule['count'] - rule.get('fired', 0)} left"
        click.echo(f"{rule['id']}  {rule['method']} {rule['path']}  {rule['mode']}  ({left})")


@fault.command("add", help=f"Add a rule: {FAULT_SPEC} (count=inf: every time).")
@click.argument("spec")
@click.pass_obj
def fault_add(url: str, spec: str) -> None:
    try:
        rule = parse_fault(spec)
    except FaultSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="SPEC") from exc
    body = {**rule.to_wire(exclude={"id", "fired"}), "count": rule.count}  # None: every time
    added = _admin("POST", url, "/faults", body)
    click.echo(f"added {added['id']}")


@fault.command("clear")
@click.pass_obj
def fault_clear(url: str) -> None:
    """Remove every fault rule."""
    _admin("DELETE", url, "/faults")
    click.echo("faults cleared")


@sandbox.command()
@url_option
@control_token_option
@click.option("--org", "org_ids", multiple=True, required=True, help="A customer org id; repeatable.")
@click.option("--owner-email", default="partner-admin@example.com", show_default=True)
@click.option("--display-name", default="Sandbox Partner", show_default=True)
def partner(url: str, org_ids: tuple[str, ...], owner_email: str, display_name: str) -> None:
    """Make a partner organisation administering the orgs given; print its administrator's token.

    Each customer's stack then sets `callplan:token` to that token and `callplan:orgId` to its org.
    """
    body = {"orgIds": list(org_ids), "ownerEmail": owner_email, "displayName": display_name}
    made = _admin("POST", url, "/partners", body)
    click.echo(f"partner organization: {made['orgId']}")
    click.echo(f"administers:          {', '.join(made['orgIds'])}")
    click.echo(f"partner admin token:  {made['accessToken']}")


@sandbox.command("rate-limit")
@url_option
@control_token_option
@click.argument("requests_per_second", required=False)
def rate_limit(url: str, requests_per_second: str | None) -> None:
    """Show the rate limit, or set it (requests per second per token) or turn it `off`."""
    if requests_per_second is None:
        value = _admin("GET", url, "/rate-limit")["requestsPerSecond"]
    elif requests_per_second == "off":
        value = _admin("PUT", url, "/rate-limit", {"requestsPerSecond": None})["requestsPerSecond"]
    else:
        try:
            wanted = float(requests_per_second)
        except ValueError as exc:
            raise click.BadParameter("a number or 'off'", param_hint="REQUESTS_PER_SECOND") from exc
        value = _admin("PUT", url, "/rate-limit", {"requestsPerSecond": wanted})["requestsPerSecond"]
    click.echo(f"rate limit {'off' if value is None else f'{value:g} requests/s per token'}")


@sandbox.command()
@url_option
@control_token_option
@click.option("--to", help="Only the mail sent to this address.")
def mail(url: str, to: str | None) -> None:
    """Print the mail the organisations received: activation codes, invitations, port order news."""
    messages = _admin("GET", url, "/mail" + (f"?{urlencode({'to': to})}" if to else ""))["items"]
    if not messages:
        click.echo("no mail" + (f" to {to}" if to else ""))
    for message in messages:
        click.echo(f"{message['sentAt']}  to {message['to']}  {message['subject']}")
        click.echo(f"    {message['body']}")
        links = message.get("links") or {}
        if "acceptInvitation" in links:
            click.echo(f"    accept: POST {_base_url(url)}{links['acceptInvitation']}")
        if "downloadApp" in links:
            click.echo(f"    the app: {links['downloadApp']}")


@sandbox.command()
@url_option
@control_token_option
@click.option("--token", envvar="CALLPLAN_TOKEN", required=True, help="The organisation's token.")
@click.argument("count", required=False, type=click.IntRange(1, 10_000))
def licenses(url: str, token: str, count: int | None) -> None:
    """Show the plan's calling licences in use, or set how many the plan has (COUNT)."""
    from callplan_provider.sandbox.show import ApiReader

    reader = ApiReader(_base_url(url) + "/v1", token)
    try:
        if count is not None:
            (org,) = reader.items("/organizations", "items")
            _admin("PUT", url, f"/orgs/{org['id']}/licenses", {"totalUnits": count})
        calling = [
            lic for lic in reader.items("/licenses", "items") if lic["name"].startswith("Webex Calling")
        ]
    except ApiError as exc:
        raise _refused(exc) from None
    except requests.RequestException as exc:
        raise _unreachable(url, exc) from None
    for licence in calling:
        click.echo(f"calling licenses: {licence['consumedUnits']} of {licence['totalUnits']} used")


@sandbox.command()
@url_option
@control_token_option
def reset(url: str) -> None:
    """Forget every organisation, token, mail, fault, rate limit and clock setting."""
    _admin("POST", url, "/reset")
    click.echo("sandbox reset")


@main.command("policy-path")
def policy_path() -> None:
    """Print the folder of the calling-plan policy pack (for `pulumi preview --policy-pack`)."""
    from callplan_provider.policy import PolicyPackError, pack_path

    try:
        click.echo(pack_path())
    except PolicyPackError as err:
        raise click.ClickException(str(err)) from None


@main.group()
def schemas() -> None:
    """JSON Schemas of the resource inputs and the sandbox's OpenAPI document."""


@schemas.command("write")
@click.option(
    "--dir",
    "directory",
    default="schemas",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
)
def schemas_write(directory: Path) -> None:
    """Write the schemas (and `openapi.json`) into DIR."""
    from callplan_provider.schemas import write_schemas

    for path in write_schemas(directory):
        click.echo(f"wrote {path}")


def _pulumi_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A Pulumi project or stack name: letters, digits, `-`, `_` and `.`."""
    if value is not None and not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", value):
        raise click.BadParameter(f"{value!r}: use letters, digits, '-', '_' and '.' only, e.g. 'acme-office'")
    return value


@main.command("export")
@click.option(
    "--endpoint",
    envvar="CALLPLAN_ENDPOINT",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    show_envvar=True,
    help="API base URL, with /v1.",
)
@click.option(
    "--token",
    envvar=["CALLPLAN_TOKEN", "WEBEX_ACCESS_TOKEN"],
    required=True,
    show_envvar=True,
    help="An admin or read-only token of the organisation (only read; never written anywhere).",
)
@click.option(
    "--location",
    "location_id",
    envvar="CALLPLAN_LOCATION_ID",
    show_envvar=True,
    help="The location to export; needed when the organisation has several.",
)
@click.option(
    "--org-id",
    envvar="CALLPLAN_ORG_ID",
    show_envvar=True,
    help="A partner administrator's customer organisation to export (kept as `callplan:orgId`).",
)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Folder for the project (created)."
)
@click.option(
    "--project", callback=_pulumi_name, help="Pulumi project name.  [default: the --out folder's name]"
)
@click.option(
    "--stack", default="dev", show_default=True, callback=_pulumi_name, help="The stack config file's stack."
)
@click.option(
    "--virtualenv",
    default="venv",
    show_default=True,
    help="The virtualenv with callplan-provider, for Pulumi.yaml (relative to the project).",
)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (its files are replaced).")
@click.option("--dry-run", is_flag=True, help="Print what would be declared and skipped; write nothing.")
def export(
    endpoint: str,
    token: str,
    location_id: str | None,
    org_id: str | None,
    out: Path | None,
    project: str | None,
    stack: str,
    virtualenv: str,
    force: bool,
    dry_run: bool,
) -> None:
    """Write a Pulumi project that takes over an existing organisation (adopt=True everywhere)."""
    from callplan_provider import export as exporting
    from callplan_provider.client import CallingPlanApi

    if out is None and not dry_run:
        raise click.UsageError("give --out DIR (or --dry-run to see what would be exported)")
    if out is not None and not dry_run and not force and out.exists() and any(out.iterdir()):
        raise click.ClickException(
            f"{out} is not empty: choose a new folder, or --force to replace its files"
        )
    endpoint = endpoint.rstrip("/")
    try:
        snapshot = exporting.read_org(CallingPlanApi(endpoint, token, org_id=org_id), location_id)
    except exporting.ExportError as exc:
        raise click.ClickException(str(exc)) from None
    except ApiError as exc:
        raise (click.ClickException(exc.message) if exc.status is None else _refused(exc)) from None
    program = exporting.build_program(snapshot)
    if dry_run:
        click.echo(exporting.summary(program), nl=False)
        return
    assert out is not None
    settings = exporting.ProjectSettings(
        project=project or exporting.project_name(out),
        stack=stack,
        endpoint=endpoint,
        virtualenv=virtualenv,
        org_id=org_id or None,
    )
    exporting.write_project(exporting.project_files(program, settings), out)
    click.echo(exporting.written(program, settings, out), nl=False)


if __name__ == "__main__":
    main()
