# lib.sh - helpers shared by the guest tests and the demo (busybox sh).
# Source it: . /tests/lib.sh
# The init exports MK_CGROUP (v2|v1) and CGROOT (the memory hierarchy root).

: "${MK_CGROUP:=v2}"
if [ -z "${CGROOT:-}" ]; then
	if [ "$MK_CGROUP" = v1 ]; then
		CGROOT=/sys/fs/cgroup/memory
	else
		CGROOT=/sys/fs/cgroup
	fi
fi
MK_MODULE=/lib/memcg_kmem_test.ko
MK_CMD=/sys/kernel/debug/memcg_kmem_test
MK_OBJ_SIZE=512

log() { echo "[$(basename "$0")] $*"; }

# KASAN keeps freed objects in its quarantine, so their slabs stay charged
# until it recycles them. On KASAN kernels the after-free checks only ask
# that usage did not grow past what the allocation charged.
MK_KASAN=0
dmesg | grep -q "KernelAddressSanitizer initialized" && MK_KASAN=1
# free_tol TOL GROWTH: the tolerance of an after-free check.
free_tol() { if [ "$MK_KASAN" = 1 ]; then echo "$2"; else echo "$1"; fi; }

# --- results ----------------------------------------------------------
# t_begin NAME; t_ge/t_le/t_true record failed checks; t_end DETAILS prints
# "TEST NAME PASS DETAILS" or "TEST NAME FAIL <failed checks> | DETAILS".
t_begin() { T_NAME=$1; T_FAILS=; }
t_failed() { T_FAILS="${T_FAILS:+$T_FAILS; }$*"; }
# t_ge DESC VALUE MIN
t_ge() { [ "$2" -ge "$3" ] 2>/dev/null || t_failed "$1: $2 < $3"; }
# t_le DESC VALUE MAX
t_le() { [ "$2" -le "$3" ] 2>/dev/null || t_failed "$1: $2 > $3"; }
# t_true DESC COMMAND...
t_true() { local desc=$1; shift; "$@" || t_failed "$desc"; }
t_end() {
	if [ -z "$T_FAILS" ]; then
		echo "TEST $T_NAME PASS $*"
	else
		echo "TEST $T_NAME FAIL $T_FAILS | $*"
	fi
}
# One-shot forms.
t_pass() { echo "TEST $1 PASS${2:+ $2}"; }
t_fail() { echo "TEST $1 FAIL ${2:-failed}"; }

abs() { if [ "$1" -lt 0 ]; then echo $((-$1)); else echo "$1"; fi; }

# shorten STRING: STRING, or its start and length if over 40 characters.
shorten() {
	if [ ${#1} -gt 40 ]; then
		printf '%.32s...(%d chars)' "$1" ${#1}
	else
		printf '%s' "$1"
	fi
}

# cmdline_arg NAME: the value of the last NAME=VALUE of the kernel command
# line, empty if none.
cmdline_arg() {
	awk -v k="$1=" '{
		for (i = 1; i <= NF; i++)
			if (index($i, k) == 1)
				v = substr($i, length(k) + 1)
	} END { print v }' /proc/cmdline
}

# --- writes that must fail ------------------------------------------------
# try_write FILE VALUE: write VALUE and a newline to FILE in one write();
# print the error text (e.g. "Invalid argument") if it failed, nothing if
# it succeeded.
try_write() { ( echo "$2" > "$1" ) 2>&1 | sed 's/.*: //'; }

# bad_write FILE VALUE WANT [STATE-CMD...]: writing VALUE to FILE must fail
# with the error text WANT and, if STATE-CMD is given, leave its output as
# it was. Records failed checks (t_failed).
bad_write() {
	local file="$1" value="$2" want="$3" got before after
	shift 3
	[ $# -gt 0 ] && before=$("$@" </dev/null)
	got=$(try_write "$file" "$value")
	[ "$got" = "$want" ] ||
		t_failed "'$(shorten "$value")': got '${got:-success}', want '$want'"
	[ $# -gt 0 ] || return 0
	after=$("$@" </dev/null)
	[ "$after" = "$before" ] && return 0
	if [ "$(printf '%s\n' "$after" | wc -l)" -gt 1 ]; then
		t_failed "'$(shorten "$value")' changed the output of '$*'"
	else
		t_failed "'$(shorten "$value")' changed '$*' to '$after'"
	fi
}

# bad_writes FILE [STATE-CMD...] < LINES: bad_write FILE VALUE WANT
# [STATE-CMD...] for each line "VALUE|WANT" of the standard input.
bad_writes() {
	local file="$1" value want
	shift
	while IFS='|' read -r value want; do
		bad_write "$file" "$value" "$want" "$@"
	done
}

# --- cgroups ----------------------------------------------------------
# memstat CGDIR KEY: a value from memory.stat (0 if absent).
memstat() {
	awk -v k="$2" '$1 == k { v = $2 } END { print v + 0 }' "$1/memory.stat"
}

# memcur CGDIR: exact charged bytes (v2 memory.current, v1 usage_in_bytes).
memcur() {
	if [ -f "$1/memory.current" ]; then
		cat "$1/memory.current"
	else
		cat "$1/memory.usage_in_bytes"
	fi
}

# kmemcur CGDIR: v1 kernel memory counter.
kmemcur() { cat "$1/memory.kmem.usage_in_bytes"; }

# cg_mk DIR...: create cgroups (and, on v2, enable memory for children).
cg_mk() {
	local d
	for d; do
		mkdir -p "$d" || return 1
		if [ -f "$d/cgroup.subtree_control" ]; then
			echo +memory > "$d/cgroup.subtree_control" || return 1
		fi
	done
}

# cg_run CGDIR CMD [ARGS...]: run CMD as a process inside the cgroup.
cg_run() {
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$@"
}

# cg_sh CGDIR 'SHELL CODE': run shell code inside the cgroup.
cg_sh() { cg_run "$1" sh -c "$2"; }

# cg_rmdir DIR...: remove cgroups and their children (deepest first),
# retrying on EBUSY (a cgroup whose last task just exited can be busy).
cg_rmdir() {
	local top sub i
	for top; do
		[ -d "$top" ] || continue
		for sub in $(find "$top" -type d | sort -r); do
			i=0
			while ! rmdir "$sub" 2>/dev/null; do
				i=$((i + 1))
				if [ $i -ge 50 ]; then
					log "rmdir $sub failed"
					return 1
				fi
				sleep 0.1
			done
		done
	done
}

# cg_drain CGDIR: flush the per-cpu charge stocks (pre-charged pages that
# memory.current still counts) by briefly setting memory.high below the
# usage; v2 only.  May reclaim a page or so.
cg_drain() {
	local cur
	[ -f "$1/memory.high" ] || return 0
	cur=$(cat "$1/memory.current")
	[ "$cur" -gt 4096 ] || return 0
	echo $((cur - 4096)) > "$1/memory.high"
	echo max > "$1/memory.high"
}

drop_caches() { sync; echo "${1:-3}" > /proc/sys/vm/drop_caches; }

# wait_no_dying CGDIR [TENTHS]: wait (default 300 tenths of a second) until
# CGDIR has no dying descendants; prints "COUNT SECONDS-WAITED".
wait_no_dying() {
	local i=0 n
	while n=$(awk '$1 == "nr_dying_descendants" { print $2 }' "$1/cgroup.stat")
	      [ "$n" != 0 ] && [ $i -lt "${2:-300}" ]; do
		i=$((i + 1))
		sleep 0.1
	done
	echo "$n $((i / 10)).$((i % 10))"
}

# --- test module ------------------------------------------------------
mk_load() {
	[ -e "$MK_CMD" ] && return 0
	[ -f "$MK_MODULE" ] || { log "no $MK_MODULE"; return 1; }
	insmod "$MK_MODULE"
}

# mk_cmd CGDIR 'alloc N' | 'kmalloc N' | 'free': run a command in CGDIR.
mk_cmd() { cg_sh "$1" "echo '$2' > $MK_CMD"; }
# mk_cmd_at CGDIR CMD: the same for a cgroup at its kmem limit: the proc
# file is opened (a charged struct file) before the task joins, so that
# only the command's own allocations are charged to CGDIR.
mk_cmd_at() {
	sh -c 'exec 3> "$3" && echo $$ > "$1/cgroup.procs" && echo "$2" >&3' \
		sh "$1" "$2" "$MK_CMD"
}

# mk_warm CGDIR: make the cgroup's children of the two test caches exist.
# Child caches are created by a workqueue after a cgroup's first allocation
# from a cache; allocations before that are charged per object.
mk_warm() {
	local i=0
	mk_cmd "$1" warm || return 1
	while ! slabinfo_line "$1" memcg_kmem_test >/dev/null ||
	      ! slabinfo_line "$1" memcg_kmem_test_reclaimable >/dev/null; do
		i=$((i + 1))
		[ $i -ge 50 ] && { log "no child cache for $1"; return 1; }
		sleep 0.1
	done
}

# mk_count objects|kmalloc|reclaimable|shrunk|plain|...: a count the
# module prints.
mk_count() { awk -v k="$1" '$1 == k { print $2 }' "$MK_CMD"; }

# mk_usage CGDIR: the cgroup's charge for kernel memory checks: v1
# memory.kmem.usage_in_bytes, v2 memory.current.
mk_usage() {
	if [ -f "$1/memory.kmem.usage_in_bytes" ]; then
		kmemcur "$1"
	else
		memcur "$1"
	fi
}

# mk_charge CGDIR 'CMD': run a test-module command in the cgroup and print
# how much its charge (mk_usage) grew; on v2 the per-cpu charge stocks are
# flushed before and after (cg_drain), on v1 they may add up to 64 pages
# per CPU. The exit status is the command's.
mk_charge() {
	local u0 u1 rc
	cg_drain "$1"
	u0=$(mk_usage "$1")
	mk_cmd "$1" "$2"
	rc=$?
	cg_drain "$1"
	u1=$(mk_usage "$1")
	echo $((u1 - u0))
	return $rc
}

# --- slab cache accounting policy ----------------------------------------
MK_POLICY=$CGROOT/memory.kmem.cache_policy
MK_PARAMS=/sys/module/memcg_kmem/parameters
# The default policy and granularity of our configs (Kconfig).
MK_KCONFIG_DEFAULT=optin
MK_KCONFIG_SPLIT=auto

# policy_of CACHE: "STATE SOURCE" of a root cache in the policy table
# (several lines if several caches have the name); status 1 if not listed.
policy_of() {
	awk -v c="$1" '$1 == c { print $2, $3; found = 1 }
		END { exit !found }' "$MK_POLICY"
}

# split_of CACHE: "GRANULARITY SOURCE" of a root cache in the policy table.
split_of() {
	awk -v c="$1" '$1 == c { print $4, $5; found = 1 }
		END { exit !found }' "$MK_POLICY"
}

# split_threshold CACHE: the objects at which "auto" gives CACHE a child.
split_threshold() {
	awk -v c="$1" '$1 == c { print $6; found = 1 }
		END { exit !found }' "$MK_POLICY"
}

# The test module's caches whose granularity the test boots pin to
# "always" (memcg_kmem.granularity_always=, scripts/test.sh): the tests of child
# cache mechanics want a child on first use. t-v2-split.sh sets them at
# run time to test the other granularities.
MK_SPLIT_ALWAYS=memcg_kmem_test,memcg_kmem_test_reclaimable,memcg_kmem_test_plain,memcg_kmem_test_noaccount,memcg_kmem_test_kconfig,memcg_kmem_test_boot,memcg_kmem_test_page

# policy_table: the policy table byte for byte (a STATE-CMD of bad_write).
policy_table() { cat "$MK_POLICY"; echo .; }

# policy_set CACHE on|off|default: print the error text if refused.
policy_set() { try_write "$MK_POLICY" "$1 $2"; }

# policy_switch CACHE VERB STATE: set CACHE's run-time policy (on, off,
# default) and check that the table then says STATE ("accounted runtime").
policy_switch() {
	local err
	err=$(policy_set "$1" "$2")
	t_true "'$1 $2' accepted ($err)" [ -z "$err" ]
	t_true "table after '$1 $2': $3" [ "$(policy_of "$1")" = "$3" ]
}

# in_list NAME LIST: whether the comma-separated LIST has NAME.
in_list() {
	case ",$2," in
	*",$1,"*) return 0 ;;
	esac
	return 1
}

# --- slabinfo ---------------------------------------------------------
# slabinfo_bytes CGDIR: bytes in the slabs of the cgroup's child caches.
slabinfo_bytes() {
	awk '$13 == "slabdata" && $NF != "per-object" { b += $15 * $6 * 4096 }
		END { print b + 0 }' "$1/memory.kmem.slabinfo"
}

# slabinfo_object_bytes CGDIR: bytes the cgroup holds per object in root
# caches (the lines that end in "per-object").
slabinfo_object_bytes() {
	awk '$NF == "per-object" { b += $2 * $4 } END { print b + 0 }' \
		"$1/memory.kmem.slabinfo"
}

# slabinfo_line CGDIR CACHE: the line of the cgroup's child cache of CACHE.
slabinfo_line() {
	[ -f "$1/memory.kmem.slabinfo" ] || return 1
	awk -v c="$2" '$1 == c && $NF != "per-object" { print; found = 1 }
		END { exit !found }' "$1/memory.kmem.slabinfo"
}

# slabinfo_object_line CGDIR CACHE: the line of what the cgroup holds per
# object in CACHE.
slabinfo_object_line() {
	[ -f "$1/memory.kmem.slabinfo" ] || return 1
	awk -v c="$2" '$1 == c && $NF == "per-object" { print; found = 1 }
		END { exit !found }' "$1/memory.kmem.slabinfo"
}

# slabinfo_wait CGDIR CACHE: wait up to 5 s for the cgroup's child of CACHE.
slabinfo_wait() {
	local i=0
	while ! slabinfo_line "$1" "$2" >/dev/null; do
		i=$((i + 1))
		[ $i -ge 50 ] && return 1
		sleep 0.1
	done
}

# --- ext2 on a loop device (tmpfs keeps no negative dentries) ----------
# ext2_setup MNT SIZE_MB: image in /tmp fully written here (so its tmpfs
# pages are charged to the caller, not to a later workload), ext2, mount.
ext2_setup() {
	local mnt img dev
	mnt=$1 img=/tmp/$(basename "$1").img
	dd if=/dev/zero of="$img" bs=1M count="$2" 2>/dev/null || return 1
	dev=$(losetup -f) || return 1
	losetup "$dev" "$img" || return 1
	mke2fs -q "$dev" >/dev/null 2>&1 || mke2fs "$dev" >/dev/null || return 1
	mkdir -p "$mnt"
	mount -t ext2 "$dev" "$mnt" || return 1
	echo "$dev" > "/tmp/$(basename "$1").dev"
}

ext2_teardown() {
	local mnt base
	mnt=$1 base=/tmp/$(basename "$1")
	umount "$mnt" 2>/dev/null
	[ -f "$base.dev" ] && losetup -d "$(cat "$base.dev")" 2>/dev/null
	rm -f "$base.img" "$base.dev"
}

# dentry_load CGDIR DIR NMISS NFILES: in the cgroup, stat NMISS missing
# names (negative dentries) and create NFILES files in DIR.
dentry_load() {
	cg_sh "$1" "
		seq 1 $3 | sed 's|^|$2/missing-name-|' | xargs stat >/dev/null 2>&1
		seq 1 $4 | sed 's|^|$2/file-|' | xargs touch
	"
}
