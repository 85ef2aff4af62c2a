"""`callplan export` against the sandbox: the files, the dry run, the settings, and clear errors."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import urllib3
import yaml
from click.testing import CliRunner, Result

from callplan_provider.cli import main
from callplan_provider.sandbox.bootstrap import OrgHandle, create_activated_org, create_partner
from callplan_provider.sandbox.server import SandboxServer
from tests.sandbox.helpers import create_calling_user
from tests.sandbox.org_plans import plan_numbers
from tests.unit.test_session import closed_port

pytestmark = pytest.mark.sandbox_only("a fresh organisation to export")

NO_SETTINGS = {
    "CALLPLAN_ENDPOINT": None,
    "CALLPLAN_TOKEN": None,
    "WEBEX_ACCESS_TOKEN": None,
    "CALLPLAN_LOCATION_ID": None,
    "CALLPLAN_ORG_ID": None,
}


@pytest.fixture
def org(sandbox: SandboxServer) -> OrgHandle:
    """An organisation with numbers of the export tests' own range."""
    return create_activated_org(sandbox.url, numbers=plan_numbers(2))


def export(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(main, ["export", *args], env={**NO_SETTINGS, **(env or {})})


def test_export_writes_the_project_and_never_the_token(org: OrgHandle, api, tmp_path: Path) -> None:
    create_calling_user(api, org, "ann@example.com", "201", org.numbers[0])
    out = tmp_path / "acme-calling"

    result = export(
        "--endpoint", org.api_url, "--token", org.admin_token, "--out", str(out), "--stack", "prod"
    )

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".gitignore",
        "Pulumi.prod.yaml",
        "Pulumi.yaml",
        "README.md",
        "__main__.py",
        "requirements.txt",
    ]
    assert yaml.safe_load((out / "Pulumi.yaml").read_text())["name"] == "acme-calling"
    assert (
        yaml.safe_load((out / "Pulumi.prod.yaml").read_text())["config"]["callplan:endpoint"] == org.api_url
    )
    assert "ann_line = cp.Extension(" in (out / "__main__.py").read_text()
    assert all(org.admin_token not in p.read_text() for p in out.iterdir())
    assert org.admin_token not in result.output
    assert result.output.endswith(
        f"next: cd {out} && pulumi stack init prod && pulumi config set --secret callplan:token <token> "
        "&& pulumi up\n"
    )


def test_export_of_a_partners_customer_keeps_its_org_id(
    org: OrgHandle, api, sandbox: SandboxServer, tmp_path: Path
) -> None:
    create_calling_user(api, org, "ann@example.com", "201", org.numbers[0])
    partner = create_partner(sandbox.url, [org.org_id])

    result = export(
        "--token",
        partner.admin_token,
        "--org-id",
        org.org_id,
        "--out",
        str(tmp_path / "p"),
        env={"CALLPLAN_ENDPOINT": org.api_url, "CALLPLAN_LOCATION_ID": org.location_id},
    )

    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "p" / "Pulumi.dev.yaml").read_text())["config"]
    assert config["callplan:orgId"] == org.org_id
    assert "ann_line = cp.Extension(" in (tmp_path / "p" / "__main__.py").read_text()


def test_export_takes_endpoint_token_and_location_from_the_environment(
    org: OrgHandle, tmp_path: Path
) -> None:
    result = export("--out", str(tmp_path / "p"), env=org.env())

    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "p" / "Pulumi.dev.yaml").read_text())["config"]
    assert (config["callplan:endpoint"], config["callplan:locationId"]) == (org.api_url, org.location_id)


def test_export_works_with_a_read_only_token(org: OrgHandle, tmp_path: Path) -> None:
    result = export("--endpoint", org.api_url, "--token", org.read_token, "--out", str(tmp_path / "p"))

    assert result.exit_code == 0, result.output


def test_dry_run_prints_what_would_be_declared_and_writes_nothing(
    org: OrgHandle, api, tmp_path: Path
) -> None:
    create_calling_user(api, org, "ann@example.com", "201")
    out = tmp_path / "p"

    result = export("--endpoint", org.api_url, "--token", org.admin_token, "--out", str(out), "--dry-run")

    assert result.exit_code == 0, result.output
    assert "  User        2\n  Extension   1\n" in result.output  # Ann and the account owner
    assert f"not declared (1):\n  - the main number {org.main_number}: it rings nobody" in result.output
    assert not out.exists()


def test_export_refuses_a_folder_that_is_not_empty_unless_forced(org: OrgHandle, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    args = ("--endpoint", org.api_url, "--token", org.admin_token, "--out", str(tmp_path))

    refused = export(*args)
    forced = export(*args, "--force")

    assert refused.exit_code == 1
    assert f"{tmp_path} is not empty: choose a new folder, or --force" in refused.output
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "__main__.py").is_file()


def test_export_without_out_or_dry_run_says_what_to_give(org: OrgHandle) -> None:
    result = export("--endpoint", org.api_url, "--token", org.admin_token)

    assert result.exit_code == 2
    assert "give --out DIR (or --dry-run" in result.output


def test_export_of_an_unknown_location_names_the_locations(org: OrgHandle) -> None:
    result = export(
        "--endpoint", org.api_url, "--token", org.admin_token, "--location", "nowhere", "--dry-run"
    )

    assert result.exit_code == 1
    assert (
        f"the organisation has no location nowhere; its locations: Main Office ({org.location_id})"
        in result.output
    )


def test_export_with_a_bad_token_says_the_api_refused(org: OrgHandle) -> None:
    result = export("--endpoint", org.api_url, "--token", "not-a-token", "--dry-run")

    assert result.exit_code == 1
    assert "the API refused GET" in result.output
    assert "(401)" in result.output
    assert "Traceback" not in result.output


def test_export_to_an_endpoint_that_does_not_answer_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urllib3.util.retry, "time", SimpleNamespace(sleep=lambda s: None, time=time.time))
    endpoint = f"http://127.0.0.1:{closed_port()}/v1"

    result = export("--endpoint", endpoint, "--token", "t", "--dry-run")

    assert result.exit_code == 1
    assert result.output == f"Error: no reply from {endpoint} (connection refused)\n"
