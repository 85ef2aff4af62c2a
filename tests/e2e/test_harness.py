"""The harness's translation of CLI flags into Automation API keywords (no engine needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import automation
from pulumi.automation.errors import CommandError

from tests.e2e import pulumi_cli
from tests.e2e.pulumi_cli import PulumiError, PulumiProject, engine_env, operation_keywords


def test_operation_keywords_map_flags_to_the_methods_keywords() -> None:
    flags = ("--refresh", "--expect-no-changes", "--policy-pack", "a", "--policy-pack=b", "--parallel", "2")

    assert operation_keywords(automation.Stack.preview, flags) == {
        "refresh": True,
        "expect_no_changes": True,
        "policy_packs": ["a", "b"],
        "parallel": 2,
    }


def test_operation_keywords_drop_what_the_automation_api_always_passes() -> None:
    assert operation_keywords(automation.Stack.up, ("--yes", "--skip-preview")) == {}


def test_operation_keywords_of_a_flag_the_method_lacks_are_none() -> None:
    assert operation_keywords(automation.Stack.refresh, ("--refresh",)) is None


def test_operation_keywords_of_an_unknown_or_odd_flag_are_none() -> None:
    assert operation_keywords(automation.Stack.preview, ("--show-reads",)) is None
    assert operation_keywords(automation.Stack.preview, ("--refresh=false",)) is None
    assert operation_keywords(automation.Stack.preview, ("--target",)) is None


# --- secrets in the harness's errors -----------------------------------------------------------------

TOKEN = "harness-test-token-0f3c9a7e51"
PIN = "802461"


@pytest.fixture
def failing_pulumi(tmp_path: Path) -> Path:
    """A `pulumi` whose `config` commands fail, echoing their arguments (as a real one may:
    `error: invalid value ... <value>`), or hang when a file `SLEEP` is next to it; the others pass."""
    script = tmp_path / "bin" / "pulumi"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        'case "$*" in *version*) echo v3.200.0; exit 0;; *config*) ;; *) exit 0;; esac\n'
        f'if [ -f "{tmp_path}/SLEEP" ]; then exec sleep 30; fi\n'
        'echo "running: $*"\n'
        'echo "error: could not run: $*" >&2\n'
        "exit 1\n"
    )
    script.chmod(0o755)
    return script


@pytest.fixture
def project(tmp_path: Path, failing_pulumi: Path, monkeypatch: pytest.MonkeyPatch) -> PulumiProject:
    monkeypatch.setattr(pulumi_cli, "find_pulumi", lambda: failing_pulumi)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: harness\nruntime: python\n")
    env = engine_env(tmp_path / "home", tmp_path / "state")
    return PulumiProject(folder, env)


def test_a_failed_config_set_of_a_secret_says_so_without_the_secret(project: PulumiProject) -> None:
    with pytest.raises(CommandError) as failed:
        project.init_stack({"callplan:endpoint": "http://127.0.0.1:1/v1"}, {"callplan:token": TOKEN})
    with pytest.raises(CommandError) as failed_too:
        project.set_config({}, {"pin": PIN})
    for error in (failed.value, failed_too.value):
        assert "config set-all" in str(error)
        assert "--secret pin=[secret]" in str(failed_too.value)
        for text in (str(error), repr(error), repr(error.args)):
            assert TOKEN not in text and PIN not in text


def test_a_failed_command_line_with_a_secret_raises_without_it(project: PulumiProject) -> None:
    project.known_secrets.add(TOKEN)
    with pytest.raises(PulumiError) as failed:
        project.run("config", "set", "--secret", "pin", PIN)
    with pytest.raises(PulumiError) as failed_too:
        project.run("config", "set", "--secret", "callplan:token", TOKEN)
    for error in (failed.value, failed_too.value):
        assert "exited 1" in str(error)
        assert "[secret]" in str(error)
        assert TOKEN not in str(error) and PIN not in str(error)
    assert all(PIN not in " ".join(done.argv) for done in project.command.completed)


def test_a_command_that_times_out_raises_without_its_secrets(project: PulumiProject) -> None:
    (project.folder.parent / "SLEEP").touch()
    project.command.timeout = 0.5
    with pytest.raises(PulumiError) as failed:
        project.set_config({}, {"callplan:token": TOKEN})
    assert "timed out" in str(failed.value)
    assert TOKEN not in str(failed.value)


def test_a_secret_after_the_end_of_options_is_known_even_when_it_starts_with_a_dash() -> None:
    """The Automation API's `set_config` ends with `-- VALUE`: whatever follows `--` is the value."""
    argv = ["config", "set", "pin", "--secret", "--stack", "e2e", "--non-interactive", "--", "-8024"]
    assert pulumi_cli.secrets_in_argv(argv) == {"-8024"}
    assert pulumi_cli.secrets_in_argv(["config", "set", "pin", "--secret", "--", "8024"]) == {"8024"}
