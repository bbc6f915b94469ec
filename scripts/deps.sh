#!/bin/sh
# deps.sh: install with apt-get what building, testing, checking and
# benchmarking the series needs (gnuplot-nox draws make bench's plot;
# stress-ng and rt-tests' hackbench are third-party workloads the guest
# runs).
# Quick when everything is there already.
set -eu
pkgs="linux-source-6.1 linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev
cpio kmod xz-utils rsync git python3 python3-ply python3-git ccache sparse coccinelle
qemu-system-x86 busybox-static gnuplot-nox stress-ng rt-tests"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all installed"
	exit 0
fi
echo "deps: installing$missing"
[ "$(id -u)" = 0 ] || { echo "deps: run as root (apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
