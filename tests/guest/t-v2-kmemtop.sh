#!/bin/sh
# t-v2-kmemtop.sh - cgroup v2: tools/cgroup/memcg_kmem_top over real
# memory.kmem.* files. Two cgroups under $CGROOT/mktop, N test objects in
# one of them. (Vanilla kernels have no such files nor test module: FAIL.)
#   v2-kmemtop-caches: `memcg_kmem_top -c` lists the loaded cgroup with
#                      its memcg_kmem_test child cache, >= N active objects
#                      of >= 512 bytes; the idle sibling has no such cache;
#                      -b's CURRENT and SLAB agree with memory.kmem.current
#                      and memory.kmem.slabinfo, LIMIT with memory.kmem.max
#   v2-kmemtop-sort:   by current the parent (which counts its children)
#                      comes first, then the loaded cgroup, then the idle
#                      one; by slab (a cgroup's own) the loaded one is
#                      first; -n 1 prints one cgroup
#   v2-kmemtop-root:   over the whole hierarchy (the default ROOT) the
#                      root cgroup (no memory.kmem.current) shows "-",
#                      every cgroup is listed, mktop/load with its objects
#   v2-kmemtop-errors: a bad option or sort key exits 2, a missing root 1,
#                      each with a message on stderr
. /tests/lib.sh

# Named so that sorting by name would give another order than by usage.
P=$CGROOT/mktop A=$P/load B=$P/idle
N=4000
TOP=memcg_kmem_top
ERR=/tmp/kmemtop.err

# top_order OUT: the CGROUP fields of the cgroup lines, in order.
top_order() {
	printf '%s\n' "$1" | awk 'NF >= 9 && $1 != "CURRENT" { print $9 }'
}
# top_cg OUT CGROUP: the cgroup's line.
top_cg() {
	printf '%s\n' "$1" | awk -v c="$2" 'NF >= 9 && $9 == c { print; exit }'
}
# top_cache OUT CGROUP CACHE TYPE: the line of CACHE (TYPE child or
# per-object) under the cgroup's line.
top_cache() {
	printf '%s\n' "$1" | awk -v c="$2" -v k="$3" -v t="$4" '
		NF >= 9 { cg = $9; next }
		NF == 6 && cg == c && $6 == k && $5 == t { print; exit }'
}

cg_rmdir "$P"
t_begin v2-kmemtop-caches
ok=
if ! command -v $TOP >/dev/null; then
	t_failed "no $TOP in the initramfs"
elif ! cg_mk "$P" || ! mkdir "$A" "$B"; then
	t_failed "cannot create cgroups"
elif ! mk_load; then
	t_failed "cannot load $MK_MODULE"
elif [ ! -f "$A/memory.kmem.slabinfo" ] || [ ! -f "$A/memory.kmem.current" ]; then
	t_failed "no memory.kmem.slabinfo or memory.kmem.current"
elif ! mk_warm "$A"; then
	t_failed "no child cache"
elif ! mk_cmd "$A" "alloc $N"; then
	t_failed "alloc failed"
else
	ok=1
fi
if [ -n "$ok" ]; then
	echo 64M > "$B/memory.kmem.max" || t_failed "cannot limit idle"
	out=$($TOP -c -r "$P" 2>$ERR)
	rc=$?
	t_true "exit status $rc" [ "$rc" = 0 ]
	t_true "stderr: $(head -1 $ERR)" [ ! -s $ERR ]
	t_true "header" [ "$(printf '%s\n' "$out" | awk 'NR == 1 { print $1, $NF }')" = "CURRENT CGROUP" ]
	set -- $(top_cache "$out" load memcg_kmem_test child)
	a_active=${1:-0} a_size=${3:-0}
	set -- $(top_cache "$out" idle memcg_kmem_test child)
	b_line=$*
	set -- $(top_cg "$out" load)
	a_caches=${7:-0}
	[ -n "$(top_cg "$out" load)" ] || t_failed "no line for load"
	[ -n "$(top_cg "$out" idle)" ] || t_failed "no line for idle"
	t_ge "load memcg_kmem_test active objs" "$a_active" $N
	t_ge "load memcg_kmem_test objsize" "$a_size" $MK_OBJ_SIZE
	t_ge "load caches" "$a_caches" 1
	t_true "idle lists memcg_kmem_test: $b_line" [ -z "$b_line" ]
	# The same figures in bytes, against the files (nothing runs in load).
	outb=$($TOP -b -r "$P" 2>/dev/null)
	set -- $(top_cg "$outb" load)
	a_cur=${1:-0} a_lim=${2:-} a_ev="$3 $4 $5 $6" a_slab=${8:-0}
	set -- $(top_cg "$outb" idle)
	b_lim=${2:-}
	f_cur=$(cat "$A/memory.kmem.current")
	f_slab=$(( $(slabinfo_bytes "$A") + $(slabinfo_object_bytes "$A") ))
	t_le "load CURRENT $a_cur vs memory.kmem.current $f_cur" \
		"$(abs $((a_cur - f_cur)))" 65536
	t_le "load SLAB $a_slab vs memory.kmem.slabinfo $f_slab" \
		"$(abs $((a_slab - f_slab)))" 65536
	t_ge "load SLAB" "$a_slab" $((N * MK_OBJ_SIZE))
	t_true "load LIMIT '$a_lim'" [ "$a_lim" = max ]
	t_true "idle LIMIT '$b_lim'" [ "$b_lim" = 67108864 ]
	t_true "load events '$a_ev'" [ "$a_ev" = "0 0 0 0" ]
fi
t_end "load: active=${a_active:-?} objsize=${a_size:-?} caches=${a_caches:-?}" \
	"current=${a_cur:-?} (file ${f_cur:-?}) slab=${a_slab:-?} (file ${f_slab:-?})"

t_begin v2-kmemtop-sort
if [ -n "$ok" ]; then
	order=$(top_order "$($TOP -r "$P" 2>/dev/null)" | tr '\n' ' ')
	t_true "by current: '$order'" [ "$order" = ". load idle " ]
	first=$(top_order "$($TOP -s slab -r "$P" 2>/dev/null)" | head -1)
	t_true "by slab first: '$first'" [ "$first" = load ]
	n1=$($TOP -n 1 -s slab "$P" 2>/dev/null | wc -l)
	t_true "-n 1: $n1 lines" [ "$n1" = 2 ]
else
	t_failed "no loaded cgroup"
fi
t_end "current: ${order:-?}; slab: ${first:-?}"

t_begin v2-kmemtop-root
if [ -n "$ok" ]; then
	# The default ROOT is /sys/fs/cgroup, the guest's $CGROOT on v2.
	if [ "$CGROOT" = /sys/fs/cgroup ]; then
		out=$($TOP -c 2>$ERR)
	else
		out=$($TOP -c "$CGROOT" 2>$ERR)
	fi
	rc=$?
	t_true "exit status $rc" [ "$rc" = 0 ]
	t_true "stderr: $(head -1 $ERR)" [ ! -s $ERR ]
	set -- $(top_cg "$out" .)
	t_true "root CURRENT '${1:-}'" [ "${1:-}" = - ]
	set -- $(top_cache "$out" mktop/load memcg_kmem_test child)
	t_ge "mktop/load memcg_kmem_test active objs" "${1:-0}" $N
	ncg=$(top_order "$out" | wc -l)
	nd=$(find "$CGROOT" -type d | wc -l)
	t_true "cgroups listed $ncg, directories $nd" [ "$ncg" = "$nd" ]
else
	t_failed "no loaded cgroup"
fi
t_end "cgroups=${ncg:-?}"

t_begin v2-kmemtop-errors
# check_rc WANT ARGS...: the tool exits WANT and says something on stderr.
check_rc() {
	local want=$1 rc
	shift
	$TOP "$@" >/dev/null 2>$ERR
	rc=$?
	[ "$rc" = "$want" ] || t_failed "'$*' exited $rc, want $want"
	[ -s $ERR ] || t_failed "'$*': nothing on stderr"
}
if command -v $TOP >/dev/null; then
	check_rc 2 -Z
	check_rc 2 --no-such-option
	check_rc 2 -s bogus
	check_rc 2 -n many
	check_rc 1 /nonexistent/cgroup
	check_rc 1 -r "$P/nonexistent"
	grep -q 'No such file' $ERR || t_failed "missing root: '$(cat $ERR)'"
else
	t_failed "no $TOP in the initramfs"
fi
t_end "$(head -1 $ERR 2>/dev/null)"

[ -n "$ok" ] && mk_cmd "$A" free
rm -f $ERR
cg_rmdir "$P"
exit 0
