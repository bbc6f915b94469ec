#!/bin/sh
# t-v2-slabinfo.sh - cgroup v2: memory.kmem.slabinfo of the allocating
# cgroup lists the test cache with >= N active objects of >= 512 bytes;
# the sibling's lists none.  (Vanilla kernels have no such file: FAIL.)
. /tests/lib.sh

P=$CGROOT/mk A=$P/a B=$P/b
N=4000

t_begin v2-slabinfo
cg_rmdir "$P"
if ! cg_mk "$P" || ! mkdir "$A" "$B"; then
	t_failed "cannot create cgroups"
elif ! mk_load; then
	t_failed "cannot load $MK_MODULE"
elif [ ! -f "$A/memory.kmem.slabinfo" ]; then
	t_failed "no memory.kmem.slabinfo"
else
	mk_warm "$A" || t_failed "no child cache"
	mk_cmd "$A" "alloc $N" || t_failed "alloc failed"
	la=$(slabinfo_line "$A" memcg_kmem_test)
	lb=$(slabinfo_line "$B" memcg_kmem_test)
	set -- $la
	a_active=${2:-0} a_size=${4:-0}
	set -- $lb
	b_active=${2:-0}
	if [ -z "$la" ]; then
		t_failed "a: no memcg_kmem_test line"
	else
		t_ge "a active objs" "$a_active" $N
		t_ge "a objsize" "$a_size" $MK_OBJ_SIZE
	fi
	t_le "b active objs" "$b_active" 0
	# Sanity of the format: the header lines come first.
	head -1 "$A/memory.kmem.slabinfo" | grep -q '^slabinfo - ' ||
		t_failed "a: no 'slabinfo -' header"
	mk_cmd "$A" free || t_failed "free failed"
fi
t_end "a: active=${a_active:-?} objsize=${a_size:-?} b: active=${b_active:-?}"
cg_rmdir "$P"
exit 0
