#!/bin/sh
# t-any-unload.sh - rmmod of the test module succeeds and the kernel logs
# no warnings while its cache has child caches of every kind: of a removed
# cgroup whose objects were freed, of a removed cgroup whose objects are
# still allocated (an orphan the module frees on exit), and of a live
# cgroup with objects.  The init runs t-any-* after the others.
#   any-unload:      rmmod works, every cache goes, no warning
#   any-unload-leak: the module is loaded again and leaves objects allocated
#                    in a child cache of a deleted cgroup and of a live one
#                    when it goes: rmmod works, each such child cache is
#                    reported as kmem_cache_destroy() reports a root cache
#                    (a WARNING, let through by summarize.sh between the
#                    "mk: expected warnings" marks) and stays, readable in
#                    /proc/slabinfo; the cgroups can still be deleted.
. /tests/lib.sh

P=$CGROOT/mk-unload
t_begin any-unload
cg_rmdir "$P"
if ! cg_mk "$P" || ! mkdir "$P/gone" "$P/held" "$P/alive"; then
	t_failed "cannot create cgroups"
elif ! mk_load; then
	t_failed "cannot load $MK_MODULE"
else
	echo "mk: unload test start" > /dev/kmsg
	for cg in gone alive; do
		mk_warm "$P/$cg" || t_failed "no child cache in $cg"
		mk_cmd "$P/$cg" "alloc 1000" || t_failed "alloc in $cg failed"
		mk_cmd "$P/$cg" "kmalloc 1000" || t_failed "kmalloc in $cg failed"
		mk_cmd "$P/$cg" free || t_failed "free in $cg failed"
	done
	cg_rmdir "$P/gone" || t_failed "rmdir gone failed"
	# Objects still allocated at rmdir and at rmmod.
	mk_warm "$P/held" || t_failed "no child cache in held"
	mk_cmd "$P/held" "alloc 500" || t_failed "alloc in held failed"
	cg_rmdir "$P/held" || t_failed "rmdir held failed"
	mk_warm "$P/alive" || t_failed "no child cache in alive"
	mk_cmd "$P/alive" "alloc 500" || t_failed "alloc in alive failed"
	rmmod memcg_kmem_test || t_failed "rmmod failed"
	[ -e "$MK_CMD" ] && t_failed "$MK_CMD still present"
	grep -q '^memcg_kmem_test[ (]' /proc/slabinfo 2>/dev/null &&
		t_failed "cache or a child cache still in /proc/slabinfo"
	bad=$(dmesg | sed -n '/mk: unload test start/,$p' |
		grep -E 'WARNING|BUG|Objects remaining|still has objects' | head -3)
	[ -n "$bad" ] && t_failed "dmesg: $(echo "$bad" | tr '\n' ' ')"
fi
t_end "lsmod=$(lsmod | grep -c memcg_kmem_test)"
cg_rmdir "$P"

L=$CGROOT/mk-leak
t_begin any-unload-leak
cg_rmdir "$L"
if ! cg_mk "$L" || ! mkdir "$L/gone" "$L/alive"; then
	t_failed "cannot create cgroups"
elif ! mk_load; then
	t_failed "cannot load $MK_MODULE"
else
	for cg in gone alive; do
		mk_warm "$L/$cg" || t_failed "no child cache in $cg"
		mk_cmd "$L/$cg" "alloc 100" || t_failed "alloc in $cg failed"
	done
	cg_rmdir "$L/gone" || t_failed "rmdir gone failed"
	echo leak > $MK_CMD || t_failed "leak command refused"
	echo "mk: expected warnings begin" > /dev/kmsg
	rmmod memcg_kmem_test || t_failed "rmmod failed"
	echo "mk: expected warnings end" > /dev/kmsg
	win=$(dmesg | sed -n '/mk: expected warnings begin/,/mk: expected warnings end/p')
	reported=$(echo "$win" | grep -c 'child cache memcg_kmem_test(.*) still has objects')
	t_ge "leaked child caches reported" "$reported" 2
	t_le "leaked child caches reported at most once" "$reported" 2
	echo "$win" | grep -q 'memcg_kmem_test: Slab cache still has objects' &&
		t_failed "the root cache, which had no objects, was reported"
	left=$(grep -c '^memcg_kmem_test([0-9]*:\(gone\|alive\)) ' /proc/slabinfo)
	t_ge "leaked child caches kept" "$left" 2
	cat "$L/alive/memory.kmem.slabinfo" > /dev/null 2>&1
	cg_rmdir "$L/alive" || t_failed "rmdir alive failed"
	cg_rmdir "$L" || t_failed "rmdir of the parent failed"
fi
t_end "reported=${reported:-0} kept=${left:-0}"
exit 0
