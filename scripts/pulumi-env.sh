# Environment for running the Pulumi engine that `make engine` builds, fully offline.
# Source it (bash or sh): `. scripts/pulumi-env.sh`. It only exports variables.
#
# Still up to the caller (deliberately not defaulted here):
#   PULUMI_BACKEND_URL=file://<dir>   a local state backend (or run `pulumi login --local`)
#   PULUMI_CONFIG_PASSPHRASE=<any>    the secrets passphrase the file backend needs
# Do not set PULUMI_IGNORE_AMBIENT_PLUGINS: the CLI must find the language host and the dynamic
# provider plugin (pulumi-resource-pulumi-python) on PATH / next to itself in .tools/bin.

if [ -n "${BASH_SOURCE:-}" ]; then
    _callplan_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
else
    _callplan_root=$(pwd)
fi

case ":${PATH:-}:" in
    *":$_callplan_root/.tools/bin:"*) ;;
    *) PATH="$_callplan_root/.tools/bin${PATH:+:$PATH}" ;;
esac
export PATH

# No network: never ask for a newer CLI, never download plugins.
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Keep the CLI's own state (credentials.json, plugin cache, workspace settings) out of ~/.pulumi.
export PULUMI_HOME="${PULUMI_HOME:-$_callplan_root/.tools/pulumi-home}"

unset _callplan_root
