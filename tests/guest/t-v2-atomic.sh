#!/bin/sh
# t-v2-atomic.sh - cgroup v2: first allocations of a cgroup from contexts
# that may not sleep. They are charged to the cgroup per object while its
# child cache is created from a workqueue; later ones use the child.
# Allocations from a timer (softirq) are not charged to the cgroup of the
# task they interrupt, and create no child for it.
#   v2-atomic-spinlock: GFP_ATOMIC under a spinlock
#   v2-atomic-irqoff:   GFP_ATOMIC with interrupts disabled
#   v2-atomic-softirq:  GFP_ATOMIC from a timer callback
. /tests/lib.sh

P=$CGROOT/mk-atomic
N=2000
NEED=$((N * MK_OBJ_SIZE))
mk_load || { t_fail v2-atomic "no test module"; exit 0; }
cg_rmdir "$P"
cg_mk "$P" || { t_fail v2-atomic "cannot create $P"; exit 0; }

# child_objs CGDIR: active objects of the cgroup's child of the test cache.
child_objs() {
	slabinfo_line "$1" memcg_kmem_test | awk '{ print $2 }'
}

# wait_child CGDIR: wait up to 5 s for the child of the test cache.
wait_child() {
	local i=0
	while ! slabinfo_line "$1" memcg_kmem_test >/dev/null; do
		i=$((i + 1))
		[ $i -ge 50 ] && return 1
		sleep 0.1
	done
}

for ctx in atomic irqoff; do
	name=v2-atomic-spinlock
	[ $ctx = irqoff ] && name=v2-atomic-irqoff
	t_begin $name
	C=$P/$ctx
	mkdir "$C"
	cur0=$(memcur "$C")
	cached0=$(slabinfo_bytes "$C")
	mk_cmd "$C" "$ctx $N" || t_failed "'$ctx $N' failed"
	cur1=$(memcur "$C")
	# Charged per object, before any child cache of the test cache.
	t_ge "charged for the first batch" $((cur1 - cur0)) "$NEED"
	t_true "child cache created by the workqueue" wait_child "$C"
	mk_cmd "$C" "$ctx $N" || t_failed "second '$ctx $N' failed"
	objs=$(child_objs "$C")
	t_ge "second batch served from the child" "${objs:-0}" "$N"
	mk_cmd "$C" free
	cg_drain "$C"
	cur2=$(memcur "$C")
	# Slabs the cgroup's child caches keep (partial and per-cpu slabs,
	# of every accounted cache the shell used: many under opt-out)
	# stay charged; what is left beyond them must be small.
	cached=$(($(slabinfo_bytes "$C") - cached0))
	t_le "after free, beyond the child caches' slabs" \
		"$(abs $((cur2 - cur0 - cached)))" "$(free_tol 262144 $((2 * NEED)))"
	t_end "first batch +$((cur1 - cur0)) B per object; child objs ${objs:-none}; after free +$((cur2 - cur0)) B ($cached in caches)"
	cg_rmdir "$C"
done

t_begin v2-atomic-softirq
C=$P/softirq
mkdir "$C"
cur0=$(memcur "$C") slab0=$(memstat "$C" slab)
mk_cmd "$C" "softirq $N" || t_failed "'softirq $N' failed"
cur1=$(memcur "$C") slab1=$(memstat "$C" slab)
t_true "objects allocated" [ "$(mk_count objects)" = "$N" ]
# The shell that wrote the command is charged a little; N objects are not.
# Its slab is the exact measure; memory.current also holds the per-cpu
# charge batches of the shell's charges (up to 256 KiB per CPU), so it is
# only checked to stay below what the objects alone would add.
t_le "cgroup slab not charged for the timer's objects" $((slab1 - slab0)) $((NEED / 4))
t_le "cgroup not charged for the timer's objects" $((cur1 - cur0)) $((NEED - 1))
sleep 1
if slabinfo_line "$C" memcg_kmem_test >/dev/null; then
	t_failed "a child of the test cache was made for the cgroup"
fi
t_end "cgroup +$((cur1 - cur0)) B (slab +$((slab1 - slab0)) B) for $N objects ($NEED B)"
mk_cmd "$C" free
cg_rmdir "$C"

cg_rmdir "$P"
