#!/bin/sh
# t-v2-reparent.sh - cgroup v2: deleting a cgroup that still holds slab
# objects moves its charge to the parent exactly, the objects are
# uncharged from the parent when freed, the deleted cgroup does not stay
# dying, and its orphaned child caches are destroyed once empty.
#   v2-reparent-charge:  the parent takes over the child's charge: its own
#                        usage rises by what the child held, less the empty
#                        slabs the deleted cgroup's caches give back at once
#                        (at least the live objects, at most the child's usage)
#   v2-reparent-free:    freeing the objects uncharges the parent
#   v2-reparent-dying:   nr_dying_descendants returns to 0
#   v2-reparent-orphans: the deleted cgroup's child caches go away
. /tests/lib.sh

P=$CGROOT/rp C=$CGROOT/rp/c
N=4000
TOL=32768	# per-cpu charge stocks and unrelated activity

cg_rmdir "$P"
cg_mk "$P" && mkdir "$C" || { t_fail v2-reparent-charge "cannot create cgroups"; exit 0; }
mk_load || { t_fail v2-reparent-charge "cannot load $MK_MODULE"; exit 0; }
echo free > $MK_CMD

# Objects allocated in c and kept by the module after c's task exits.
mk_warm "$C" || t_fail v2-reparent-charge "no child cache"
mk_cmd "$C" "alloc $N" || t_fail v2-reparent-charge "alloc failed"
id=$(awk '$1 ~ /^memcg_kmem_test\(/ && $1 ~ /:c\)$/ { print $1 }' /proc/slabinfo)
cg_drain "$C"
cg_drain "$P"
sleep 2.1
p0=$(memcur "$P") c0=$(memcur "$C") cslab=$(memstat "$C" slab)
pslab0=$(memstat "$P" slab)
own0=$((p0 - c0))

t_begin v2-reparent-charge
cg_rmdir "$C" || t_failed "rmdir c failed"
cg_drain "$P"
sleep 2.1
p1=$(memcur "$P") pslab1=$(memstat "$P" slab)
need=$((N * MK_OBJ_SIZE))
t_ge "c held the objects" "$cslab" $need
# The parent's own usage (a few pages, not slab) may move by a page
# meanwhile (opt-out accounts everything): the tolerance applies here too.
t_ge "parent took at least the live objects" $((p1 - own0)) $((need - TOL))
t_le "parent took at most the child's usage" $((p1 - own0)) $((c0 + TOL))
t_ge "parent slab keeps the live objects" "$pslab1" $need
t_le "parent slab grew by nothing" "$pslab1" $((pslab0 + TOL))
t_end "parent.own-before=$own0 child=$c0 (slab $cslab) parent.after=$p1" \
	"moved=$((p1 - own0)) objects=$need empty-slabs-freed=$((own0 + c0 - p1))" \
	"slab.before=$pslab0 slab.after=$pslab1 (tol $TOL)"

t_begin v2-reparent-free
echo free > $MK_CMD
cg_drain "$P"
sleep 2.1
p2=$(memcur "$P") pslab2=$(memstat "$P" slab)
# KASAN's quarantine holds the freed objects, and their slabs stay charged:
# there only ask that the parent did not grow.
if [ "$MK_KASAN" = 1 ]; then
	t_ge "parent did not grow" $((p1 - p2)) 0
else
	t_ge "parent uncharged the objects" $((p1 - p2)) $((need - TOL))
	t_le "parent back to its own usage" "$(abs $((p2 - own0)))" $TOL
fi
t_end "parent.after-free=$p2 uncharged=$((p1 - p2)) own-before=$own0 slab.after-free=$pslab2"

# The deleted cgroup must not stay dying because of slab memory.
t_begin v2-reparent-dying
r=$(wait_no_dying "$P" 100)
dying=${r% *}
t_le "nr_dying_descendants" "$dying" 0
t_end "nr_dying_descendants=$dying after ${r#* } s"

# Its orphaned child cache of memcg_kmem_test is destroyed once empty.
t_begin v2-reparent-orphans
[ -n "$id" ] || t_failed "no child cache memcg_kmem_test(<id>:c) in /proc/slabinfo before rmdir"
i=0
while grep -q "^$id " /proc/slabinfo 2>/dev/null; do
	i=$((i + 1))
	[ $i -ge 300 ] && break
	sleep 0.1
done
[ -n "$id" ] && grep -q "^$id " /proc/slabinfo && t_failed "$id still in /proc/slabinfo after 30 s"
t_end "child cache ${id:-?} gone after $((i / 10)).$((i % 10)) s"

cg_rmdir "$P"
