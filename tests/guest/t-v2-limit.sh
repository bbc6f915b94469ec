#!/bin/sh
# t-v2-limit.sh - cgroup v2 kernel-memory limit: memory.kmem.{max,current,
# events}, reclaim by shrinkers at the limit, clean failure where nothing
# can be reclaimed, hierarchy, lowering the limit, bad input, tracepoints.
#   v2-kmem-files:     the files exist (not on the root) and start empty
#   v2-kmem-input:     bad values give an errno and change nothing
#   v2-kmem-dentries:  a dentry-heavy workload finishes under a 8 MiB limit,
#                      shrinkers run, a sibling's dentries are untouched
#   v2-kmem-shrinker:  a cache registered with a shrinker is reclaimed
#   v2-kmem-fail:      a cache with no shrinker fails cleanly at the limit,
#                      and works again once the limit is raised
#   v2-kmem-nofail:    at the limit with nothing reclaimable, __GFP_NOFAIL
#                      allocations (a child cache's slabs, kmalloc, an
#                      object charged on its own) get memory, go past the
#                      limit and are counted in over, one event per charge;
#                      the same without __GFP_NOFAIL fail cleanly
#   v2-kmem-hierarchy: a child with no limit is stopped by its parent's
#   v2-kmem-lower:     a limit below the usage reclaims; below what can be
#                      reclaimed it stays set and charges fail
#   v2-kmem-trace:     the limit's tracepoints fire
. /tests/lib.sh

P=$CGROOT/mk
MB=1048576
mk_load || { t_fail v2-kmem "no test module"; exit 0; }
cg_rmdir "$P"
cg_mk "$P" || { t_fail v2-kmem "cannot create $P"; exit 0; }

kmax() { cat "$1/memory.kmem.max"; }
kcur() { cat "$1/memory.kmem.current"; }
# kev CGDIR EVENT: a line of memory.kmem.events.
kev() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.kmem.events"; }

# --- files --------------------------------------------------------------
t_begin v2-kmem-files
F=$P/files
mkdir "$F"
for f in memory.kmem.max memory.kmem.current memory.kmem.events; do
	t_true "$f exists" [ -f "$F/$f" ]
	t_true "no $f on the root" [ ! -e "$CGROOT/$f" ]
done
t_true "max starts at max" [ "$(kmax "$F")" = max ]
t_true "events start at 0" [ "$(awk '{ s += $2 } END { print s }' "$F/memory.kmem.events")" = 0 ]
t_true "events lists max reclaim over fail" \
	[ "$(awk '{ printf "%s ", $1 }' "$F/memory.kmem.events")" = "max reclaim over fail " ]
t_end "max=$(kmax "$F") current=$(kcur "$F")"
rmdir "$F"

# --- bad input ------------------------------------------------------------
t_begin v2-kmem-input
F=$P/input
mkdir "$F"
echo 8M > "$F/memory.kmem.max" || t_failed "8M refused"
t_true "8M reads back" [ "$(kmax "$F")" = $((8 * MB)) ]
# Each value must fail with the errno's text and leave the limit at 8M.
bad_writes "$F/memory.kmem.max" kmax "$F" <<'EOF'
|Invalid argument
   |Invalid argument
garbage|Invalid argument
-1|Invalid argument
-4096|Invalid argument
+4096|Invalid argument
1.5M|Invalid argument
4MB|Invalid argument
1 2|Invalid argument
M|Invalid argument
0x|Invalid argument
maximum|Invalid argument
16E|Numerical result out of range
18446744073709551616|Numerical result out of range
99999999999999999999999999999|Numerical result out of range
0x10000000000000000|Numerical result out of range
EOF
# Boundaries that are accepted.
while IFS='|' read -r value want; do
	got=$(try_write "$F/memory.kmem.max" "$value")
	[ -z "$got" ] || t_failed "'$value' refused: $got"
	[ "$(kmax "$F")" = "$want" ] || t_failed "'$value' reads back $(kmax "$F"), want $want"
done <<'EOF'
4095|0
4096|4096
8k|8192
7E|8070450532247928832
0x2000|8192
020000|8192
8E|max
18446744073709551615|max
max|max
0|0
max|max
EOF
t_true "the root has no memory.kmem.max to write" [ ! -e "$CGROOT/memory.kmem.max" ]
t_end "limit kept at every refused value"
rmdir "$F"

# --- dentry workload under a limit --------------------------------------
LIMIT=$((8 * MB))
L=$P/lim S=$P/sib
mkdir "$L" "$S"
ext2_setup /mnt/kmem 64 || t_fail v2-kmem-dentries "ext2 setup failed"
mkdir -p /mnt/kmem/lim /mnt/kmem/sib /tmp/kmem-files
# The sibling's dentries, made first: the limited workload must leave them.
cg_run "$S" dentry_stress /mnt/kmem/sib 20000 /tmp 0 >/dev/null
sleep 1
s_cur0=$(kcur "$S") s_dent0=$(slabinfo_line "$S" dentry | awk '{ print $2 }')
echo "$LIMIT" > "$L/memory.kmem.max"

t_begin v2-kmem-dentries
start=$(date +%s)
out=$(cg_run "$L" dentry_stress /mnt/kmem/lim 300000 /tmp/kmem-files 1000 \
	"$L/memory.kmem.current" 2>&1)
rc=$?
secs=$(($(date +%s) - start))
watch_max=$(echo "$out" | awk '/watch_max/ { print $NF }')
s_cur1=$(kcur "$S") s_dent1=$(slabinfo_line "$S" dentry | awk '{ print $2 }')
t_true "workload succeeded ($out)" [ "$rc" = 0 ]
t_le "kmem.current seen during the run" "${watch_max:-999999999999}" "$LIMIT"
t_le "kmem.current after" "$(kcur "$L")" "$LIMIT"
t_ge "events max" "$(kev "$L" max)" 1
t_ge "events reclaim" "$(kev "$L" reclaim)" 1
t_le "events fail" "$(kev "$L" fail)" 0
# Active objects of SLAB count what its per-cpu arrays cache: a few may
# come and go. Shrinking the sibling would take thousands.
t_ge "sibling dentries kept" "$s_dent1" $((s_dent0 - 64))
t_le "sibling kmem drift" "$(abs $((s_cur1 - s_cur0)))" 65536
t_end "300000 stats + 1000 files in ${secs}s; watch_max=$watch_max limit=$LIMIT;" \
	"events: $(tr '\n' ' ' < "$L/memory.kmem.events");" \
	"sibling dentries $s_dent0 -> $s_dent1, kmem $s_cur0 -> $s_cur1"
rm -rf /tmp/kmem-files
cg_rmdir "$L" "$S"
ext2_teardown /mnt/kmem

# --- a cache registered with a shrinker ---------------------------------
t_begin v2-kmem-shrinker
R=$P/shrink
mkdir "$R"
mk_warm "$R" || t_failed "no child caches"
shrunk0=$(mk_count shrunk)
limit=$(( $(kcur "$R") + 2 * MB ))
echo "$limit" > "$R/memory.kmem.max"
# 10 MiB of reclaimable objects through a 2 MiB window.
mk_cmd "$R" "ralloc 20000" || t_failed "ralloc 20000 failed"
shrunk=$(( $(mk_count shrunk) - shrunk0 ))
t_ge "objects shrunk" "$shrunk" 1
t_le "kmem.current" "$(kcur "$R")" "$limit"
t_ge "events reclaim" "$(kev "$R" reclaim)" 1
t_le "events fail" "$(kev "$R" fail)" 0
t_end "shrunk=$shrunk left=$(mk_count reclaimable) events: $(tr '\n' ' ' < "$R/memory.kmem.events")"
mk_cmd "$R" free
cg_rmdir "$R"

# --- a cache with no shrinker -----------------------------------------
t_begin v2-kmem-fail
A=$P/fail B=$P/other
mkdir "$A" "$B"
limit=$(( $(kcur "$A") + MB ))
echo "$limit" > "$A/memory.kmem.max"
mk_cmd "$A" "alloc 100000" 2>/dev/null && t_failed "alloc past the limit succeeded"
got=$(mk_count objects)
t_ge "objects before the limit" "$got" 1
t_le "objects before the limit" "$got" 2048
t_le "kmem.current" "$(kcur "$A")" "$limit"
t_ge "events fail" "$(kev "$A" fail)" 1
# Nothing else is harmed: a sibling allocates, the module keeps working.
mk_cmd "$B" "alloc 1000" || t_failed "sibling allocation failed"
t_true "sibling holds its objects" [ "$(mk_count objects)" = $((got + 1000)) ]
echo max > "$A/memory.kmem.max"
mk_cmd "$A" "alloc 4000" || t_failed "alloc after raising the limit failed"
t_end "failed after $got objects ($(kcur "$A") B); events: $(tr '\n' ' ' < "$A/memory.kmem.events")"
mk_cmd "$A" free
cg_rmdir "$A" "$B"

# --- __GFP_NOFAIL at the limit -------------------------------------------
t_begin v2-kmem-nofail
N=$P/nofail
mkdir "$N"
mk_warm "$N" || t_failed "no child caches"
limit=$(( $(kcur "$N") + MB ))
echo "$limit" > "$N/memory.kmem.max"
# Fill the limit with objects nothing can reclaim.
mk_cmd_at "$N" "alloc 100000" 2>/dev/null && t_failed "alloc past the limit succeeded"
filled=$(mk_count objects) full=$(kcur "$N")
over0=$(kev "$N" over) fail0=$(kev "$N" fail)
mk_cmd_at "$N" "calloc test 256" 2>/dev/null && t_failed "plain alloc at the limit succeeded"
t_ge "plain alloc refused (fail)" "$(kev "$N" fail)" $((fail0 + 1))
t_true "refused alloc let nothing past (over)" [ "$(kev "$N" over)" = "$over0" ]
t_le "kmem.current at the limit" "$(kcur "$N")" "$limit"
# A child cache's new slabs (SLAB: the refill path).
slab_bytes=$(( $(slabinfo_line "$N" memcg_kmem_test | awk '{ print $6 }') * 4096 ))
cur0=$(kcur "$N") over1=$(kev "$N" over)
mk_cmd_at "$N" "calloc test 512 nofail" || t_failed "nofail from the child cache failed"
cur1=$(kcur "$N") over2=$(kev "$N" over)
t_true "512 nofail objects held" [ "$(mk_count objects)" = $((filled + 512)) ]
t_ge "child cache: over" "$over2" $((over1 + 1))
# Nothing reclaimable: each new slab is one charge let past, one event.
t_true "child cache: kmem growth $((cur1 - cur0)) = $((over2 - over1)) x $slab_bytes" \
	[ $((cur1 - cur0)) = $(( (over2 - over1) * slab_bytes )) ]
# kmalloc (its cache's first objects are charged one by one).
k0=$(mk_count kmalloc)
mk_cmd_at "$N" "calloc kmalloc 512 account nofail" || t_failed "nofail kmalloc failed"
over3=$(kev "$N" over)
t_true "512 nofail kmallocs held" [ "$(mk_count kmalloc)" = $((k0 + 512)) ]
t_ge "kmalloc: over" "$over3" $((over2 + 1))
# The cgroup's first object of a cache is charged on its own; a page-sized
# one always needs a page.
mk_cmd_at "$N" "calloc page 1 nofail" || t_failed "nofail object charged on its own failed"
over4=$(kev "$N" over)
t_true "page object held" [ "$(mk_count page)" = 1 ]
t_ge "object charged on its own: over" "$over4" $((over3 + 1))
cur=$(kcur "$N")
t_ge "kmem.current past the limit" "$cur" $((limit + 1))
fail1=$(kev "$N" fail)
mk_cmd_at "$N" "calloc test 256" 2>/dev/null && t_failed "plain alloc past the limit succeeded"
t_ge "plain alloc past the limit refused" "$(kev "$N" fail)" $((fail1 + 1))
t_end "limit $limit, filled with $filled objects ($full B); nofail took it to $cur B" \
	"($(( (cur - limit) / 1024 )) KiB past, $((over4 - over0)) charges let past," \
	"slab $slab_bytes B); events: $(tr '\n' ' ' < "$N/memory.kmem.events")"
echo free > $MK_CMD
echo max > "$N/memory.kmem.max"
cg_rmdir "$N"

# --- hierarchy ---------------------------------------------------------
t_begin v2-kmem-hierarchy
H=$P/hier C=$P/hier/child
cg_mk "$H" && mkdir "$C"
limit=$(( $(kcur "$H") + MB ))
echo "$limit" > "$H/memory.kmem.max"
mk_cmd "$C" "alloc 100000" 2>/dev/null && t_failed "child allocated past its parent's limit"
t_true "child has no limit of its own" [ "$(kmax "$C")" = max ]
t_le "parent kmem.current" "$(kcur "$H")" "$limit"
t_ge "parent events fail" "$(kev "$H" fail)" 1
t_end "child stopped after $(mk_count objects) objects; parent events: $(tr '\n' ' ' < "$H/memory.kmem.events")"
mk_cmd "$C" free
cg_rmdir "$H"

# --- lowering the limit ------------------------------------------------
t_begin v2-kmem-lower
W=$P/lower
mkdir "$W"
ext2_setup /mnt/kmem 32 || t_failed "ext2 setup failed"
mkdir -p /mnt/kmem/w
mk_cmd "$W" "alloc 2000"	# 1 MiB nothing can reclaim
cg_run "$W" dentry_stress /mnt/kmem/w 50000 /tmp 0 >/dev/null
before=$(kcur "$W")
half=$((before / 2))
try=$(try_write "$W/memory.kmem.max" "$half")
t_true "lowering to half the usage accepted ($try)" [ -z "$try" ]
after=$(kcur "$W")
t_le "usage after lowering to $half" "$after" "$half"
# Below what can be reclaimed: the limit is set, charges fail.
try=$(try_write "$W/memory.kmem.max" 262144)
t_true "lowering below the unreclaimable usage accepted ($try)" [ -z "$try" ]
t_true "limit set" [ "$(kmax "$W")" = 262144 ]
t_ge "usage stays above the limit" "$(kcur "$W")" 262145
mk_cmd "$W" "alloc 100" 2>/dev/null && t_failed "allocation over the limit succeeded"
t_ge "events fail" "$(kev "$W" fail)" 1
# W's tasks can do nothing at this limit (even exec fails): free from here.
echo free > $MK_CMD
# Writing the limit again reclaims and gives back the caches' empty slabs.
try=$(try_write "$W/memory.kmem.max" 262144)
t_le "usage after free" "$(kcur "$W")" 262144
t_end "usage $before -> $after (limit $half), then limit 262144: $(kcur "$W") after free"
cg_rmdir "$W"
ext2_teardown /mnt/kmem

# --- tracepoints -------------------------------------------------------
t_begin v2-kmem-trace
T=/sys/kernel/tracing
mountpoint -q $T || mount -t tracefs tracefs $T 2>/dev/null
if [ ! -d $T/events/memcg_kmem ]; then
	t_failed "no memcg_kmem trace events"
else
	X=$P/trace
	mkdir "$X"
	echo > $T/trace
	echo 1 > $T/events/memcg_kmem/enable
	mk_warm "$X" || t_failed "no child caches"
	echo $(( $(kcur "$X") + MB )) > "$X/memory.kmem.max"
	mk_cmd "$X" "ralloc 6000"
	mk_cmd "$X" "alloc 100000" 2>/dev/null
	echo 0 > $T/events/memcg_kmem/enable
	for ev in memcg_kmem_limit_hit memcg_kmem_shrink memcg_kmem_charge_fail; do
		t_ge "$ev events" "$(grep -c " $ev:" $T/trace)" 1
	done
	t_true "the registered shrinker is named and freed objects" \
		grep -q "memcg_kmem_shrink: .*shrinker=memcg_kmem_test_reclaimable priority=[0-9]* freed=[1-9]" $T/trace
	mk_cmd "$X" free
	cg_rmdir "$X"
fi
t_end "$(grep -m1 ' memcg_kmem_charge_fail:' $T/trace 2>/dev/null | sed 's/.*memcg_kmem_charge_fail: //')"

cg_rmdir "$P"
