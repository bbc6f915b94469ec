#!/bin/sh
# t-v2-split.sh - cgroup v2: the granularity of per-cgroup caches, on
# memcg_kmem_test_page (PAGE_SIZE objects; the test boots pin it to
# "always" at boot, so each test sets it at run time) and on the kernel's
# dentry cache (left at the Kconfig default, "auto").
#   v2-split-table:   kernel caches are "auto default", the pinned test
#                     cache "always boot"; "auto", "always", "never" and
#                     "default" set and take back the run-time setting
#   v2-split-small:   under auto, a cgroup holding a few objects gets no
#                     child cache; memory.kmem.slabinfo lists them per object
#   v2-split-heavy:   under auto, a cgroup that holds more than the cache's
#                     threshold gets a child; the per-object line keeps what
#                     was charged before it; slabinfo's sum is memory.stat's
#   v2-split-dentry:  the dentry cache, auto by default: a small workload
#                     gets no child, a heavy one does
#   v2-split-never:   never: no child however many objects; the count is
#                     exact, and back to nothing once they are freed
#   v2-split-always:  always: a child on the first allocation
#   v2-split-reparent: objects charged per object in a deleted cgroup are
#                     listed in its parent's slabinfo until they are freed,
#                     and the deleted cgroup does not stay dying
#   v2-split-limit:   a kmem limit holds for a cgroup charged per object
#                     (auto, below the threshold) and one that splits
#   v2-split-input:   bad writes fail with EINVAL, ENOENT or EPERM and
#                     leave the table as it was
. /tests/lib.sh

P=$CGROOT/mk-split
C=memcg_kmem_test_page
PAGE=4096
# Past every allocator's threshold for C on this guest (~250 objects; the
# table's threshold is checked against both).
HEAVY=3000
SMALL=10

mk_load || { t_fail v2-split "cannot load $MK_MODULE"; exit 0; }
echo free > "$MK_CMD"
cg_rmdir "$P"
cg_mk "$P" || { t_fail v2-split "cannot create $P"; exit 0; }

# objects_of CGDIR: the objects of C the cgroup holds per object (0: none).
objects_of() {
	slabinfo_object_line "$1" "$C" | awk '{ print $2 }' | grep . || echo 0
}

# child_of CGDIR: whether the cgroup has a child cache of C in /proc/slabinfo.
child_of() { grep -q "^$C([0-9]*:$(basename "$1")) " /proc/slabinfo; }

# set_split MODE: C's run-time granularity, checked in the table.
set_split() {
	local err
	err=$(policy_set "$C" "$1")
	t_true "'$C $1' accepted ($err)" [ -z "$err" ]
}

T=$(split_threshold "$C")
t_begin v2-split-table
t_ge "$C threshold ${T:-none} above the small case" "${T:-0}" $((SMALL + 1))
t_le "$C threshold ${T:-none} below the heavy case" "${T:-999999}" $((HEAVY / 2))
got=$(split_of dentry)
t_true "dentry '$got'" [ "$got" = "auto default" ]
got=$(split_of "$C")
t_true "$C '$got'" [ "$got" = "always boot" ]
for m in never auto always; do
	set_split $m
	got=$(split_of "$C")
	t_true "after $m: '$got'" [ "$got" = "$m runtime" ]
	got=$(policy_of "$C")
	t_true "policy kept after $m: '$got'" [ "$got" = "accounted flag" ]
done
set_split default
got=$(split_of "$C")
t_true "after default: '$got'" [ "$got" = "always boot" ]
t_end "$(grep "^$C " "$MK_POLICY"); dentry: $(grep "^dentry " "$MK_POLICY")"

# --- auto, small and heavy ----------------------------------------------
set_split auto
t_begin v2-split-small
mkdir "$P/small"
mk_cmd "$P/small" "calloc page $SMALL" || t_failed "calloc failed"
sleep 1
t_true "no child cache" eval '! child_of "$P/small"'
t_true "no child line in slabinfo" eval '! slabinfo_line "$P/small" "$C" >/dev/null'
n=$(objects_of "$P/small")
t_true "per-object line: $n objects, want $SMALL" [ "$n" = "$SMALL" ]
line=$(slabinfo_object_line "$P/small" "$C")
t_end "$line"
echo free > "$MK_CMD"
t_begin v2-split-small-freed
n=$(objects_of "$P/small")
t_true "per-object count after free: $n" [ "$n" = 0 ]
t_end "objects $n"
cg_rmdir "$P/small"

t_begin v2-split-heavy
mkdir "$P/heavy"
mk_cmd "$P/heavy" "calloc page $HEAVY" || t_failed "calloc failed"
slabinfo_wait "$P/heavy" "$C" || t_failed "no child cache after $HEAVY objects"
# More objects go to the child now that it exists.
mk_cmd "$P/heavy" "calloc page $HEAVY" || t_failed "second calloc failed"
n=$(objects_of "$P/heavy")
child=$(slabinfo_line "$P/heavy" "$C" | awk '{ print $2 }')
t_ge "objects charged per object before the split" "$n" "${T:-1}"
t_le "objects charged per object" "$n" "$HEAVY"
t_ge "objects in the child" "${child:-0}" "$HEAVY"
# memory.kmem.slabinfo has all of the cgroup's slab memory: the child
# caches' slabs and the objects charged per object (memory.stat lags a
# little: per-cpu statistics are flushed lazily).
sum=$(($(slabinfo_bytes "$P/heavy") + $(slabinfo_object_bytes "$P/heavy")))
stat=$(memstat "$P/heavy" slab)
tol=$((65536 + stat / 100))
t_le "slabinfo sum $sum vs memory.stat slab $stat" "$(abs $((sum - stat)))" "$tol"
t_end "threshold $T; per-object $n, child $child active; slabinfo $sum B, memory.stat slab $stat B (tol $tol)"
echo free > "$MK_CMD"
cg_rmdir "$P/heavy"

t_begin v2-split-dentry
ext2_setup /mnt/split 64 || t_failed "ext2 setup failed"
mkdir -p /mnt/split/small /mnt/split/heavy "$P/dsmall" "$P/dheavy"
dentry_load "$P/dsmall" /mnt/split/small 100 10
dentry_load "$P/dheavy" /mnt/split/heavy 20000 100
sleep 1
t_true "no dentry child for 100 names" eval '! slabinfo_line "$P/dsmall" dentry >/dev/null'
ds=$(slabinfo_object_line "$P/dsmall" dentry | awk '{ print $2 }')
t_ge "small: dentries per object" "${ds:-0}" 100
slabinfo_wait "$P/dheavy" dentry || t_failed "no dentry child for 20000 names"
sum=$(($(slabinfo_bytes "$P/dheavy") + $(slabinfo_object_bytes "$P/dheavy")))
stat=$(memstat "$P/dheavy" slab)
tol=$((65536 + stat / 100))
t_le "heavy: slabinfo sum $sum vs memory.stat slab $stat" "$(abs $((sum - stat)))" "$tol"
t_end "small: $ds dentries per object; heavy: $(slabinfo_line "$P/dheavy" dentry | awk '{ print $2 }') in the child," \
	"$(slabinfo_object_line "$P/dheavy" dentry | awk '{ print $2 }') per object; slabinfo $sum B, memory.stat $stat B"
cg_rmdir "$P/dsmall" "$P/dheavy"
ext2_teardown /mnt/split
drop_caches 2

# --- never, always -------------------------------------------------------
set_split never
t_begin v2-split-never
mkdir "$P/never"
mk_cmd "$P/never" "calloc page $HEAVY" || t_failed "calloc failed"
sleep 1
t_true "no child cache" eval '! child_of "$P/never"'
n=$(objects_of "$P/never")
t_true "per-object count $n, want $HEAVY" [ "$n" = "$HEAVY" ]
bytes=$(slabinfo_object_bytes "$P/never")
t_ge "per-object bytes" "$bytes" $((HEAVY * PAGE))
echo free > "$MK_CMD"
n=$(objects_of "$P/never")
t_true "after free: $n" [ "$n" = 0 ]
t_end "objects $HEAVY, $bytes bytes per object"
cg_rmdir "$P/never"

set_split always
t_begin v2-split-always
mkdir "$P/always"
mk_cmd "$P/always" "calloc page 1" || t_failed "calloc failed"
slabinfo_wait "$P/always" "$C" || t_failed "no child cache after one object"
t_end "$(slabinfo_line "$P/always" "$C")"
echo free > "$MK_CMD"
cg_rmdir "$P/always"

# --- reparenting ---------------------------------------------------------
set_split never
t_begin v2-split-reparent
mkdir "$P/rp"
echo +memory > "$P/rp/cgroup.subtree_control"
mkdir "$P/rp/c"
mk_cmd "$P/rp/c" "calloc page 100" || t_failed "calloc failed"
n=$(objects_of "$P/rp/c")
t_true "child cgroup holds $n, want 100" [ "$n" = 100 ]
p0=$(objects_of "$P/rp")
cg_rmdir "$P/rp/c" || t_failed "rmdir failed"
# The cgroup goes offline, and its obj_cgroup to the parent, asynchronously.
i=0
while p1=$(objects_of "$P/rp") && [ "$p1" != $((p0 + 100)) ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
t_true "parent lists $p1 after the rmdir, want $((p0 + 100))" [ "$p1" = $((p0 + 100)) ]
echo free > "$MK_CMD"
p2=$(objects_of "$P/rp")
t_true "parent lists $p2 after the free, want $p0" [ "$p2" = "$p0" ]
dying=$(wait_no_dying "$P/rp")
t_true "deleted cgroup still dying ($dying)" [ "${dying%% *}" = 0 ]
t_end "parent: $p0 -> $p1 -> $p2; dying, seconds waited: $dying"
cg_rmdir "$P/rp"

# --- the kmem limit --------------------------------------------------------
t_begin v2-split-limit
LIM=1048576
for m in auto always; do
	set_split $m
	mkdir "$P/lim-$m"
	echo $LIM > "$P/lim-$m/memory.kmem.max"
	mk_cmd "$P/lim-$m" "calloc page 1000" 2>/dev/null &&
		t_failed "$m: 1000 pages allocated under a 1 MiB limit"
	cur=$(cat "$P/lim-$m/memory.kmem.current")
	t_le "$m: kmem.current" "$cur" $LIM
	t_ge "$m: events max" "$(awk '$1 == "max" { print $2 }' "$P/lim-$m/memory.kmem.events")" 1
	eval "cur_$m=$cur"
	echo free > "$MK_CMD"
	cg_rmdir "$P/lim-$m"
done
t_end "kmem.current at the limit: auto $cur_auto, always $cur_always"

# --- bad input -------------------------------------------------------------
set_split default
t_begin v2-split-input
bad_writes "$MK_POLICY" policy_table <<EOF
$C sometimes|Invalid argument
$C Auto|Invalid argument
$C auto never|Invalid argument
$C auto,never|Invalid argument
$C split=auto|Invalid argument
$C|Invalid argument
auto|Invalid argument
$C  auto  x|Invalid argument
no_such_cache auto|No such file or directory
kmem_cache never|Operation not permitted
kmem_cache default|Operation not permitted
$(printf '%065d' 0) auto|Invalid argument
EOF
t_end "table kept"
cg_rmdir "$P"
exit 0
