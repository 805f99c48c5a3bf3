#!/bin/sh
# Builds the base image every SmartCloudOps image starts FROM: a minimal Debian 12 root made with
# debootstrap from the Debian mirror and imported with `docker import` (no image registry needed).
#
#   sh deploy/images/build-base.sh [IMAGE] [MIRROR]     (root; needs debootstrap and docker)
#
# IMAGE defaults to smartcloudops/debian:bookworm. About 30-40 s with a reachable mirror.
set -eu
IMAGE=${1:-smartcloudops/debian:bookworm}
MIRROR=${2:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null 2>&1 || { echo "build-base: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
command -v docker >/dev/null 2>&1 || { echo "build-base: the docker CLI is not installed" >&2; exit 1; }
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
debootstrap --variant=minbase bookworm "$ROOT/rootfs" "$MIRROR" >"$ROOT/debootstrap.log" 2>&1 \
  || { tail -n 20 "$ROOT/debootstrap.log" >&2; echo "build-base: debootstrap failed" >&2; exit 1; }
# Package caches and lists are of no use in an image and add ~30 MiB.
rm -rf "$ROOT/rootfs/var/cache/apt/archives/"*.deb "$ROOT/rootfs/var/lib/apt/lists/"*
tar -C "$ROOT/rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE" >/dev/null
echo "build-base: $IMAGE built"
