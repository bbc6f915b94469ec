#!/bin/sh
# t-v1-policy.sh - cgroup v1: memory.kmem.cache_policy in the memory root.
#   v1-policy-runtime: the file is in the root only; memcg_kmem_test_plain
#                      switched on is charged to memory.kmem.usage_in_bytes,
#                      switched off is not, its charge goes when freed, and
#                      default restores its line
#   v1-policy-input:   bad writes fail with EINVAL, ENOENT or EPERM and
#                      leave the table as it was
. /tests/lib.sh

P=$CGROOT/mk-policy C=$P/c
# v1 cannot flush the per-cpu charge stocks (up to 64 pages per CPU, 2
# CPUs): 4 MiB of objects keeps them well under a quarter of it.
N=8000
NEED=$((N * MK_OBJ_SIZE))
FREE_TOL=$((131072 + 2 * 262144))
CACHED_MAX=524288
PLAIN=memcg_kmem_test_plain

mk_load || { t_fail v1-policy "cannot load $MK_MODULE"; exit 0; }
echo free > "$MK_CMD"
cg_rmdir "$P"
if ! cg_mk "$P" || ! mkdir "$C"; then
	t_fail v1-policy "cannot create cgroups"
	exit 0
fi

t_begin v1-policy-runtime
t_true "$MK_POLICY exists" [ -f "$MK_POLICY" ]
t_true "no memory.kmem.cache_policy in a child" \
	[ ! -e "$C/memory.kmem.cache_policy" ]
orig=$(policy_of $PLAIN)
t_true "$PLAIN listed" [ -n "$orig" ]
base=$(kmemcur "$C") slab0=$(slabinfo_bytes "$C")
policy_switch $PLAIN on "accounted runtime"
on=$(mk_charge "$C" "calloc plain $N") || t_failed "calloc while on failed"
t_ge "kmem charged while on" "$on" $NEED
policy_switch $PLAIN off "unaccounted runtime"
off=$(mk_charge "$C" "calloc plain $N") || t_failed "calloc while off failed"
t_le "kmem not charged while off" "$off" $((NEED / 4))
mk_cmd "$C" free || t_failed "free failed"
cached=$(($(slabinfo_bytes "$C") - slab0))
back=$(($(kmemcur "$C") - base))
t_le "caches' slabs after free" "$cached" \
	"$(free_tol $CACHED_MAX $((on + off + CACHED_MAX)))"
t_le "kmem after free, beyond the caches' slabs" \
	"$(abs $((back - cached)))" "$(free_tol $FREE_TOL $((on + off)))"
policy_switch $PLAIN default "$orig"
t_end "$PLAIN '$orig'; on +$on, off +$off," \
	"after free +$back ($cached in caches)"

t_begin v1-policy-input
bad_writes "$MK_POLICY" policy_table <<EOF
$PLAIN maybe|Invalid argument
no_such_cache on|No such file or directory
kmem_cache on|Operation not permitted
EOF
t_end "table unchanged by every refused write"

policy_set $PLAIN default >/dev/null
echo free > "$MK_CMD"
cg_rmdir "$P"
exit 0
