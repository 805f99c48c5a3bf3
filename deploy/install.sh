#!/bin/sh
# Installs (or upgrades) the SmartCloudOps agent on this host from a release tarball built by
# `pnpm release`:
#
#   sudo sh install.sh --tarball ./smartcloudops-agent-0.1.0-linux-x64.tar.gz --url https://scops.example.com --token ENROLLMENT_TOKEN
#   sudo sh install.sh --tarball https://dl.example.com/smartcloudops-agent-0.1.0-linux-x64.tar.gz --sha256 HEX --url URL --token T
#   sudo sh deploy/install.sh --url URL --token T        (from inside an extracted release)
#
# It checks the tarball's own sha256 (--sha256, or URL.sha256 / PATH.sha256 beside it), then every
# file against the release's SHA256SUMS, and refuses files the release does not list. The release
# is unpacked to PREFIX/releases/VERSION and PREFIX/current points at it (the previous one stays,
# for a rollback). /etc/smartcloudops/agent.yaml is written with SAFE DEFAULTS (alerts only) only
# when it does not exist: an upgrade keeps the configuration and the state directory.
# Nothing here is built on the host: the tarball holds the bundle, the ONNX Runtime native files,
# the default model and (unless built with --no-node) Node.js itself.
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
TARBALL=
SHA256=
START=yes

say() { printf 'scops-install: %s\n' "$*"; }
die() { printf 'scops-install: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<USAGE
usage: install.sh [--tarball PATH|URL [--sha256 HEX]] --url URL --token TOKEN
                  [--label k=v]... [--hostname NAME] [--prefix DIR] [--no-start]
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=${2:?--url needs a value}; shift 2 ;;
    --token) TOKEN=${2:?--token needs a value}; shift 2 ;;
    --label) LABELS="$LABELS ${2:?--label needs k=v}"; shift 2 ;;
    --hostname) HOSTNAME_OVERRIDE=${2:?--hostname needs a value}; shift 2 ;;
    --tarball) TARBALL=${2:?--tarball needs a path or URL}; shift 2 ;;
    --sha256) SHA256=${2:?--sha256 needs a hex digest}; shift 2 ;;
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --no-start) START=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run as root (sudo)"
# These values are written into YAML and a unit file: allow only characters that need no quoting.
case "$URL" in
  http://*|https://*) ;;
  *) die "--url must be the control plane's http(s):// URL" ;;
esac
case "$URL" in *[!A-Za-z0-9._~:/?#@!\$\&\'\(\)*+,\;=%-]*|*\"*) die "--url contains characters a URL cannot have" ;; esac
case "$TOKEN" in *[!A-Za-z0-9_.-]*) die "--token may contain only letters, digits, '_', '.' and '-'" ;; esac
case "$HOSTNAME_OVERRIDE" in *[!A-Za-z0-9_.-]*) die "--hostname may contain only letters, digits, '_', '.' and '-'" ;; esac
for kv in $LABELS; do
  case "$kv" in
    *=*) ;;
    *) die "label $kv is not key=value" ;;
  esac
  case "$kv" in *[!A-Za-z0-9_./=-]*) die "label $kv: keys and values may contain only letters, digits, '_', '.', '/' and '-'" ;; esac
done
[ -n "$TOKEN" ] || [ -f "$CONF_DIR/agent.yaml" ] || die "--token is required for a first install"
case "$SHA256" in
  '') ;;
  *[!0-9a-f]*) die "--sha256 must be 64 lowercase hex digits" ;;
  *) [ ${#SHA256} -eq 64 ] || die "--sha256 must be 64 lowercase hex digits" ;;
esac
command -v sha256sum >/dev/null 2>&1 || die "sha256sum (coreutils) is needed to verify the release"

WORK=$(mktemp -d)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# Where the release comes from: a tarball (path or URL), or the extracted release holding this script.
if [ -n "$TARBALL" ]; then
  case "$TARBALL" in
    http://*|https://*)
      command -v curl >/dev/null 2>&1 || die "curl is needed to download $TARBALL"
      say "downloading $TARBALL"
      curl -fsSL -o "$WORK/release.tar.gz" "$TARBALL" || die "download of $TARBALL failed"
      if [ -z "$SHA256" ]; then
        SHA256=$(curl -fsSL "$TARBALL.sha256" | cut -d' ' -f1) || die "no --sha256 given and $TARBALL.sha256 cannot be downloaded"
      fi
      ;;
    *)
      [ -f "$TARBALL" ] || die "$TARBALL does not exist"
      cp "$TARBALL" "$WORK/release.tar.gz"
      if [ -z "$SHA256" ] && [ -f "$TARBALL.sha256" ]; then SHA256=$(cut -d' ' -f1 "$TARBALL.sha256"); fi
      ;;
  esac
  if [ -n "$SHA256" ]; then
    printf '%s  %s\n' "$SHA256" "$WORK/release.tar.gz" | sha256sum -c --quiet - >/dev/null 2>&1 \
      || die "the tarball's sha256 is not $SHA256: refusing it"
    say "tarball sha256 verified"
  else
    say "warning: no sha256 for the tarball itself (--sha256 or $TARBALL.sha256); checking its files only"
  fi
  mkdir "$WORK/x"
  tar -xzf "$WORK/release.tar.gz" -C "$WORK/x" --no-same-owner || die "$TARBALL is not a gzip tarball"
  set -- "$WORK"/x/smartcloudops-agent-*
  if [ $# -ne 1 ] || [ ! -d "$1" ]; then die "$TARBALL does not hold one smartcloudops-agent-* directory"; fi
  SOURCE=$1
else
  SOURCE=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
fi
if [ ! -f "$SOURCE/SHA256SUMS" ] || [ ! -f "$SOURCE/manifest.json" ]; then
  die "$SOURCE is not a SmartCloudOps release (no SHA256SUMS/manifest.json): build one with 'pnpm release' and pass --tarball"
fi

# Every file must be listed and match; a file the release does not list is refused too.
(cd "$SOURCE" && sha256sum -c --quiet --strict SHA256SUMS) || die "checksum mismatch in the release: refusing it"
listed=$(wc -l <"$SOURCE/SHA256SUMS")
present=$(cd "$SOURCE" && find . -type f ! -name SHA256SUMS ! -name manifest.json | wc -l)
[ "$listed" -eq "$present" ] || die "the release holds $present files but SHA256SUMS lists $listed: refusing it"
say "all $listed files verified against SHA256SUMS"

VERSION=$(sed -n 's/^  "version": "\([0-9A-Za-z.+-]*\)",$/\1/p' "$SOURCE/manifest.json")
[ -n "$VERSION" ] || die "manifest.json has no version"

if [ -x "$SOURCE/node/bin/node" ]; then
  NODE_REL=node/bin/node
  "$SOURCE/$NODE_REL" -e '' 2>/dev/null || die "the bundled node does not run on this host (wrong architecture or C library?)"
else
  NODE_REL=
  command -v node >/dev/null 2>&1 || die "this release has no Node.js inside: install Node.js 20.11 or newer, or use the release built with it"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=11)?0:1)' \
    || die "Node.js $(node --version) is too old: 20.11 or newer is required"
fi

say "installing agent $VERSION to $PREFIX/releases/$VERSION"
mkdir -p "$PREFIX/releases"
rm -rf "${PREFIX:?}/releases/$VERSION.new"
cp -a "$SOURCE" "$PREFIX/releases/$VERSION.new"
rm -rf "${PREFIX:?}/releases/$VERSION"
mv "$PREFIX/releases/$VERSION.new" "$PREFIX/releases/$VERSION"
# Swap `current` atomically (rename over the old link); keep what it pointed at as `previous`.
OLD=$(readlink "$PREFIX/current" 2>/dev/null || true)
if [ -n "$OLD" ] && [ "$OLD" != "releases/$VERSION" ]; then ln -sfn "$OLD" "$PREFIX/previous"; fi
ln -sfn "releases/$VERSION" "$PREFIX/current.new"
mv -T "$PREFIX/current.new" "$PREFIX/current"

# The launcher lives outside the releases (a broken release cannot break it): it rolls back an
# upgrade that did not connect, then runs the release's node (else this host's) on `current`.
HOST_NODE=$(command -v node 2>/dev/null || true)
mkdir -p "$PREFIX/bin"
sed -e "s#@HOST_NODE@#${HOST_NODE:-@HOST_NODE@}#" "$PREFIX/current/deploy/scops-agent-launch" >"$PREFIX/bin/scops-agent-launch.new"
chmod 0755 "$PREFIX/bin/scops-agent-launch.new"
mv "$PREFIX/bin/scops-agent-launch.new" "$PREFIX/bin/scops-agent-launch"
cat >"$BIN" <<WRAPPER
#!/bin/sh
exec "$PREFIX/bin/scops-agent-launch" "\$@"
WRAPPER
chmod 0755 "$BIN"
[ -n "$NODE_REL" ] || [ -n "$HOST_NODE" ] || die "no node for this release"

mkdir -p "$CONF_DIR" "$STATE_DIR"
chmod 0750 "$CONF_DIR"
chmod 0700 "$STATE_DIR"
if [ -f "$CONF_DIR/agent.yaml" ]; then
  say "keeping the existing $CONF_DIR/agent.yaml"
else
  say "writing $CONF_DIR/agent.yaml (local policy: alerts only — edit it to allow more)"
  umask 077
  {
    printf '# Written by install.sh. Reference with every option: %s/current/deploy/agent.yaml\n' "$PREFIX"
    printf 'control_plane_url: "%s"\n' "$URL"
    printf 'enrollment_token: "%s"\n' "$TOKEN"
    if [ -n "$HOSTNAME_OVERRIDE" ]; then printf 'hostname: "%s"\n' "$HOSTNAME_OVERRIDE"; fi
    if [ -n "$LABELS" ]; then
      printf 'labels:\n'
      for kv in $LABELS; do printf '  "%s": "%s"\n' "${kv%%=*}" "${kv#*=}"; done
    fi
    printf 'policy:\n  actions:\n    send_alert: {}\n'
  } >"$CONF_DIR/agent.yaml"
  chmod 0600 "$CONF_DIR/agent.yaml"
fi

# The unit names /opt/smartcloudops (the launcher, the writable path): point it at this prefix.
mkdir -p "$UNIT_DIR"
sed -e "s#/opt/smartcloudops#$PREFIX#g" \
  "$PREFIX/current/deploy/systemd/scops-agent.service" >"$UNIT_DIR/scops-agent.service.new"
chmod 0644 "$UNIT_DIR/scops-agent.service.new"
mv "$UNIT_DIR/scops-agent.service.new" "$UNIT_DIR/scops-agent.service"
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  if [ "$START" = yes ]; then
    systemctl enable scops-agent.service
    systemctl restart scops-agent.service
    say "started: journalctl -u scops-agent -f"
  else
    systemctl enable scops-agent.service
    say "enabled; start with: systemctl start scops-agent"
  fi
else
  say "systemd is not running here: start the agent with '$BIN run --config $CONF_DIR/agent.yaml --state-dir $STATE_DIR'"
fi
say "installed agent $VERSION"
