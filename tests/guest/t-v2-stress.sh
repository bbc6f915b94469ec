#!/bin/sh
# t-v2-stress.sh - a workload nobody here wrote, under a kernel-memory
# limit: Debian's stress-ng, its file-system stressors on an ext2 mount, in
# a limited cgroup, while an unlimited sibling runs its dentry stressor and
# other cgroups are created, used and removed.
#   v2-stress-limit: at 16M, where what the stressors hold is reclaimable,
#                    stress-ng succeeds and no charge that could reclaim
#                    (one that may sleep, without __GFP_NORETRY) is refused:
#                    the memcg_kmem_charge_fail tracepoint, filtered on its
#                    GFP flags, counts them. Charges that may not reclaim
#                    or reclaim once are refused by design when the run
#                    sits at the limit, as it does throughout (their callers
#                    fall back or retry): counted in kmem.events, reported.
#                    kmem.current stays within the limit plus the charges
#                    let past it (over x the largest charge); everything
#                    can be removed afterwards
#   v2-stress-tight: at 4M, below what the stressors hold at once, stress-ng
#                    gets ENOMEM for some operations (it may exit non-zero:
#                    reported, not asserted); the filtered tracepoint sees
#                    refused charges that could reclaim, if any charge was
#                    refused; no splat, no hang, usage within the same
#                    bound, everything removable
# Kernel splats anywhere in the boot fail it through the log summary.
. /tests/lib.sh

P=$CGROOT/stress
MB=1048576
# The largest single charge: an order-3 slab (SLUB's ceiling for these
# caches; SLAB's is lower) or an object of a page and its pointer.
CHARGE_MAX=32768
STRESSORS="--dentry 2 --dir 1 --link 1 --rename 1 --filename 1"

command -v stress-ng >/dev/null || { t_fail v2-stress "no stress-ng"; exit 0; }
kcur() { cat "$1/memory.kmem.current"; }
TRACE=/sys/kernel/debug/tracing
FAIL_EV=$TRACE/events/memcg_kmem/memcg_kmem_charge_fail
# ___GFP_DIRECT_RECLAIM and ___GFP_NORETRY of include/linux/gfp_types.h.
GFP_DIRECT_RECLAIM=0x400 GFP_NORETRY=0x10000
kev() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.kmem.events"; }

cg_rmdir "$P"
cg_mk "$P" || { t_fail v2-stress "cannot create $P"; exit 0; }
ext2_setup /mnt/s 96 || { t_fail v2-stress "ext2 setup failed"; exit 0; }

# stress_run NAME LIMIT SECS: one run; sets RC, PEAK, OVER, FAIL, CHURNED,
# SIB_RC and LEFT (cgroups that could not be removed).
stress_run() {
	local name=$1 limit=$2 secs=$3 L S pid sib churn i
	L=$P/$name S=$P/$name-sib
	mkdir "$L" "$S" || return 1
	mkdir -p "/mnt/s/$name" "/mnt/s/$name-sib"
	echo "$limit" > "$L/memory.kmem.max"
	cg_run "$S" stress-ng --dentry 1 --temp-path "/mnt/s/$name-sib" \
		--timeout "$((secs + 5))s" >/tmp/stress-sib.log 2>&1 &
	sib=$!
	# Cgroups created, used (a dentry and an inode each) and removed.
	( i=0
	  while [ ! -f /tmp/stress-stop ]; do
		i=$((i + 1))
		mkdir "$P/churn$i" &&
		cg_run "$P/churn$i" touch "/mnt/s/$name-sib/c$i" &&
		cg_rmdir "$P/churn$i"
		echo "$i" > /tmp/stress-churned
	  done ) &
	churn=$!
	cg_run "$L" stress-ng $STRESSORS --temp-path "/mnt/s/$name" \
		--timeout "${secs}s" --metrics-brief >"/tmp/stress-$name.log" 2>&1 &
	pid=$!
	PEAK=0
	while kill -0 $pid 2>/dev/null; do
		cur=$(kcur "$L")
		[ "$cur" -gt "$PEAK" ] && PEAK=$cur
		sleep 0.2
	done
	wait $pid
	RC=$?
	touch /tmp/stress-stop
	wait $churn
	wait $sib
	SIB_RC=$?
	rm -f /tmp/stress-stop
	CHURNED=$(cat /tmp/stress-churned 2>/dev/null || echo 0)
	OVER=$(kev "$L" over) FAIL=$(kev "$L" fail)
	rm -rf "/mnt/s/$name" "/mnt/s/$name-sib"
	LEFT=
	cg_rmdir "$L" || LEFT="$LEFT $L"
	cg_rmdir "$S" || LEFT="$LEFT $S"
	return 0
}

t_begin v2-stress-limit
LIMIT=$((16 * MB))
echo "(gfp & $GFP_DIRECT_RECLAIM) && !(gfp & $GFP_NORETRY)" > "$FAIL_EV/filter" ||
	t_failed "cannot filter $FAIL_EV"
echo > "$TRACE/trace"
echo 1 > "$FAIL_EV/enable"
stress_run limit $LIMIT 30 || t_failed "setup failed"
echo 0 > "$FAIL_EV/enable"
RECLAIMING_FAIL=$(grep -c 'memcg_kmem_charge_fail:' "$TRACE/trace")
grep 'memcg_kmem_charge_fail:' "$TRACE/trace" | head -5
echo 0 > "$FAIL_EV/filter"
t_true "stress-ng succeeded (rc $RC): $(tail -3 /tmp/stress-limit.log | tr '\n' ' ')" [ "$RC" = 0 ]
t_true "sibling stress-ng succeeded (rc $SIB_RC)" [ "$SIB_RC" = 0 ]
t_le "refused charges that could reclaim" "$RECLAIMING_FAIL" 0
t_le "peak kmem.current" "$PEAK" $((LIMIT + OVER * CHARGE_MAX))
t_ge "cgroups created and removed meanwhile" "$CHURNED" 1
t_true "all removed afterwards ($LEFT)" [ -z "$LEFT" ]
PAST=$(( PEAK > LIMIT ? (PEAK - LIMIT) / 1024 : 0 ))
t_end "limit $LIMIT: peak $PEAK ($PAST KiB past)," \
	"over $OVER, fail $FAIL ($RECLAIMING_FAIL that could reclaim);" \
	"$CHURNED cgroups churned"
grep -E 'stress-ng: (info|fail|error)' /tmp/stress-limit.log | tail -12

t_begin v2-stress-tight
LIMIT=$((4 * MB))
echo "(gfp & $GFP_DIRECT_RECLAIM) && !(gfp & $GFP_NORETRY)" > "$FAIL_EV/filter"
echo > "$TRACE/trace"
echo 1 > "$FAIL_EV/enable"
stress_run tight $LIMIT 20 || t_failed "setup failed"
echo 0 > "$FAIL_EV/enable"
RECLAIMING_FAIL=$(grep -c 'memcg_kmem_charge_fail:' "$TRACE/trace")
echo 0 > "$FAIL_EV/filter"
# Here charges that could reclaim are refused: the filter must see them,
# or v2-stress-limit's zero would prove nothing.
[ "$FAIL" -eq 0 ] || t_ge "refusals the filtered tracepoint saw" "$RECLAIMING_FAIL" 1
t_true "sibling stress-ng succeeded (rc $SIB_RC)" [ "$SIB_RC" = 0 ]
t_le "peak kmem.current" "$PEAK" $((LIMIT + OVER * CHARGE_MAX))
t_true "all removed afterwards ($LEFT)" [ -z "$LEFT" ]
t_end "limit $LIMIT: stress-ng rc $RC, peak $PEAK, over $OVER, fail $FAIL" \
	"($RECLAIMING_FAIL that could reclaim);" \
	"$CHURNED cgroups churned"
grep -E 'stress-ng: (info|fail|error)' /tmp/stress-tight.log | tail -12

ext2_teardown /mnt/s
cg_rmdir "$P"
