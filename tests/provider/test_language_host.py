"""Our Python language host's `RunPlugin` over gRPC (the engine runs Python policy packs with it).

The host (`tools/engine/pulumi-language-python`) is served in-process; each test makes a plugin
folder whose `venv` is this test run's virtualenv, the way `callplan policy-path` links the pack's.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent import futures
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path
from types import ModuleType
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import language_pb2, language_pb2_grpc

HOST = Path(__file__).resolve().parents[2] / "tools" / "engine" / "pulumi-language-python"


def load_host() -> ModuleType:
    loader = SourceFileLoader("pulumi_language_python_host", str(HOST))
    spec = spec_from_loader(loader.name, loader)
    assert spec is not None
    module = module_from_spec(spec)
    loader.exec_module(module)
    return module


host_module = load_host()


@pytest.fixture(scope="module")
def language_host() -> Iterator[Any]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(host_module.LanguageHost(None, None), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield language_pb2_grpc.LanguageRuntimeStub(channel)
    server.stop(grace=None)


def plugin(folder: Path, main: str, venv: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__main__.py").write_text(main)
    if venv:
        (folder / "venv").symlink_to(sys.prefix, target_is_directory=True)
    return folder


def request(folder: Path, *args: str, pwd: Path | None = None, env: list[str] | None = None) -> Any:
    info = language_pb2.ProgramInfo(
        root_directory=str(folder), program_directory=str(folder), entry_point="."
    )
    return language_pb2.RunPluginRequest(
        pwd=str(pwd or folder), args=list(args), env=env or [], info=info, kind="analyzer"
    )


def collect(responses: Any) -> tuple[bytes, bytes, int | None]:
    out, err, code = b"", b"", None
    for response in responses:
        kind = response.WhichOneof("output")
        if kind == "stdout":
            out += response.stdout
        elif kind == "stderr":
            err += response.stderr
        else:
            code = response.exitcode
    return out, err, code


def test_run_plugin_streams_stdout_and_stderr_and_ends_without_a_code(
    language_host: Any, tmp_path: Path
) -> None:
    folder = plugin(tmp_path / "pack", "import sys\nprint(41000)\nprint('warming up', file=sys.stderr)\n")

    out, err, code = collect(language_host.RunPlugin(request(folder), timeout=60))

    assert (out, err, code) == (b"41000\n", b"warming up\n", None)


def test_run_plugin_runs_main_with_the_venv_args_pwd_and_env(language_host: Any, tmp_path: Path) -> None:
    main = (
        "import json, os, sys\n"
        "print(json.dumps([sys.prefix, sys.argv[1:], os.getcwd(), os.environ.get('PLUGIN_SETTING')]))\n"
    )
    folder = plugin(tmp_path / "pack", main)
    work = tmp_path / "project"
    work.mkdir()

    out, _, _ = collect(
        language_host.RunPlugin(
            request(folder, "127.0.0.1:4242", pwd=work, env=["PLUGIN_SETTING=on"]), timeout=60
        )
    )

    assert json.loads(out) == [str(folder / "venv"), ["127.0.0.1:4242"], str(work), "on"]


def test_run_plugin_output_arrives_while_the_plugin_runs(language_host: Any, tmp_path: Path) -> None:
    # Like pulumi_policy: the port goes to sys.stdout.buffer without a flush, then the plugin serves.
    release = tmp_path / "release"
    main = (
        "import os, sys, time\n"
        "sys.stdout.buffer.write(b'41001\\n')\n"
        f"while not os.path.exists({str(release)!r}): time.sleep(0.05)\n"
    )
    folder = plugin(tmp_path / "pack", main)

    responses = language_host.RunPlugin(request(folder), timeout=30)
    first = next(responses)
    release.touch()

    assert first.stdout == b"41001\n"
    assert collect(responses) == (b"", b"", None)


def test_run_plugin_nonzero_exit_ends_with_the_exit_code(language_host: Any, tmp_path: Path) -> None:
    folder = plugin(tmp_path / "pack", "import sys\nprint('no config', file=sys.stderr)\nsys.exit(3)\n")

    _, err, code = collect(language_host.RunPlugin(request(folder), timeout=60))

    assert (err, code) == (b"no config\n", 3)


def test_run_plugin_cancelled_stops_the_plugin(language_host: Any, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    main = (
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "print(41002)\ntime.sleep(120)\n"
    )
    folder = plugin(tmp_path / "pack", main)

    responses = language_host.RunPlugin(request(folder), timeout=60)
    assert next(responses).stdout.startswith(b"41002")
    responses.cancel()

    pid = int(pid_file.read_text())
    assert gone_within(pid, seconds=20)


def test_run_plugin_without_its_venv_fails_naming_it(language_host: Any, tmp_path: Path) -> None:
    folder = plugin(tmp_path / "pack", "print(1)\n", venv=False)

    with pytest.raises(grpc.RpcError) as failure:
        collect(language_host.RunPlugin(request(folder), timeout=60))

    assert failure.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "'venv'" in failure.value.details() and str(folder / "venv") in failure.value.details()


def test_plugin_command_of_a_buildable_package_runs_pulumi_run_plugin(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "acme-policies"\n'
    )
    env = host_module.PythonEnv(sys.executable, None)

    assert host_module.plugin_command(env, str(tmp_path)) == [
        sys.executable,
        "-u",
        "-m",
        "pulumi.run.plugin",
        "acme-policies",
    ]


def test_plugin_command_of_a_folder_with_neither_is_refused(tmp_path: Path) -> None:
    env = host_module.PythonEnv(sys.executable, None)

    with pytest.raises(host_module.EnvError, match=r"neither __main__\.py nor a buildable pyproject\.toml"):
        host_module.plugin_command(env, str(tmp_path))


def gone_within(pid: int, seconds: float) -> bool:
    """Whether process `pid` has exited (or is a zombie) within `seconds`, polling."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def test_gone_within_sees_a_live_process() -> None:
    assert not gone_within(os.getpid(), seconds=0.2)
