#!/bin/sh
# t-v2-many.sh - cgroup v2: mk.many=N cgroups (default 2000) exist at once
# and each allocates from the test cache, while a sibling keeps allocating:
# the per-cache arrays grow under concurrent lookups to ids beyond N.
# The cgroups are made and used by tests/tools/churn.c (-k keeps them, -j
# uses them again): first each allocates an object, charged per object,
# which asks for its child cache (at most 64 requests wait at a time, so
# rounds repeat until all exist), then each allocates one object, served
# from its child.
#   v2-many-caches:  every cgroup gets its own child cache, holding its
#                    object, listed in its memory.kmem.slabinfo
#   v2-many-cleanup: after the cgroups are deleted and the objects freed,
#                    no child cache of theirs is left
. /tests/lib.sh

N=$(sed -n 's/.*mk\.many=\([0-9]*\).*/\1/p' /proc/cmdline)
N=${N:-2000}
P=$CGROOT/many S=$CGROOT/many/sibling

cg_rmdir "$P"
cg_mk "$P" && mkdir "$S" || { t_fail v2-many-caches "cannot create cgroups"; exit 0; }
mk_load || { t_fail v2-many-caches "cannot load $MK_MODULE"; exit 0; }
echo free > $MK_CMD
many_caches() { grep -c '^memcg_kmem_test([0-9]*:m[0-9]*) ' /proc/slabinfo; }

rm -f /tmp/many-stop
# Bounded (at most 64,000 objects, 32 MiB) so that a slow run cannot fill
# the guest's memory.
cg_sh "$S" "i=0; while [ ! -e /tmp/many-stop ] && [ \$i -lt 2000 ]; do
	echo 'alloc 32' > $MK_CMD; i=\$((i + 1)); done" &
bg=$!

t_begin v2-many-caches
out=$(churn -k -p m -n "$N" -r "$CGROOT" -w $MK_CMD -a 'alloc 1' "$P" 2>&1) ||
	t_failed "making the cgroups: $out"
round=1
while [ "$(many_caches)" -lt "$N" ] && [ $round -lt 20 ]; do
	sleep 1
	[ "$(many_caches)" -lt "$N" ] || break
	churn -j -p m -n "$N" -r "$CGROOT" -w $MK_CMD -a 'alloc 1' "$P" >/dev/null 2>&1
	round=$((round + 1))
done
out=$(churn -j -p m -n "$N" -r "$CGROOT" -w $MK_CMD -a 'alloc 1' "$P" 2>&1) ||
	t_failed "allocating: $out"
touch /tmp/many-stop
wait $bg
n=$(many_caches)
maxid=$(sed -n 's/^memcg_kmem_test(\([0-9]*\):m[0-9]*) .*/\1/p' /proc/slabinfo | sort -n | tail -1)
# Read with the shell's own read: no fork per cgroup.
listed=0 i=1
while [ $i -le $N ]; do
	while read -r name active rest; do
		if [ "$name" = memcg_kmem_test ] && [ "$active" -ge 1 ]; then
			listed=$((listed + 1))
			break
		fi
	done < "$P/m$i/memory.kmem.slabinfo"
	i=$((i + 1))
done
t_ge "child caches" "$n" $N
t_ge "cgroups listing their cache" $listed $N
t_ge "highest kmem id" "${maxid:-0}" $N
t_end "cgroups=$N child-caches=$n listed=$listed highest-id=$maxid" \
	"warm rounds=$round"

t_begin v2-many-cleanup
i=1
while [ $i -le $N ]; do rmdir "$P/m$i" 2>/dev/null; i=$((i + 1)); done
cg_rmdir "$P"
echo free > $MK_CMD
i=0
while [ "$(many_caches)" != 0 ]; do
	i=$((i + 1))
	[ $i -ge 300 ] && break
	sleep 0.1
done
left=$(many_caches)
t_le "child caches left" "$left" 0
t_end "left=$left after $((i / 10)).$((i % 10)) s"
