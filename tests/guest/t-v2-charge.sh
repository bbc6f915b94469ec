#!/bin/sh
# t-v2-charge.sh - cgroup v2: slab allocations are charged to the
# allocating cgroup (memory.current, memory.stat slab), not to a sibling,
# and the charge goes away when the objects are freed.
#   v2-charge-module:  4000 x 512 B objects from the SLAB_ACCOUNT test cache
#   v2-charge-kmalloc: 4000 x kmalloc(256, GFP_KERNEL_ACCOUNT)
#   v2-charge-dentry:  negative dentries + inodes on ext2 (loop)
. /tests/lib.sh

P=$CGROOT/mk A=$P/a B=$P/b
N=4000
SIBLING_TOL=65536	# b may drift by this much (unrelated activity)
FREE_TOL=131072		# a back to within this of its baseline after free
DENTRY_MIN=1048576	# the dentry workload must charge at least this
DENTRY_TOL=1048576	# a back to within this after rm + drop_caches
CACHED_MAX=524288	# what a's caches may keep cached after a free

cg_rmdir "$P"
cg_mk "$P" && mkdir "$A" "$B" || { t_fail v2-charge "cannot create cgroups"; exit 0; }

snap() {	# snap PREFIX: a/b memory.current and slab into PREFIX_*
	sleep 2.1	# let the lazily flushed memory.stat catch up
	eval "$1_acur=$(memcur "$A") $1_aslab=$(memstat "$A" slab)"
	eval "$1_bcur=$(memcur "$B") $1_bslab=$(memstat "$B" slab)"
}

OBJ_STOCK_TOL=$((($(grep -c ^processor /proc/cpuinfo) + 1) * 4096))

# charge_test NAME CMD SIZE: CMD N allocates N objects of SIZE bytes.
charge_test() {
	name=$1 cmd=$2 size=$3
	t_begin "$name"
	cg_drain "$A"
	snap s0
	[ "$cmd" = alloc ] && { mk_warm "$A" || t_failed "no child cache"; }
	mk_cmd "$A" "$cmd $N" || t_failed "'$cmd $N' failed"
	snap s1
	mk_cmd "$A" free || t_failed "free failed"
	cg_drain "$A"
	snap s2
	# Freed objects a's caches keep for reuse (SLAB's per-cpu and shared
	# arrays, partial slabs) stay charged to a: allow for them, bounded.
	cached=$(slabinfo_bytes "$A")
	need=$((N * size))
	da_slab=$((s1_aslab - s0_aslab)) da_cur=$((s1_acur - s0_acur))
	db_slab=$((s1_bslab - s0_bslab)) db_cur=$((s1_bcur - s0_bcur))
	back=$((s2_acur - s0_acur))
	# a's slabs hold the N live objects; free room a already had in
	# its slabs (objects freed earlier, SLAB's per-cpu arrays) may take
	# some of them, so growth is at least N * size minus that slab.
	t_ge "a slab after alloc" $s1_aslab $need
	t_ge "a slab growth" $da_slab $((need - s0_aslab))
	t_ge "a current growth" $da_cur $((need - s0_aslab))
	# Objects charged per object (a cache below its child threshold)
	# use charge bytes that per-cpu object stocks and the objcg held
	# before s0: up to a page per CPU and one more.
	t_ge "a current growth vs slab" $da_cur $((da_slab - OBJ_STOCK_TOL))
	t_le "b current drift" "$(abs $db_cur)" $SIBLING_TOL
	t_le "b slab drift" "$(abs $db_slab)" $SIBLING_TOL
	# KASAN's quarantine keeps freed objects, and their slabs.
	t_le "a caches' slabs after free" "$cached" \
		"$(free_tol $CACHED_MAX $((s1_aslab + CACHED_MAX)))"
	t_le "a current after free, beyond its caches' slabs" \
		"$(abs $((back - cached + s0_aslab)))" "$(free_tol $FREE_TOL $da_cur)"
	t_end "need=$need a.slab=+$da_slab a.current=+$da_cur" \
		"b.current=$db_cur b.slab=$db_slab" \
		"a.current-after-free=$back (tol $FREE_TOL, in caches $cached)" \
		"a.slab-after-free=$((s2_aslab - s0_aslab))"
}

if mk_load; then
	charge_test v2-charge-module alloc $MK_OBJ_SIZE
	charge_test v2-charge-kmalloc kmalloc 256
else
	t_fail v2-charge-module "cannot load $MK_MODULE"
	t_fail v2-charge-kmalloc "cannot load $MK_MODULE"
fi

# Dentry/inode workload: the image and fs are set up from the root cgroup,
# so only the lookups and creations in a are charged to a.
MNT=/mnt/mk-charge
t_begin v2-charge-dentry
if ext2_setup $MNT 64 && mkdir $MNT/d; then
	cg_drain "$A"
	snap s0
	dentry_load "$A" $MNT/d 20000 500
	snap s1
	rm -f $MNT/d/file-*
	drop_caches 2
	cg_drain "$A"
	snap s2
	da_slab=$((s1_aslab - s0_aslab)) da_cur=$((s1_acur - s0_acur))
	db_slab=$((s1_bslab - s0_bslab)) db_cur=$((s1_bcur - s0_bcur))
	back=$((s2_acur - s0_acur))
	t_ge "a slab growth" $da_slab $DENTRY_MIN
	# Objects charged per object (a cache below its child threshold)
	# use charge bytes that per-cpu object stocks and the objcg held
	# before s0: up to a page per CPU and one more.
	t_ge "a current growth vs slab" $da_cur $((da_slab - OBJ_STOCK_TOL))
	t_le "b current drift" "$(abs $db_cur)" $SIBLING_TOL
	t_le "b slab drift" "$(abs $db_slab)" $SIBLING_TOL
	t_le "a current after rm+drop_caches" "$(abs $back)" "$(free_tol $DENTRY_TOL $da_cur)"
	t_end "a.slab=+$da_slab a.current=+$da_cur" \
		"b.current=$db_cur b.slab=$db_slab" \
		"a.current-after-drop=$back (tol $DENTRY_TOL)" \
		"a.slab-after-drop=$((s2_aslab - s0_aslab))"
else
	t_failed "ext2 on loop setup failed"
	t_end ""
fi
ext2_teardown $MNT

cg_rmdir "$P"
exit 0
