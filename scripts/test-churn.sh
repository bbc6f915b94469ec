#!/bin/bash
# test-churn.sh [variant...]: the lifecycle acceptance run behind
# `make test-churn`: for each variant (default: slub slab) build the kernel,
# the test module and the initramfs, boot cgroup v2 once with only the churn
# test (tests/guest/t-v2-churn.sh) at MK_CHURN cycles (default 10,000),
# and summarize (build/logs/churn-<variant>.log; last line "N passed, N
# failed", non-zero exit on any failure, kernel warnings included).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
variants=${*:-slub slab}
cycles=${MK_CHURN:-10000}
logs=$top/build/logs
mkdir -p "$logs"
all=()
for v in $variants; do
	log=$logs/churn-$v.log
	all+=("$log")
	rm -f "$log"
	if ! { scripts/build-kernel.sh "$v" && scripts/build-module.sh "$v" &&
	       scripts/mkinitramfs.sh "$v" "build/initramfs-$v.cpio"; } \
	       >"$log.build" 2>&1; then
		tail -20 "$log.build"
		echo "TEST build:$v FAIL see ${log#"$top"/}.build" >"$log"
		continue
	fi
	echo "== guest $v: $cycles churn cycles"
	GUEST_TIMEOUT=${GUEST_TIMEOUT:-7200} scripts/run-guest.sh \
		"build/out/$v/arch/x86/boot/bzImage" "build/initramfs-$v.cpio" \
		"$log" mk.mode=test mk.cgroup=v2 mk.tests=v2-churn mk.churn="$cycles"
	grep -h '^\(TEST\|\[t-v2-churn.sh\]\)' "$log" | sed 's/^/  /'
done
scripts/summarize.sh "${all[@]}"
