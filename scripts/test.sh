#!/bin/bash
# test.sh [variant...]: the whole test run behind `make test`. For each
# kernel (default: slub slab slub-6.12, the last Linux 6.12 with SLUB)
# build the kernel, the test module and the
# initramfs, boot the guest four times and collect the logs
# (build/logs/guest-<variant>-<boot>.log):
#   v2         cgroup v2, every t-v2-* and t-any-* test, the KUnit suites
#   v1         cgroup v1, every t-v1-* and t-any-* test
#   optout     cgroup v2, every cache accounted unless marked
#              (memcg_kmem.default=optout), one unaccounted at boot
#              (memcg_kmem.noaccount=memcg_kmem_test_boot), the root
#              cgroup tracked (memcg_kmem.track_root=1): t-v2-policy
#              and the core tests t-v2-charge, -atomic and -reparent
#   bootparams invalid memcg_kmem.* parameters: t-boot-params.sh only
# The first three boots pin the test module's caches to the "always"
# granularity (memcg_kmem.granularity_always=, the list MK_SPLIT_ALWAYS of
# tests/guest/lib.sh) for the tests of child-cache mechanics; kernel caches
# keep the default, "auto", and t-v2-split.sh tests all three.
# then run the static checks on the series;
# print per-suite results and a last line "N passed, N failed".
# Every step runs even after a failure; the exit status is non-zero if
# anything failed. MK_CHURN (default 10,000) and MK_MANY (default 2,000) size
# the churn and many-cgroups tests.
set -uo pipefail
# A guest that hangs is killed after 20 minutes (run-guest.sh's default
# is 10): the v2 boot now runs 10,000 churn cycles and 2,000 cgroups, and a
# busy machine must not turn a slow boot into a failure.
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-1200}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
variants=${*:-slub slab slub-6.12}
logs=$top/build/logs
rm -rf "$logs"
mkdir -p "$logs"
all=()
t0=$(date +%s)

# step <log> <name> <command...>: run a build step; its result is a TEST line.
step() {
	local log=$1 name=$2
	shift 2
	echo "== $name"
	if "$@" >"$log.out" 2>&1; then
		echo "TEST $name PASS" >>"$log"
		return 0
	fi
	tail -20 "$log.out"
	echo "TEST $name FAIL see ${log#"$top"/}.out" >>"$log"
	return 1
}

steps=$logs/steps.log
step "$steps" series env KERNEL=6.1 scripts/series.sh
step "$steps" series-6.12 env KERNEL=6.12 scripts/series.sh
echo "== coccinelle script tests"
scripts/cocci-test.sh >"$logs/cocci.log" 2>&1
all+=("$logs/cocci.log")

for v in $variants; do
	step "$steps" "kernel:$v" scripts/build-kernel.sh "$v" || continue
	step "$steps" "module:$v" scripts/build-module.sh "$v" || continue
	step "$steps" "initramfs:$v" scripts/mkinitramfs.sh "$v" "build/initramfs-$v.cpio" || continue
	# NUMA kernels boot with two emulated nodes.
	vargs=
	case $v in *-numa) vargs="numa=fake=2" ;; esac
	# The test module's caches get a child on first use (see
	# MK_SPLIT_ALWAYS in tests/guest/lib.sh); kernel caches keep "auto".
	split=memcg_kmem.granularity_always=$(sed -n 's/^MK_SPLIT_ALWAYS=//p' tests/guest/lib.sh)
	for cg in v2 v1; do
		echo "== guest $v cgroup $cg"
		args="mk.mode=test mk.cgroup=$cg mk.churn=${MK_CHURN:-10000} mk.many=${MK_MANY:-2000} $split"
		[ $cg = v2 ] && args="$args kunit.enable=1"
		args="$args $vargs"
		scripts/run-guest.sh "build/out/$v/arch/x86/boot/bzImage" \
			"build/initramfs-$v.cpio" "$logs/guest-$v-$cg.log" $args
		all+=("$logs/guest-$v-$cg.log")
	done
	echo "== guest $v cgroup v2 opt-out"
	scripts/run-guest.sh "build/out/$v/arch/x86/boot/bzImage" \
		"build/initramfs-$v.cpio" "$logs/guest-$v-optout.log" \
		mk.mode=test mk.cgroup=v2 \
		mk.tests=v2-policy,v2-charge,v2-atomic,v2-reparent \
		memcg_kmem.default=optout memcg_kmem.noaccount=memcg_kmem_test_boot \
		memcg_kmem.track_root=1 $split $vargs
	all+=("$logs/guest-$v-optout.log")
	# Each parameter invalid (unknown default, an empty name, a name over
	# 64 characters, not a boolean); the lists name test caches that must
	# stay unaffected.
	echo "== guest $v bad boot parameters"
	scripts/run-guest.sh "build/out/$v/arch/x86/boot/bzImage" \
		"build/initramfs-$v.cpio" "$logs/guest-$v-bootparams.log" \
		mk.mode=test mk.cgroup=v2 mk.tests=boot-params \
		memcg_kmem.default=sideways \
		memcg_kmem.account=memcg_kmem_test_plain,,b \
		"memcg_kmem.noaccount=memcg_kmem_test_boot,$(printf '%070d' 0 | tr 0 x)" \
		memcg_kmem.track_root=maybe \
		memcg_kmem.granularity=sometimes \
		memcg_kmem.granularity_always=memcg_kmem_test_page \
		memcg_kmem.granularity_never=memcg_kmem_test_page \
		memcg_kmem.granularity_auto=memcg_kmem_test_plain,,b $vargs
	all+=("$logs/guest-$v-bootparams.log")
done
echo CHECKS-DONE >>"$steps"
# The static checks need a configured kernel tree: run them once built,
# on the first 6.1 kernel and on the 6.12 one.
first61=$(for v in $variants; do case $v in *-6.12) ;; *) echo "$v" ;; esac; done | head -1)
for v in $first61 $(for v in $variants; do case $v in *-6.12) echo "$v" ;; esac; done | head -1); do
	ser=build/series
	case $v in *-6.12) ser=build/series-6.12 ;; esac
	[ -f "build/out/$v/vmlinux" ] && [ -d "$ser" ] || continue
	echo "== static checks $v"
	scripts/static-checks.sh "$v" >"$logs/static-$v.log" 2>&1
	all+=("$logs/static-$v.log")
done

echo
echo "Results ($(( ($(date +%s) - t0) / 60 )) min):"
scripts/summarize.sh "$steps" "${all[@]}"
