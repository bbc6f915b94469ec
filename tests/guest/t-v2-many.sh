#!/bin/sh
# t-v2-many.sh - cgroup v2: mk.many=N cgroups (default 300) exist at once
# and each allocates from the test cache, while a sibling keeps allocating:
# the per-cache arrays grow under concurrent lookups to ids beyond N.
#   v2-many-caches:  every cgroup gets its own child cache, holding its
#                    object, listed in its memory.kmem.slabinfo
#   v2-many-cleanup: after the cgroups are deleted and the objects freed,
#                    no child cache of theirs is left
. /tests/lib.sh

N=$(sed -n 's/.*mk\.many=\([0-9]*\).*/\1/p' /proc/cmdline)
N=${N:-300}
P=$CGROOT/many S=$CGROOT/many/sibling

cg_rmdir "$P"
cg_mk "$P" && mkdir "$S" || { t_fail v2-many-caches "cannot create cgroups"; exit 0; }
mk_load || { t_fail v2-many-caches "cannot load $MK_MODULE"; exit 0; }
echo free > $MK_PROC
many_caches() { grep -c '^memcg_kmem_test([0-9]*:m[0-9]*) ' /proc/slabinfo; }

rm -f /tmp/many-stop
# Bounded (at most 64,000 objects, 32 MiB) so that a slow run cannot fill
# the guest's memory.
cg_sh "$S" "i=0; while [ ! -e /tmp/many-stop ] && [ \$i -lt 2000 ]; do
	echo 'alloc 32' > $MK_PROC; i=\$((i + 1)); done" &
bg=$!

t_begin v2-many-caches
i=1
while [ $i -le $N ]; do mkdir "$P/m$i" || t_failed "mkdir m$i"; i=$((i + 1)); done
i=1
while [ $i -le $N ]; do
	mk_warm "$P/m$i" || t_failed "no child cache in m$i"
	mk_cmd "$P/m$i" "alloc 1" || t_failed "alloc in m$i"
	i=$((i + 1))
done
touch /tmp/many-stop
wait $bg
n=$(many_caches)
maxid=$(sed -n 's/^memcg_kmem_test(\([0-9]*\):m[0-9]*) .*/\1/p' /proc/slabinfo | sort -n | tail -1)
listed=0 i=1
while [ $i -le $N ]; do
	active=$(awk '$1 == "memcg_kmem_test" { print $2 }' "$P/m$i/memory.kmem.slabinfo")
	[ "${active:-0}" -ge 1 ] && listed=$((listed + 1))
	i=$((i + 1))
done
t_ge "child caches" "$n" $N
t_ge "cgroups listing their cache" $listed $N
t_ge "highest kmem id" "${maxid:-0}" $N
t_end "cgroups=$N child-caches=$n listed=$listed highest-id=$maxid"

t_begin v2-many-cleanup
i=1
while [ $i -le $N ]; do cg_rmdir "$P/m$i"; i=$((i + 1)); done
echo free > $MK_PROC
i=0
while [ "$(many_caches)" != 0 ]; do
	i=$((i + 1))
	[ $i -ge 300 ] && break
	sleep 0.1
done
left=$(many_caches)
t_le "child caches left" "$left" 0
t_end "left=$left after $((i / 10)).$((i % 10)) s"
cg_rmdir "$P"
