#!/bin/sh
# t-v2-churn.sh - cgroup v2: create a cgroup, allocate kernel objects in it
# (test module cache, kmalloc, dentries, an inode), delete it; repeat
# mk.churn=N times (default 1000) while tasks in a sibling cgroup and in
# the root cgroup keep allocating. Objects of deleted cgroups are freed
# every 50 cycles. At the end, after everything is freed and the file
# system is unmounted (its page cache pins the cgroups that read it first,
# as on any kernel):
#   v2-churn-baseline: the parent's and the sibling's usage and slab are back
#                      at their baselines, but for the empty slabs that the
#                      sibling's live caches keep cached (every slab byte
#                      charged to it is in one of its caches)
#   v2-churn-dying:    nr_dying_descendants returns to 0
#   v2-churn-caches:   child caches of deleted cgroups are destroyed once
#                      empty: none is left without live objects, the few
#                      left hold objects still in use (e.g. a /proc dentry
#                      a deleted cgroup looked up first), and their number
#                      stayed bounded during the churn; kmem ids are
#                      recycled: the highest id a child cache had stays
#                      far below the number of cgroups made (the
#                      per-cache arrays grow to the highest id in use)
. /tests/lib.sh

N=$(sed -n 's/.*mk\.churn=\([0-9]*\).*/\1/p' /proc/cmdline)
N=${N:-1000}
P=$CGROOT/churn S=$CGROOT/churn/sibling
MNT=/mnt/mk-churn
TOL=262144
BOUND=2000	# live child caches at any sample point
IDMAX=256	# kmem ids: the guest's cgroups, and one live churn cgroup

cg_rmdir "$P"
cg_mk "$P" && mkdir "$S" || { t_fail v2-churn-baseline "cannot create cgroups"; exit 0; }
mk_load || { t_fail v2-churn-baseline "cannot load $MK_MODULE"; exit 0; }
ext2_setup $MNT 32 && mkdir $MNT/d || { t_fail v2-churn-baseline "ext2 setup failed"; exit 0; }

# child_caches: child caches of churn cgroups ("name(id:cNNN)").
child_caches() { grep -c '^[^ ]*([0-9]*:c[0-9]*) ' /proc/slabinfo; }
# empty_child_caches: those of them without active objects.
empty_child_caches() {
	awk '$1 ~ /^[^ ]*\([0-9]*:c[0-9]*\)$/ && $2 == 0' /proc/slabinfo | wc -l
}
LEFT_MAX=16	# caches of deleted cgroups whose objects are still in use

echo free > $MK_CMD
drop_caches 3
cg_drain "$P"
sleep 2.1
p0=$(memcur "$P") s0=$(memcur "$S")
pslab0=$(memstat "$P" slab) sslab0=$(memstat "$S" slab)

rm -f /tmp/churn-stop
cg_sh "$S" "while [ ! -e /tmp/churn-stop ]; do
	seq 1 40 | sed 's|^|$MNT/d/sib-|' | xargs stat >/dev/null 2>&1
	echo 'kmalloc 16' > $MK_CMD 2>/dev/null
	sleep 0.2
done" &
bg1=$!
(while [ ! -e /tmp/churn-stop ]; do
	seq 1 40 | sed "s|^|$MNT/d/root-|" | xargs stat >/dev/null 2>&1
	sleep 0.2
done) &
bg2=$!

# The cycles themselves run in tests/tools/churn.c: a shell loop costs a
# fork and several execs per cycle (1.5 s each under TCG).
t0=$(date +%s)
out=$(churn -n "$N" -r "$CGROOT" -w $MK_CMD -a 'alloc 8' -a 'kmalloc 8' \
	-x free -e 50 -d $MNT/d "$P" 2>&1)
t1=$(date +%s)
log "$out"
fails=$(echo "$out" | sed -n 's/^churn cycles [0-9]* failed \([0-9]*\) .*/\1/p')
max=$(echo "$out" | sed -n 's/.* max_child_caches \([0-9]*\) .*/\1/p')
maxid=$(echo "$out" | sed -n 's/.* max_kmem_id \([0-9]*\) .*/\1/p')
fails=${fails:-1} max=${max:-999999} maxid=${maxid:-999999}
touch /tmp/churn-stop
wait $bg1 $bg2
echo free > $MK_CMD
ext2_teardown $MNT
# Recently used dentries get a second chance on the LRU: drop a few times.
for k in 1 2 3; do drop_caches 3; done

# Orphans die as their last slabs go; SLAB's reaper returns the objects
# its per-cpu arrays still cache within a few seconds.
i=0
while [ "$(empty_child_caches)" != 0 ] || [ "$(child_caches)" -gt $LEFT_MAX ]; do
	i=$((i + 1))
	[ $i -ge 300 ] && break
	sleep 0.1
done
left=$(child_caches) empty=$(empty_child_caches) waited="$((i / 10)).$((i % 10))"
[ "$left" = 0 ] || log "left: $(grep '^[^ ]*([0-9]*:c[0-9]*) ' /proc/slabinfo | awk '{ print $1, $2, $3 }' | head -20 | tr '\n' ' ')"

t_begin v2-churn-caches
t_le "empty child caches of deleted cgroups left" "$empty" 0
t_le "child caches of deleted cgroups left" "$left" $LEFT_MAX
t_le "most child caches alive during the churn" $max $BOUND
[ "$N" -gt $((2 * IDMAX)) ] && t_le "highest kmem id during the churn" $maxid $IDMAX
t_end "left=$left (empty $empty) after $waited s, max during churn=$max (bound $BOUND)" \
	"highest kmem id=$maxid (bound $IDMAX, cgroups made $N)" \
	"total caches now: $(($(wc -l < /proc/slabinfo) - 2))"

t_begin v2-churn-baseline
cg_drain "$P"
sleep 2.1
p1=$(memcur "$P") s1=$(memcur "$S")
pslab1=$(memstat "$P" slab) sslab1=$(memstat "$S" slab)
cached=$(slabinfo_bytes "$S")
t_le "cycles that failed" $fails 0
t_le "sibling slab outside its caches' slabs" "$(abs $((sslab1 - cached)))" $TOL
t_le "sibling slab back to baseline" "$(abs $((sslab1 - cached - sslab0)))" $TOL
t_le "sibling back to baseline" "$(abs $((s1 - cached - s0)))" $TOL
t_le "parent slab back to baseline" "$(abs $((pslab1 - sslab1 - pslab0)))" $TOL
t_le "parent back to baseline" "$(abs $((p1 - s1 - p0)))" $TOL
t_end "cycles=$N in $((t1 - t0)) s parent: $p0 -> $p1 (slab $pslab0 -> $pslab1)" \
	"sibling: $s0 -> $s1 (slab $sslab0 -> $sslab1, in its caches' slabs $cached)" \
	"(tol $TOL)"

t_begin v2-churn-dying
r=$(wait_no_dying "$P")
dying=${r% *}
t_le "nr_dying_descendants" "$dying" 0
t_end "nr_dying_descendants=$dying after ${r#* } s"

cg_rmdir "$P"
