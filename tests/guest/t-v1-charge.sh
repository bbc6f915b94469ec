#!/bin/sh
# t-v1-charge.sh - cgroup v1: test-cache objects are charged to the
# allocating cgroup's memory.kmem.usage_in_bytes (not the sibling's), the
# charge goes away on free, and memory.kmem.slabinfo lists the cache.
. /tests/lib.sh

P=$CGROOT/mk A=$P/a B=$P/b
N=4000
SIBLING_TOL=65536
# v1 has no memory.high to flush the per-cpu charge stocks with (up to 64
# pages per CPU stay charged after a free), so allow for them on 2 CPUs.
FREE_TOL=$((131072 + 2 * 262144))

cg_rmdir "$P"
if ! cg_mk "$P" || ! mkdir "$A" "$B"; then
	t_fail v1-charge-kmem "cannot create cgroups"
	t_fail v1-slabinfo "cannot create cgroups"
	exit 0
fi
if ! mk_load; then
	t_fail v1-charge-kmem "cannot load $MK_MODULE"
	t_fail v1-slabinfo "cannot load $MK_MODULE"
	cg_rmdir "$P"
	exit 0
fi

t_begin v1-charge-kmem
a0=$(kmemcur "$A") b0=$(kmemcur "$B")
mk_warm "$A" || t_failed "no child cache"
mk_cmd "$A" "alloc $N" || t_failed "alloc failed"
a1=$(kmemcur "$A") b1=$(kmemcur "$B")
la=$(slabinfo_line "$A" memcg_kmem_test)
lb=$(slabinfo_line "$B" memcg_kmem_test)
mk_cmd "$A" free || t_failed "free failed"
a2=$(kmemcur "$A")
need=$((N * MK_OBJ_SIZE)) da=$((a1 - a0)) db=$((b1 - b0)) back=$((a2 - a0))
t_ge "a kmem growth" $da $need
t_le "b kmem drift" "$(abs $db)" $SIBLING_TOL
t_le "a kmem after free" "$(abs $back)" "$(free_tol $FREE_TOL $da)"
t_end "need=$need a.kmem=+$da b.kmem=$db a.kmem-after-free=$back (tol $FREE_TOL)"

t_begin v1-slabinfo
set -- $la
a_active=${2:-0} a_size=${4:-0}
set -- $lb
b_active=${2:-0}
if [ -z "$la" ]; then
	t_failed "a: no memcg_kmem_test line in memory.kmem.slabinfo"
else
	t_ge "a active objs" "$a_active" $N
	t_ge "a objsize" "$a_size" $MK_OBJ_SIZE
fi
t_le "b active objs" "$b_active" 0
t_end "a: active=$a_active objsize=$a_size b: active=$b_active"

cg_rmdir "$P"
exit 0
