#!/usr/bin/env bash
# `make demo`: the small-office example deployed by the real Pulumi engine against a local sandbox.
#
#   1. starts a sandbox in the background (state in .demo/sandbox.db), or reuses the running one
#   2. buys and activates an org seeded with the example's numbers (or reuses the demo's org)
#   3. creates the `demo` stack on a local file backend (.demo/state) and sets its config
#   4. `pulumi up --yes` of examples/stacks/small-office
#   5. shows the org as the sandbox sees it, and the stack's outputs, then what to try next
#
# Offline and idempotent: run it again and it reuses the sandbox, the org and the stack (a second
# `up` changes nothing). The sandbox keeps running after the script ends, so the commands it
# prints work straight away; `./scripts/demo.sh stop` stops it (`make clean` also removes .demo/).
#
# `make demo` installs the venv and builds the engine first; run directly, this script expects both.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEMO=$ROOT/.demo
PROJECT=$ROOT/examples/stacks/small-office
STACK=demo
PID_FILE=$DEMO/sandbox.pid
URL_FILE=$DEMO/sandbox.url
ORG_FILE=$DEMO/org.env
ENV_FILE=$DEMO/env.sh
NUMBERS=(+14155550100 +14155550101 +14155550102)
OWNER_EMAIL=owner@example.com

# shellcheck source=scripts/pulumi-env.sh
. "$ROOT/scripts/pulumi-env.sh"
export PATH="$ROOT/.venv/bin:$PATH"
export PULUMI_BACKEND_URL="file://$DEMO/state"
export PULUMI_CONFIG_PASSPHRASE=callplan-demo  # the demo stack's secrets; not a real secret
unset PULUMI_CONFIG_PASSPHRASE_FILE
unset CALLPLAN_ENDPOINT CALLPLAN_TOKEN CALLPLAN_LOCATION_ID WEBEX_ACCESS_TOKEN

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }

sandbox_alive() {
    [ -s "$PID_FILE" ] && [ -s "$URL_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null &&
        python - "$(cat "$URL_FILE")" <<'EOF'
import sys, requests
try:
    requests.get(sys.argv[1] + "/v1/people", timeout=2)  # 401 is fine: it answers
except requests.RequestException:
    sys.exit(1)
EOF
}

stop_sandbox() {
    if [ -s "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        kill "$(cat "$PID_FILE")"
        echo "demo: sandbox stopped (its state stays in .demo/sandbox.db)"
    else
        echo "demo: no sandbox running"
    fi
    rm -f "$PID_FILE" "$URL_FILE"
}

start_sandbox() {
    if sandbox_alive; then
        echo "reusing the sandbox at $(cat "$URL_FILE") (pid $(cat "$PID_FILE"))"
        return
    fi
    stop_sandbox >/dev/null  # a leftover that does not answer
    : >"$DEMO/sandbox.log"
    # In its own session where possible (setsid), so a Ctrl-C in this terminal does not stop it.
    local detach=()
    command -v setsid >/dev/null && detach=(setsid)
    PYTHONUNBUFFERED=1 ${detach[@]+"${detach[@]}"} callplan sandbox serve --port 0 --db "$DEMO/sandbox.db" \
        >>"$DEMO/sandbox.log" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    local url=""
    for _ in $(seq 1 300); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$DEMO/sandbox.log" | head -n 1 || true)
        [ -n "$url" ] && break
        kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { cat "$DEMO/sandbox.log" >&2; die "the sandbox did not start"; }
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$DEMO/sandbox.log" >&2; die "the sandbox printed no URL within 30 s"; }
    echo "$url" >"$URL_FILE"
    echo "sandbox listening at $url (pid $(cat "$PID_FILE"), log .demo/sandbox.log)"
}

org_works() {  # the saved org's token is accepted by the running sandbox
    [ -s "$ORG_FILE" ] || return 1
    # shellcheck disable=SC1090
    (. "$ORG_FILE" && python - "$(cat "$URL_FILE")/v1" "$CALLPLAN_TOKEN" <<'EOF'
import sys, requests
reply = requests.get(sys.argv[1] + "/people", params={"max": 1},
                     headers={"Authorization": "Bearer " + sys.argv[2]}, timeout=5)
sys.exit(0 if reply.ok else 1)
EOF
    )
}

create_org() {
    if org_works; then
        echo "reusing the demo org (.demo/org.env)"
        return
    fi
    local args=(--url "$(cat "$URL_FILE")" --format env --owner-email "$OWNER_EMAIL")
    for n in "${NUMBERS[@]}"; do args+=(--number "$n"); done
    # A number belongs to one org: an earlier demo org in .demo/sandbox.db may still hold them.
    callplan sandbox init "${args[@]}" >"$ORG_FILE.new" ||
        die "sandbox init failed (numbers of an earlier demo org? \`make clean\` starts afresh)"
    grep -q '^CALLPLAN_TOKEN=' "$ORG_FILE.new" || { cat "$ORG_FILE.new" >&2; die "sandbox init printed no token"; }
    mv -f "$ORG_FILE.new" "$ORG_FILE"
    echo "org created and activated; owner $OWNER_EMAIL, numbers ${NUMBERS[*]}"
}

write_env_file() {  # what a person sources to run pulumi and callplan on the demo by hand
    cat >"$ENV_FILE" <<EOF
# Source me (\`. .demo/env.sh\`) to run pulumi and callplan against the demo.
. "$ROOT/scripts/pulumi-env.sh"
export PATH="$ROOT/.venv/bin:\$PATH"
export PULUMI_BACKEND_URL="$PULUMI_BACKEND_URL"
export PULUMI_CONFIG_PASSPHRASE="$PULUMI_CONFIG_PASSPHRASE"
export CALLPLAN_SANDBOX_URL="$(cat "$URL_FILE")"
export CALLPLAN_SANDBOX_TOKEN="$CALLPLAN_TOKEN"
EOF
}

case "${1:-up}" in
    stop) stop_sandbox; exit 0 ;;
    up) ;;
    *) die "usage: $0 [up|stop]" ;;
esac

command -v pulumi >/dev/null || die "no pulumi on PATH: run \`make engine\` (or \`make demo\`, which builds it)"
command -v callplan >/dev/null || die "no callplan command: run \`make install\` (or \`make demo\`)"
mkdir -p "$DEMO/state"

say "Sandbox"
start_sandbox
create_org
# shellcheck disable=SC1090
. "$ORG_FILE"
ENDPOINT="$(cat "$URL_FILE")/v1"
write_env_file

say "Stack '$STACK' of examples/stacks/small-office (state in .demo/state)"
cd "$PROJECT"
pulumi stack select "$STACK" --create --non-interactive >/dev/null
pulumi config set callplan:endpoint "$ENDPOINT" --non-interactive
pulumi config set callplan:locationId "$CALLPLAN_LOCATION_ID" --non-interactive
pulumi config set --secret callplan:token "$CALLPLAN_TOKEN" --non-interactive

say "pulumi up"
pulumi up --yes --non-interactive

say "The org, as the sandbox sees it (callplan sandbox show)"
callplan sandbox show --url "$(cat "$URL_FILE")" --token "$CALLPLAN_TOKEN"

say "Stack outputs (pulumi stack output)"
pulumi stack output --non-interactive

cat <<EOF

$(printf '\033[1m')Next steps$(printf '\033[0m') (the sandbox keeps running in the background):

  . .demo/env.sh && cd examples/stacks/small-office

  Preview a change - "press 2 for support" now rings Carol:
      pulumi config set supportUser carol
      pulumi preview --diff            # one update: the phone menu
      pulumi up --yes

  See the org again:   callplan sandbox show --url \$CALLPLAN_SANDBOX_URL --token \$CALLPLAN_SANDBOX_TOKEN
  Catch drift:         pulumi preview --refresh --expect-no-changes
  Check the policies:  pulumi preview --policy-pack "\$(callplan policy-path)"
  Tear it down:        pulumi config set protectMainNumber false && pulumi up --yes
                       pulumi destroy --yes    (people, lines and menu go; the numbers stay)
  Stop the sandbox:    ./scripts/demo.sh stop  (state stays in .demo/; \`make clean\` removes it)
EOF
