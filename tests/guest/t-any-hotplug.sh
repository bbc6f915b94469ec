#!/bin/sh
# t-any-hotplug.sh - CPU hotplug with child caches in use: take CPU 1
# offline and back while a cgroup allocates and frees from its child
# caches; everything it allocated is uncharged at the end and the kernel
# logs no warnings (summarize.sh checks the log).
. /tests/lib.sh

P=$CGROOT/mk-hotplug
CPU=/sys/devices/system/cpu/cpu1/online
t_begin any-hotplug
cg_rmdir "$P"
if [ ! -w $CPU ]; then
	t_failed "no $CPU"
elif ! cg_mk "$P" || ! mkdir "$P/a"; then
	t_failed "cannot create cgroups"
elif ! mk_load; then
	t_failed "cannot load $MK_MODULE"
else
	echo free > $MK_CMD
	u0=$(memcur "$P/a")
	mk_warm "$P/a" || t_failed "no child cache"
	mk_cmd "$P/a" "alloc 2000" || t_failed "alloc failed"
	echo 0 > $CPU || t_failed "offline cpu1 failed"
	mk_cmd "$P/a" "kmalloc 2000" || t_failed "kmalloc with cpu1 offline failed"
	echo free > $MK_CMD
	mk_cmd "$P/a" "alloc 1000" || t_failed "alloc with cpu1 offline failed"
	echo 1 > $CPU || t_failed "online cpu1 failed"
	mk_cmd "$P/a" "kmalloc 1000" || t_failed "kmalloc after online failed"
	echo free > $MK_CMD
	u1=$(memcur "$P/a")
	# The cgroup holds no objects now: what stays is its caches' slabs
	# (freed objects cached for reuse) and the per-cpu charge stocks (up
	# to 64 pages per CPU), well under what it allocated.
	cached=$(slabinfo_bytes "$P/a")
	t_le "caches' slabs after free" "$cached" \
		"$(free_tol 524288 $((u1 - u0 + 524288)))"
	t_le "usage left beyond caches' slabs" "$(abs $((u1 - u0 - cached)))" 524288
	[ "$(cat $CPU)" = 1 ] || t_failed "cpu1 not back online"
fi
t_end "usage before=$u0 after=$u1 (in caches ${cached:-?}) cpu1=$(cat $CPU 2>/dev/null)"
cg_rmdir "$P"
