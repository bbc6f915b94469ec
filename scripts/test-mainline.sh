#!/bin/bash
# test-mainline.sh [variant...]: mainline's memory-controller selftests
# (test_kmem, test_memcontrol: tests/guest/t-v2-mainline.sh) on vanilla 6.1
# and on the series, built with the same config, for each variant (default:
# slub slab), MK_RUNS boots each (default 3). Prints, per selftest, how
# many boots passed it on vanilla and on the series; a selftest that passed
# every vanilla boot and failed a patched one is a failure (last line "N
# passed, N failed", non-zero exit). make test runs the same guest test on
# the patched kernels only, judging the selftests this comparison found
# reliable on vanilla (t-v2-mainline.sh's list).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
variants=${*:-slub slab}
runs=${MK_RUNS:-3}
logs=$top/build/logs/mainline
mkdir -p "$logs"
passed=0 failed=0
for v in $variants; do
	for k in "vanilla-$v" "$v"; do
		{ scripts/build-kernel.sh "$k" &&
		  { [ "${k#vanilla-}" != "$k" ] || scripts/build-module.sh "$k"; } &&
		  scripts/mkinitramfs.sh "$k" "build/initramfs-$k.cpio"; } \
			>"$logs/build-$k.log" 2>&1 ||
			{ tail -20 "$logs/build-$k.log"; echo "0 passed, 1 failed"; exit 1; }
		for r in $(seq "$runs"); do
			echo "== guest $k, run $r"
			scripts/run-guest.sh "build/out/$k/arch/x86/boot/bzImage" \
				"build/initramfs-$k.cpio" "$logs/$k-$r.log" \
				mk.mode=test mk.cgroup=v2 mk.tests=v2-mainline
		done
	done
	# One "ok N name" per selftest and boot, judged and not.
	tally() { cat "$logs/$1"-[0-9]*.log | tr -d '\r' |
		  awk '/^ok [0-9]+ test_/ { n[$3]++ } /^(not )?ok [0-9]+ /{ seen[$NF] = 1 }
		       END { for (t in seen) print t, n[t] + 0 }' | sort; }
	echo "== $v: boots passing each selftest, vanilla / series (of $runs)"
	join -a1 -a2 -e0 -o 0,1.2,2.2 <(tally "vanilla-$v") <(tally "$v") |
	while read -r t van pat; do
		verdict=
		if [ "$van" -eq "$runs" ] && [ "$pat" -lt "$runs" ]; then
			verdict="  FAIL: reliable on vanilla"
		fi
		printf '  %-36s %s / %s%s\n' "$t" "$van" "$pat" "$verdict"
	done | tee "$logs/table-$v.txt"
	f=$(grep -c FAIL "$logs/table-$v.txt")
	p=$(( $(wc -l <"$logs/table-$v.txt") - f ))
	passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
