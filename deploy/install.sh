#!/bin/sh
# Installs the SmartCloudOps agent on this host with one command:
#
#   sudo sh deploy/install.sh --url https://scops.example.com --token ENROLLMENT_TOKEN [--label env=prod]...
#   curl -fsSL https://…/install.sh | sudo sh -s -- --url URL --token T --tarball https://…/smartcloudops.tar.gz
#
# From a checkout (with `pnpm install` done) it copies the agent from the checkout, building the
# production bundle (agent/dist/scops-agent.mjs, plain JavaScript run by node) if it is not built
# yet; with --tarball it downloads a release tarball of the repository (packages installed, bundle
# built). It then writes
# /etc/smartcloudops/agent.yaml with SAFE DEFAULTS (alerts only) unless that file exists, installs
# the systemd unit and starts it. Re-running it upgrades the code and keeps the configuration.
set -eu

PREFIX=/opt/smartcloudops
CONF_DIR=/etc/smartcloudops
STATE_DIR=/var/lib/smartcloudops
UNIT_DIR=/etc/systemd/system
BIN=/usr/local/bin/scops-agent
URL=
TOKEN=
LABELS=
HOSTNAME_OVERRIDE=
SOURCE=
TARBALL=
START=yes

say() { printf 'scops-install: %s\n' "$*"; }
die() { printf 'scops-install: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<USAGE
usage: install.sh --url URL --token TOKEN [--label k=v]... [--hostname NAME]
                  [--source DIR | --tarball URL] [--prefix DIR] [--no-start]
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=${2:?--url needs a value}; shift 2 ;;
    --token) TOKEN=${2:?--token needs a value}; shift 2 ;;
    --label) LABELS="$LABELS ${2:?--label needs k=v}"; shift 2 ;;
    --hostname) HOSTNAME_OVERRIDE=${2:?--hostname needs a value}; shift 2 ;;
    --source) SOURCE=${2:?--source needs a directory}; shift 2 ;;
    --tarball) TARBALL=${2:?--tarball needs a URL}; shift 2 ;;
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --no-start) START=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run as root (sudo)"
case "$URL" in
  http://*|https://*) ;;
  *) die "--url must be the control plane's http(s):// URL" ;;
esac
[ -n "$TOKEN" ] || [ -f "$CONF_DIR/agent.yaml" ] || die "--token is required for a first install"

command -v node >/dev/null 2>&1 || die "Node.js 20.11 or newer is required (https://nodejs.org or your distribution's nodejs package)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=11)?0:1)' \
  || die "Node.js $(node --version) is too old: 20.11 or newer is required"

# Where the code comes from: a tarball, an explicit checkout, or the checkout holding this script.
WORK=
cleanup() { if [ -n "$WORK" ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
if [ -n "$TARBALL" ]; then
  command -v curl >/dev/null 2>&1 || die "curl is needed for --tarball"
  WORK=$(mktemp -d)
  say "downloading $TARBALL"
  curl -fsSL "$TARBALL" | tar -xz -C "$WORK" --strip-components=1
  SOURCE=$WORK
elif [ -z "$SOURCE" ]; then
  SOURCE=$(CDPATH='' cd -- "$(dirname -- "$0")/.." 2>/dev/null && pwd) || die "cannot find the checkout; use --source or --tarball"
fi
[ -f "$SOURCE/agent/src/cli/scops-agent.ts" ] || die "$SOURCE is not a SmartCloudOps checkout (use --source or --tarball)"
[ -d "$SOURCE/node_modules" ] || die "$SOURCE has no node_modules: run 'pnpm install --prod' there first"

# The agent runs as one bundled JavaScript file under plain node (no TypeScript transpiling at run
# time). Build it here when the checkout has the build tools (dev dependencies) and no bundle yet.
DIST="$SOURCE/agent/dist/scops-agent.mjs"
if [ ! -f "$DIST" ]; then
  if [ ! -x "$SOURCE/node_modules/.bin/tsx" ] || [ ! -d "$SOURCE/agent/node_modules/esbuild" ]; then
    die "$DIST is missing: run 'pnpm install && pnpm build:agent' in $SOURCE first"
  fi
  say "building the agent bundle"
  (cd "$SOURCE/agent" && "$SOURCE/node_modules/.bin/tsx" build/bundle.ts) || die "building the agent bundle failed"
fi

say "installing the agent to $PREFIX"
mkdir -p "$PREFIX"
for part in package.json pnpm-workspace.yaml node_modules shared agent deploy; do
  rm -rf "${PREFIX:?}/$part"
  cp -a "$SOURCE/$part" "$PREFIX/$part"
done

NODE=$(command -v node)
cat >"$BIN" <<WRAPPER
#!/bin/sh
exec "$NODE" "$PREFIX/agent/dist/scops-agent.mjs" "\$@"
WRAPPER
chmod 0755 "$BIN"

mkdir -p "$CONF_DIR" "$STATE_DIR"
chmod 0750 "$CONF_DIR"
chmod 0700 "$STATE_DIR"
if [ -f "$CONF_DIR/agent.yaml" ]; then
  say "keeping the existing $CONF_DIR/agent.yaml"
else
  say "writing $CONF_DIR/agent.yaml (local policy: alerts only — edit it to allow more)"
  umask 077
  {
    printf '# Written by install.sh. Reference with every option: %s/deploy/agent.yaml\n' "$PREFIX"
    printf 'control_plane_url: "%s"\n' "$URL"
    printf 'enrollment_token: "%s"\n' "$TOKEN"
    if [ -n "$HOSTNAME_OVERRIDE" ]; then printf 'hostname: "%s"\n' "$HOSTNAME_OVERRIDE"; fi
    if [ -n "$LABELS" ]; then
      printf 'labels:\n'
      for kv in $LABELS; do
        case "$kv" in
          *=*) printf '  "%s": "%s"\n' "${kv%%=*}" "${kv#*=}" ;;
          *) die "label $kv is not key=value" ;;
        esac
      done
    fi
    printf 'policy:\n  actions:\n    send_alert: {}\n'
  } >"$CONF_DIR/agent.yaml"
  chmod 0600 "$CONF_DIR/agent.yaml"
fi

# The unit names `node` and /opt/smartcloudops: point it at this node and this prefix.
sed -e "s#^ExecStart=node #ExecStart=$NODE #" -e "s#/opt/smartcloudops#$PREFIX#g" \
  "$SOURCE/deploy/systemd/scops-agent.service" >"$UNIT_DIR/scops-agent.service"
chmod 0644 "$UNIT_DIR/scops-agent.service"
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  if [ "$START" = yes ]; then
    systemctl enable --now scops-agent.service
    systemctl restart scops-agent.service
    say "started: journalctl -u scops-agent -f"
  else
    systemctl enable scops-agent.service
    say "enabled; start with: systemctl start scops-agent"
  fi
else
  say "systemd is not running here: start the agent with '$BIN run --config $CONF_DIR/agent.yaml'"
fi
