#!/usr/bin/env bash
# Build the Pulumi engine that the end-to-end tests and `make demo` run, into .tools/bin/:
#
#   pulumi                          the real CLI, built from the Go module proxy at the version pinned
#                                   in tools/engine/go.mod (github.com/pulumi/pulumi/pkg/v3)
#   pulumi-language-python-exec     } helper scripts from the sdk/v3 module zip (same version);
#   pulumi-resource-pulumi-python   } the second one is the dynamic-provider plugin
#   pulumi-language-python          our own language host (tools/engine/pulumi-language-python):
#                                   the proxy serves no version of the upstream Go host module
#                                   (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3)
#                                   It runs on a small dedicated virtualenv, .tools/langhost.
#
# Quiet on success, loud on failure, and a no-op when everything is already in place. If a `pulumi`
# at least as new as the pin is on PATH, the CLI is not built; the Python pieces are added to
# .tools/bin only when that installation lacks them.
# A cold build of the CLI takes about 9 minutes on 2 cores (see tools/engine/README.md); later runs reuse the
# Go build cache.
set -Eeuo pipefail

LANGHOST_REQUIREMENT=pulumi==3.272.0  # the host only needs grpcio + pulumi's generated protobuf modules

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENGINE_DIR=$ROOT/tools/engine
TOOLS=$ROOT/.tools
BIN=$TOOLS/bin
LANGHOST_VENV=$TOOLS/langhost
LOG=$TOOLS/build-engine.log
HELPERS=(pulumi-language-python-exec pulumi-resource-pulumi-python)

# shellcheck source=scripts/pulumi-env.sh
. "$ROOT/scripts/pulumi-env.sh"
export GOFLAGS="-mod=readonly -buildvcs=false"

mkdir -p "$BIN"
: >"$LOG"

fail() {
    echo "build-engine: $*" >&2
    if [ -s "$LOG" ]; then
        echo "---- last 60 lines of $LOG ----" >&2
        tail -n 60 "$LOG" >&2
    fi
    exit 1
}
trap 'fail "failed at line $LINENO: $BASH_COMMAND"' ERR

# run CMD...: append its output to the log; fail loudly (with the log) if it fails.
run() {
    echo "+ $*" >>"$LOG"
    if ! "$@" >>"$LOG" 2>&1; then
        trap - ERR
        fail "command failed: $*"
    fi
}

version_of() {  # prints e.g. v3.274.1, or nothing
    "$1" version 2>/dev/null | head -n 1 | tr -d '[:space:]' || true
}

at_least() {  # at_least HAVE WANT  (both vX.Y.Z)
    [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n 1)" = "${2#v}" ]
}

# The pin: the version of github.com/pulumi/pulumi/pkg/v3 (and sdk/v3) in tools/engine/go.mod.
pinned() { awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2 }' "$ENGINE_DIR/go.mod"; }
PULUMI_VERSION=$(pinned github.com/pulumi/pulumi/pkg/v3)
[ -n "$PULUMI_VERSION" ] || fail "tools/engine/go.mod does not require github.com/pulumi/pulumi/pkg/v3"
[ "$(pinned github.com/pulumi/pulumi/sdk/v3)" = "$PULUMI_VERSION" ] ||
    fail "tools/engine/go.mod must require pkg/v3 and sdk/v3 at the same version (pkg/v3 is $PULUMI_VERSION)"

# ---------------------------------------------------------------------------------------------
# 1. The CLI.
cli_dir=""
if [ -x "$BIN/pulumi" ] && [ "$(version_of "$BIN/pulumi")" = "$PULUMI_VERSION" ]; then
    cli_dir=$BIN
else
    # A pulumi elsewhere on PATH (not ours) that is new enough?
    IFS=: read -r -a path_dirs <<<"$PATH"
    for d in "${path_dirs[@]}"; do
        [ -n "$d" ] && [ "$d" != "$BIN" ] && [ -x "$d/pulumi" ] || continue
        v=$(version_of "$d/pulumi")
        if [[ $v == v3.* ]] && at_least "$v" "$PULUMI_VERSION"; then
            cli_dir=$d
        fi
        break  # only the first pulumi on PATH counts: it is the one that would run
    done
fi

if [ "$cli_dir" != "" ] && [ "$cli_dir" != "$BIN" ]; then
    missing=()
    for f in pulumi-language-python "${HELPERS[@]}"; do
        [ -x "$cli_dir/$f" ] || missing+=("$f")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        exit 0  # a complete, new-enough installation is already on PATH
    fi
fi

need_go() {
    command -v go >/dev/null 2>&1 ||
        fail "go is not installed; it is needed to build the Pulumi engine ($PULUMI_VERSION)"
}

if [ "$cli_dir" = "" ]; then
    need_go
    run go -C "$ENGINE_DIR" build \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
        -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
    built=$(version_of "$BIN/pulumi")
    [ "$built" = "$PULUMI_VERSION" ] || fail "built $BIN/pulumi reports version '$built', expected $PULUMI_VERSION"
fi

# ---------------------------------------------------------------------------------------------
# 2. Helper scripts from the sdk/v3 module zip (module files are read-only: copy, then chmod).
stamp=$BIN/.helpers-version
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$PULUMI_VERSION" ] || ! [ -x "$BIN/${HELPERS[0]}" ] ||
    ! [ -x "$BIN/${HELPERS[1]}" ]; then
    need_go
    # `go mod download` is a no-op when the module is already in GOMODCACHE.
    run go -C "$ENGINE_DIR" mod download github.com/pulumi/pulumi/sdk/v3
    sdk_dir=$(go -C "$ENGINE_DIR" list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3 2>>"$LOG")
    [ -d "$sdk_dir/python" ] || fail "no python/ folder in the sdk/v3 module ('$sdk_dir')"
    install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec"
    install -m 0755 "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$BIN/pulumi-resource-pulumi-python"
    echo "$PULUMI_VERSION" >"$stamp"
fi

# ---------------------------------------------------------------------------------------------
# 3. Our language host and the virtualenv it runs on.
python=${PYTHON:-python3}
venv_stamp=$LANGHOST_VENV/.callplan-requirement
if [ "$(cat "$venv_stamp" 2>/dev/null || true)" != "$LANGHOST_REQUIREMENT" ] ||
    ! [ -x "$LANGHOST_VENV/bin/python" ]; then
    rm -rf "$LANGHOST_VENV"
    run "$python" -m venv "$LANGHOST_VENV"
    run "$LANGHOST_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$LANGHOST_REQUIREMENT"
    run "$LANGHOST_VENV/bin/python" -c "import grpc; from pulumi.runtime.proto import language_pb2_grpc, plugin_pb2"
    echo "$LANGHOST_REQUIREMENT" >"$venv_stamp"
fi

host_src=$ENGINE_DIR/pulumi-language-python
host_new=$BIN/.pulumi-language-python.new
{
    echo "#!$LANGHOST_VENV/bin/python"
    tail -n +2 "$host_src"
} >"$host_new"
chmod 0755 "$host_new"
if cmp -s "$host_new" "$BIN/pulumi-language-python"; then
    rm -f "$host_new"
else
    mv -f "$host_new" "$BIN/pulumi-language-python"
fi
