#!/bin/sh
# demo.sh - guest part of `make demo`: a dentry/inode-heavy workload runs
# in cgroup "busy", a small one in "small", while "idle" does nothing; then
# show what each cgroup was charged, overall and per slab cache
# (memory.kmem.slabinfo: busy's caches get child caches, small's
# stay charged per object, as the "auto" granularity decides); then the
# same workload runs under an 8 MiB kernel-memory limit; last, the per-cache
# accounting policy and a run-time switch.
. /tests/lib.sh

P=$CGROOT/demo
MNT=/mnt/demo
NSTAT=${DEMO_NSTAT:-100000}
NFILES=${DEMO_NFILES:-2000}
PAGE=4096

# Keep kernel messages (loop, ext2) from interleaving with the tables; they
# stay in the kernel log, and warnings are reported at the end.
dmesg -n 1
cg_rmdir "$P"
cg_mk "$P" && mkdir "$P/busy" "$P/small" "$P/idle" ||
	{ echo "DEMO: cannot create cgroups"; exit 1; }
ext2_setup $MNT 128 && mkdir $MNT/work $MNT/small || { echo "DEMO: ext2 setup failed"; exit 1; }

echo "DEMO: busy: $NSTAT stat()s of missing names + $NFILES file creations on ext2"
t0=$(date +%s)
dentry_load "$P/busy" $MNT/work "$NSTAT" "$NFILES"
echo "DEMO: workload took $(($(date +%s) - t0)) s (guest clock)"
echo "DEMO: small: 100 stat()s of missing names + 10 file creations"
dentry_load "$P/small" $MNT/small 100 10
sleep 2.1	# memory.stat is flushed lazily

show() {	# show CGNAME
	d=$P/$1
	cur=$(memcur "$d")
	kern=$(memstat "$d" kernel) slab=$(memstat "$d" slab)
	rec=$(memstat "$d" slab_reclaimable) unrec=$(memstat "$d" slab_unreclaimable)
	echo
	echo "== cgroup $1 =="
	printf '  %-22s %12s\n' memory.current "$cur" kernel "$kern" slab "$slab" \
		slab_reclaimable "$rec" slab_unreclaimable "$unrec"
	ncache=0 sbytes=0
	if [ -f "$d/memory.kmem.slabinfo" ]; then
		printf '  %-24s %-10s %10s %8s %8s %12s\n' cache charged active_objs objsize slabs bytes
		# A child cache's bytes are its slabs; a per-object line's, its
		# objects at the size each is charged.
		awk -v page=$PAGE '
			/^slabinfo -/ || /^#/ { next }
			{ po = $NF == "per-object"; b = po ? $2 * $4 : $15 * $6 * page
			  printf "  %-24s %-10s %10d %8d %8d %12d\n", $1,
				po ? "per-object" : "per-slab", $2, $4, $15, b
			  n++; t += b; if (po) np++; else nc++ }
			END { printf "  %-24s %-10s %10s %8s %8s %12d\n", "(total: " nc+0 " child caches, " np+0 " per-object)", "", "", "", "", t
			      print "SUM " nc+0 " " np+0 " " t+0 > "/tmp/demo.sum" }' "$d/memory.kmem.slabinfo"
		read -r _ ncache nobj sbytes < /tmp/demo.sum
		awk -v cg="$1" -v page=$PAGE '
			/^slabinfo -/ || /^#/ { next }
			{ po = $NF == "per-object"
			  printf "DEMO %s cache=%s active_objs=%d objsize=%d slabs=%d bytes=%d kind=%s\n",
			  cg, $1, $2, $4, $15, po ? $2 * $4 : $15 * $6 * page,
			  po ? "object" : "child" }' "$d/memory.kmem.slabinfo"
	else
		echo "  (no memory.kmem.slabinfo on this kernel: no per-cache breakdown)"
	fi
	echo "DEMO $1 current=$cur kernel=$kern slab=$slab" \
		"slab_reclaimable=$rec slab_unreclaimable=$unrec" \
		"slabinfo_caches=$ncache slabinfo_objects=$nobj slabinfo_bytes=$sbytes"
}

echo
echo "memory.current = all memory charged to the cgroup; kernel = its kernel part;"
echo "slab = bytes in slab objects (reclaimable: dentries/inodes); the table is the"
echo "cgroup's slab caches: charged per slab (its own child cache: objects in use,"
echo "object size, slabs, bytes in slab pages) or per object (objects in the shared"
echo "cache, at the size each is charged). A cgroup gets a child cache once its use"
echo "of the cache pays for one (the threshold below); small stays per object."
show busy
show small
show idle

# The same workload in a cgroup whose kernel memory is limited to 8 MiB:
# at the limit its own dentries and inodes are reclaimed, nothing fails.
LIMIT=$((8 * 1048576))
mkdir "$P/limited" $MNT/limited
echo $LIMIT > "$P/limited/memory.kmem.max"
echo
echo "== cgroup limited: memory.kmem.max = $LIMIT, the same workload =="
out=$(cg_run "$P/limited" dentry_stress $MNT/limited "$NSTAT" $MNT/limited "$NFILES" \
	"$P/limited/memory.kmem.current" 2>&1)
echo "  dentry_stress: $out"
echo "  memory.kmem.current now: $(cat "$P/limited/memory.kmem.current")"
echo "  memory.kmem.events: $(tr '\n' ' ' < "$P/limited/memory.kmem.events")"
echo "DEMO limited max=$LIMIT $out events: $(tr '\n' ' ' < "$P/limited/memory.kmem.events")"

# The per-cache policy: which caches are accounted, why, and a run-time
# switch of kmalloc-256, which the default (opt-in) policy leaves alone.
echo
echo "== the accounting policy: memory.kmem.cache_policy (root cgroup) =="
echo "  (name, policy, its source, granularity, its source, objects at which a cgroup gets a child)"
grep -E '^(dentry|ext2_inode_cache|kmalloc-256|kmalloc-cg-256|kmem_cache) ' \
	"$MK_POLICY" | sed 's/^/  /'
if mk_load && mkdir "$P/policy"; then
	off=$(mk_charge "$P/policy" "kmalloc-plain 4000")
	echo "kmalloc-256 on" > "$MK_POLICY"
	echo "  'kmalloc-256 on' written: $(policy_of kmalloc-256)"
	on=$(mk_charge "$P/policy" "kmalloc-plain 4000")
	echo "kmalloc-256 default" > "$MK_POLICY"
	mk_cmd "$P/policy" free
	echo "  4000 x kmalloc(256, GFP_KERNEL) from a cgroup: +$off B as" \
		"configured, +$on B with kmalloc-256 on"
	echo "DEMO policy kmalloc-256 off=$off on=$on"
fi

ext2_teardown $MNT
cg_rmdir "$P"
dmesg -n 7
dmesg | grep -E 'WARNING|BUG|Oops' && echo "DEMO: the kernel logged warnings (above)"
echo DEMO-DONE
