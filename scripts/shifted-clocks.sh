#!/usr/bin/env bash
# Run the date-sensitive tests (pytest marker `dates`) again under shifted wall clocks, so that no
# test can depend on the hour it runs at: 01:30 UTC, and 23:50 UTC on a Friday before a US public
# holiday (Monday 18 January 2027, Martin Luther King Jr. Day), so a run crosses midnight into a
# weekend. libfaketime (Debian's `faketime` package) shifts every process of the run by the same
# offset; it is installed when missing. Extra arguments go to pytest.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MOMENTS=("2026-12-03 01:30:00" "2027-01-15 23:50:00")

find_lib() {
    local dir
    for dir in /usr/lib/x86_64-linux-gnu/faketime /usr/lib/aarch64-linux-gnu/faketime /usr/lib/faketime; do
        if [ -e "$dir/libfaketimeMT.so.1" ]; then
            echo "$dir/libfaketimeMT.so.1"
            return
        fi
    done
}

LIB=$(find_lib)
if [ -z "$LIB" ]; then
    echo "shifted-clocks: installing Debian's faketime package (libfaketime)" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -qq faketime >/dev/null 2>&1 \
        || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq faketime >/dev/null; }
    LIB=$(find_lib)
    [ -n "$LIB" ] || { echo "shifted-clocks: libfaketime not found after installing faketime" >&2; exit 1; }
fi

for moment in "${MOMENTS[@]}"; do
    offset=$(($(date -u -d "$moment" +%s) - $(date -u +%s)))
    echo "shifted-clocks: the date-sensitive tests at $moment UTC" >&2
    # tools/faketime/sitecustomize.py works around libfaketime's sleep (see there).
    PYTHONPATH="$ROOT/tools/faketime${PYTHONPATH:+:$PYTHONPATH}" \
        FAKETIME="$(printf "%+d" "$offset")s" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$LIB" \
        .venv/bin/python -m pytest -m "dates and not e2e" -q -p no:cacheprovider "$@"
done
