#!/bin/sh
# bench.sh - the guest side of `make bench` (mk.mode=bench, cgroup v2): runs
# on vanilla 6.1 and on the patched kernel alike and prints its results as
# lines "BENCH WHAT KEY=VALUE..." for scripts/bench-report.py.
#
# Kernel arguments (defaults in brackets):
#   mk.bench=SECTION[,SECTION...]
#                         [speed,delete,hackbench,footprint,heavy,past,churn]
#   mk.bench_iters=N      operations per timed run [1000000]
#   mk.bench_first=N      fresh cgroups for the first-allocation case [100]
#   mk.bench_hold=N,...   objects held by a deleted cgroup [1000,10000,100000]
#   mk.bench_cgroups=N,...  footprint checkpoints [0,10,100,300,1000]
#   mk.bench_churn=N      churn cycles [1000]
#   mk.bench_past=N       stat()s of missing names per cgroup of the past
#                         section [1.25 x the dentry cache's child threshold
#                         of memory.kmem.cache_policy; vanilla kernels get
#                         the patched kernel's from scripts/bench.sh]
#   mk.bench_hb_runs=N    timed hackbench runs per case [5]
#   mk.bench_hb_groups=N  hackbench -g [4]
#   mk.bench_hb_loops=N   hackbench -l [400]
#
# Sections:
#   speed      the benchmark module (/proc/memcg_kmem_bench) times every
#              pattern (pair, batch, fill) for every target in each
#              situation, in this order: nocg (no cgroup created since boot:
#              the memory controller's static key is off), root (cgroups
#              exist, the task is in the root cgroup), cg (a non-root
#              cgroup in steady state: its child caches exist on the
#              patched kernel: a warm-up run makes them under the "auto"
#              granularity), rootsplit (the root cgroup again, once the
#              accounted caches have children on the patched kernel),
#              optout (patched only: the same cgroup with
#              mkb_acct_64, mkb_acct_4k and mkb_acct_lru switched off in
#              memory.kmem.cache_policy), perobj (patched only: a fresh
#              cgroup with the accounted targets' caches at granularity
#              "never": the per-object path with its counts), first (one
#              allocation and free per target in each of mk.bench_first
#              fresh cgroups)
#   hackbench  rt-tests' hackbench -g 4 -l 400 (mk.bench_hb_groups,
#              mk.bench_hb_loops), AF_UNIX sockets (processes) and pipes
#              (-p): a warm-up run, then mk.bench_hb_runs timed
#              runs, in a non-root cgroup, then in the root cgroup (the
#              cgroup exists: the memory controller's static key is on);
#              the "Time:" it prints, which under icount is guest time
#   delete     a cgroup holding N objects of mkb_acct_64 is deleted: time
#              of rmdir(2), until its parent has no dying descendant, of
#              freeing the objects, until none is dying again
#   footprint  cgroups, kept alive, each running a small dentry and inode
#              workload on ext2 (mkdir, stat()s of missing names, files);
#              at each checkpoint Slab, SUnreclaim, Percpu, the number of
#              caches and the slab utilisation
#   heavy      10 cgroups, kept alive, each holding tens of MiB of dentries
#              and inodes; Slab, Percpu and caches before and after
#   past       100 cgroups, kept alive, each holding just more dentries
#              than the threshold at which "auto" gives a cgroup a child
#              cache (the worst case of the rule, by construction)
#   churn      churn -n N cgroup create/use/delete cycles, then
#              nr_dying_descendants right after and once everything is
#              freed
. /tests/lib.sh

MKB_MODULE=/lib/memcg_kmem_bench.ko
MKB=/proc/memcg_kmem_bench
TARGETS="plain_64 acct_64 plain_4k acct_4k plain_lru acct_lru kmalloc_64 kmalloc_acct_64 kmalloc_192 kmalloc_acct_192 kmalloc_1k kmalloc_acct_1k kmalloc_4k kmalloc_acct_4k"
# The accounted targets and their root caches (memory.kmem.cache_policy).
ACCT_TARGETS="acct_64 acct_4k acct_lru kmalloc_acct_64 kmalloc_acct_192 kmalloc_acct_1k kmalloc_acct_4k"
ACCT_CACHES="mkb_acct_64 mkb_acct_4k mkb_acct_lru kmalloc-cg-64 kmalloc-cg-192 kmalloc-cg-1k kmalloc-cg-4k"
# Those a cache policy can switch off: __GFP_ACCOUNT cannot be opted out.
OPTOUT_TARGETS="acct_64 acct_4k acct_lru"
OPTOUT_CACHES="mkb_acct_64 mkb_acct_4k mkb_acct_lru"
PATTERNS="pair batch fill"
# The footprint workload of each cgroup: stat()s of missing names and files.
FP_STAT=100
FP_FILES=10
B=$CGROOT/bench
FS=/mnt/bench

arg_or() { v=$(cmdline_arg "$1"); echo "${v:-$2}"; }
SECTIONS=$(arg_or mk.bench speed,delete,hackbench,footprint,heavy,past,churn)
ITERS=$(arg_or mk.bench_iters 1000000)
NFIRST=$(arg_or mk.bench_first 100)
HOLDS=$(arg_or mk.bench_hold 1000,10000,100000)
CHECKPOINTS=$(arg_or mk.bench_cgroups 0,10,100,300,1000)
NCHURN=$(arg_or mk.bench_churn 1000)
PAST_STAT=$(arg_or mk.bench_past "")
HB_RUNS=$(arg_or mk.bench_hb_runs 5)
HB_GROUPS=$(arg_or mk.bench_hb_groups 4)
HB_LOOPS=$(arg_or mk.bench_hb_loops 400)
# The heavy section's workload per cgroup.
HEAVY_CGROUPS=10
HEAVY_STAT=100000
HEAVY_FILES=1000
PAST_CGROUPS=100

bench() { echo "BENCH $*"; }
note() { echo "BENCH note $*"; }

KIND=vanilla
[ -f "$CGROOT/memory.kmem.cache_policy" ] && KIND=patched
ALLOC=slab
[ -d /sys/kernel/slab ] && ALLOC=slub

meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
cgstat() { awk -v k="$2" '$1 == k { print $2 }' "$1/cgroup.stat"; }
# child_caches PATTERN: child caches in /proc/slabinfo whose cgroup part
# (after the colon) matches the extended regexp PATTERN.
child_caches() { grep -c -E "^[^ ]*\([0-9]+:$1\) " /proc/slabinfo; }

# bench_fs: ext2 on a loop device at $FS (tmpfs keeps no negative
# dentries), with an inode per 4 KiB for the footprint's files.
bench_fs() {
	grep -q " $FS " /proc/mounts && return 0
	dd if=/dev/zero of=/tmp/bench.img bs=1M count=64 2>/dev/null &&
	dev=$(losetup -f) && losetup "$dev" /tmp/bench.img &&
	mke2fs -q -i 4096 "$dev" >/dev/null 2>&1 &&
	mkdir -p $FS && mount -t ext2 "$dev" $FS && echo "$dev" > /tmp/bench.dev
}

# bench_fs_off: unmount it and free the loop device: the page cache of its
# metadata blocks (charged to the cgroup that first read each block) goes.
bench_fs_off() {
	umount $FS 2>/dev/null
	[ -f /tmp/bench.dev ] && losetup -d "$(cat /tmp/bench.dev)" 2>/dev/null
	rm -f /tmp/bench.img /tmp/bench.dev
}

# wait_caches_gone PATTERN TENTHS: wait until no child cache of a cgroup
# matching PATTERN is left (orphans are destroyed from a workqueue once
# empty); prints "COUNT SECONDS-WAITED".
wait_caches_gone() {
	local i=0 n
	while n=$(child_caches "$1") && [ "$n" != 0 ] && [ $i -lt "$2" ]; do
		i=$((i + 1))
		sleep 0.1
	done
	echo "$n $((i / 10)).$((i % 10))"
}

# caches_left PATTERN: "NAME:ACTIVE_OBJS,..." of the child caches left
# whose cgroup matches PATTERN (see child_caches), at most 8.
caches_left() {
	grep -E "^[^ ]*\([0-9]+:$1\) " /proc/slabinfo |
		awk 'NR <= 8 { printf "%s%s:%s", (NR > 1 ? "," : ""), $1, $2 }'
}

# bench_cg DIR...: cgroups under $B whose children have the memory
# controller (no task may run in them: cgroup v2).
bench_cg() { cg_mk "$B" "$@"; }

# --- speed -------------------------------------------------------------
# speed_run SITUATION CGDIR TARGETS: each pattern for each target, run by
# a shell inside CGDIR.
speed_run() {
	cg_sh "$2" "
		for p in $PATTERNS; do
			for t in $3; do
				if echo \"run \$p \$t $ITERS\" > $MKB; then
					read -r r < $MKB
					echo \"BENCH speed situation=$1 \$r\"
				else
					echo \"BENCH speed situation=$1 pattern=\$p target=\$t error=1\"
				fi
			done
		done"
}

# wait_children CGNAME CACHE...: on the patched kernel, wait up to 10 s
# for the cgroup's child caches of CACHE... to exist.
wait_children() {
	local cg=$1 c i missing
	shift
	[ $KIND = patched ] || return 0
	for c; do
		i=0
		while ! grep -q "^$c([0-9]*:$cg) " /proc/slabinfo; do
			i=$((i + 1))
			[ $i -ge 100 ] && { missing="$missing $c"; break; }
			sleep 0.1
		done
	done
	[ -z "$missing" ] || note "no child cache in $cg for$missing"
}

# speed_first: "first TARGET" for every target in each of NFIRST fresh
# cgroups; mean, median, min and max per target.
speed_first() {
	local i=1 out=/tmp/bench-first
	: > $out
	while [ $i -le "$NFIRST" ]; do
		mkdir "$B/f$i" || { note "mkdir $B/f$i failed"; break; }
		cg_sh "$B/f$i" "for t in $TARGETS; do
			echo \"first \$t\" > $MKB; read -r r < $MKB; echo \"\$r\"
		done" >> $out
		cg_rmdir "$B/f$i"
		# Let the work this cgroup queued (child caches, offlining) run
		# before the next one is timed.
		sleep 0.1
		i=$((i + 1))
	done
	awk '
	function sort(a, n,   i, j, x) {
		for (i = 2; i <= n; i++) {
			x = a[i]
			for (j = i - 1; j >= 1 && a[j] > x; j--)
				a[j + 1] = a[j]
			a[j + 1] = x
		}
	}
	$1 == "pattern=first" {
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		t = v["target"]
		if (!(t in n))
			order[++nt] = t
		k = ++n[t]
		cyc[t, k] = v["cycles"] + 0
		sc[t] += v["cycles"]; sn[t] += v["ns"]
		sa[t] += v["alloc_cycles"]; sf[t] += v["free_cycles"]
		fail[t] += v["failed"]
	}
	END {
		for (j = 1; j <= nt; j++) {
			t = order[j]
			m = n[t]
			for (k = 1; k <= m; k++)
				a[k] = cyc[t, k]
			sort(a, m)
			med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
			printf "BENCH speed situation=first pattern=first target=%s ops=%d cycles=%.2f ns=%.2f alloc_cycles=%.2f free_cycles=%.2f cycles_median=%.2f cycles_min=%.2f cycles_max=%.2f failed=%d\n",
				t, m, sc[t] / m, sn[t] / m, sa[t] / m, sf[t] / m,
				med, a[1], a[m], fail[t]
		}
	}' $out
}

speed() {
	local n d err
	n=$(cgstat "$CGROOT" nr_descendants)
	d=$(cgstat "$CGROOT" nr_dying_descendants)
	if [ "$n" = 0 ] && [ "$d" = 0 ]; then
		speed_run nocg "$CGROOT" "$TARGETS"
	else
		note "situation nocg skipped: $n cgroups and $d dying exist"
	fi

	# The first non-root memory cgroup turns the static key on.
	bench_cg && mkdir "$B/steady" || { note "cannot create $B/steady"; return; }
	speed_run root "$CGROOT" "$TARGETS"

	# A first allocation, then a short run: under the "auto" granularity
	# its rate gives the cgroup its child caches.
	cg_sh "$B/steady" "for t in $TARGETS; do echo \"first \$t\" > $MKB
		echo \"run pair \$t 20000\" > $MKB; done"
	# shellcheck disable=SC2086
	wait_children steady $ACCT_CACHES
	speed_run cg "$B/steady" "$TARGETS"
	# The root cgroup again, now that the accounted caches have children
	# (patched): its objects come from root caches that have children,
	# and are freed to them (against root, before any child existed).
	speed_run rootsplit "$CGROOT" "$TARGETS"

	if [ $KIND = patched ]; then
		err=
		for c in $OPTOUT_CACHES; do
			err=$err$(policy_set "$c" off)
		done
		if [ -z "$err" ]; then
			speed_run optout "$B/steady" "$OPTOUT_TARGETS"
		else
			note "situation optout skipped: cache_policy said $err"
		fi
		for c in $OPTOUT_CACHES; do
			policy_set "$c" default >/dev/null
		done

		# The per-object path, counted: no child cache whatever the rate.
		err=
		for c in $ACCT_CACHES; do
			err=$err$(policy_set "$c" never)
		done
		if [ -z "$err" ] && mkdir "$B/perobj"; then
			speed_run perobj "$B/perobj" "$ACCT_TARGETS"
			[ "$(grep -c '^\(mkb_acct_\|kmalloc-cg-\)[^ ]*([0-9]*:perobj) ' /proc/slabinfo)" = 0 ] ||
				note "situation perobj: child caches made under never"
		else
			note "situation perobj skipped: cache_policy said $err"
		fi
		for c in $ACCT_CACHES; do
			policy_set "$c" default >/dev/null
		done
		cg_rmdir "$B/perobj"
	fi

	speed_first
	cg_rmdir "$B/steady"
}

# --- hackbench -----------------------------------------------------------
# hb_case WHERE CGDIR IPC [OPTION]: a warm-up run and HB_RUNS timed runs
# of hackbench in CGDIR; one line with every time, their mean, min, max.
hb_case() {
	local where=$1 cg=$2 ipc=$3 opt=${4:-} i=0 out t times='' warm=''
	while [ $i -le "$HB_RUNS" ]; do
		# shellcheck disable=SC2086
		out=$(cg_run "$cg" hackbench $opt -g "$HB_GROUPS" -l "$HB_LOOPS" 2>&1)
		t=$(echo "$out" | sed -n 's/^Time: *\([0-9.]*\).*/\1/p')
		if [ -z "$t" ]; then
			note "hackbench $where $ipc failed: $(echo "$out" | tail -1)"
			return
		fi
		if [ $i = 0 ]; then
			warm=$t
		else
			times=${times:+$times,}$t
		fi
		i=$((i + 1))
	done
	echo "$times" | tr , '\n' | awk -v w="$where" -v ipc="$ipc" \
	    -v g="$HB_GROUPS" -v l="$HB_LOOPS" -v warm="$warm" -v times="$times" '
	{ s += $1; if (NR == 1 || $1 < min) min = $1; if ($1 > max) max = $1 }
	END {
		printf "BENCH hackbench where=%s ipc=%s groups=%d loops=%d runs=%d mean=%.4f min=%.3f max=%.3f warmup=%s times=%s\n",
			w, ipc, g, l, NR, s / NR, min, max, warm, times
	}'
}

hackbench_section() {
	command -v hackbench >/dev/null || { note "hackbench: not in the initramfs"; return; }
	bench_cg && mkdir -p "$B/hb" || { note "cannot create $B/hb"; return; }
	hb_case cg "$B/hb" socket
	hb_case cg "$B/hb" pipe -p
	hb_case root "$CGROOT" socket
	hb_case root "$CGROOT" pipe -p
	cg_rmdir "$B/hb"
}

# --- delete --------------------------------------------------------------
delete() {
	local n P=$B/del cg r hold_ns t left
	bench_cg "$P" || { note "cannot create $P"; return; }
	for n in $(echo "$HOLDS" | tr , ' '); do
		cg=$P/d$n
		mkdir "$cg" || { note "mkdir $cg failed"; continue; }
		# Steady state first: the objects go to the cgroup's child cache
		# (a run's rate makes it under the "auto" granularity).
		cg_sh "$cg" "echo 'first acct_64' > $MKB; echo 'run pair acct_64 20000' > $MKB"
		wait_children "d$n" mkb_acct_64
		if ! cg_sh "$cg" "echo 'hold acct_64 $n' > $MKB"; then
			note "hold acct_64 $n failed: $(cat $MKB)"
			echo release > $MKB
			cg_rmdir "$cg"
			continue
		fi
		read -r r < $MKB
		hold_ns=$(echo "$r" | sed -n 's/.* ns=\([0-9.]*\).*/\1/p')
		# rmdir, until the parent has no dying descendant (at most 2 s),
		# freeing the objects, until none is dying again (at most 30 s).
		t=$(nstime rmdir rmdir "$cg" dying offline "$P" 2000 \
			write release $MKB release dying freed "$P" 30000)
		left=$(wait_caches_gone "d$n" 100)
		bench "delete objects=$n target=acct_64 hold_ns_per_obj=$hold_ns ${t#nstime } child_caches_left=${left% *} child_caches_wait_s=${left#* }"
	done
	cg_rmdir "$P"
}

# --- footprint -----------------------------------------------------------
# fp_measure CGROUPS T0: one checkpoint.
fp_measure() {
	sync
	sleep 2	# child caches queued by the last cgroups, RCU frees
	awk -v cgroups="$1" -v secs=$(($(date +%s) - $2)) \
	    -v slab="$(meminfo Slab)" -v sunreclaim="$(meminfo SUnreclaim)" \
	    -v sreclaimable="$(meminfo SReclaimable)" \
	    -v percpu="$(meminfo Percpu)" \
	    -v used=$(($(meminfo MemTotal) - $(meminfo MemFree))) '
	NR > 2 {
		caches++
		if ($1 ~ /\(/)
			child++
		obj += $2 * $4
		bytes += $15 * $6 * 4096
	}
	END {
		printf "BENCH footprint cgroups=%d slab_kb=%d sunreclaim_kb=%d sreclaimable_kb=%d percpu_kb=%d used_kb=%d caches=%d child_caches=%d obj_bytes=%d slab_bytes=%d util_pct=%.1f seconds=%d\n",
			cgroups, slab, sunreclaim, sreclaimable, percpu, used,
			caches, child, obj, bytes,
			bytes ? 100 * obj / bytes : 0, secs
	}' /proc/slabinfo
}

footprint() {
	local P=$B/fp i=0 cp t0 fails=0 d left
	bench_fs || { note "footprint: no ext2 at $FS"; return; }
	bench_cg "$P" || { note "cannot create $P"; return; }
	mkdir -p $FS/fp
	drop_caches
	t0=$(date +%s)
	for cp in $(echo "$CHECKPOINTS" | tr , '\n' | sort -n -u); do
		while [ $i -lt "$cp" ]; do
			i=$((i + 1))
			d=$FS/fp/d$i
			mkdir "$P/c$i" &&
			cg_run "$P/c$i" sh -c "mkdir $d &&
				exec dentry_stress $d $FP_STAT $d $FP_FILES" \
				>/dev/null || fails=$((fails + 1))
		done
		fp_measure "$cp" "$t0"
	done
	[ $fails = 0 ] || note "footprint: $fails cgroups' workloads failed"
	# Delete everything: how long until no cgroup is left dying (files,
	# cgroups, then dentries, inodes and the file system's page cache).
	t0=$(date +%s)
	rm -rf $FS/fp
	cg_rmdir "$P"
	drop_caches
	bench_fs_off
	set -- $(wait_no_dying "$B" 600)
	left=$(wait_caches_gone 'c[0-9]+' 300)
	bench "footprint_cleanup cgroups=$i dying_left=$1 dying_wait_s=$2 child_caches_left=${left% *} child_caches_wait_s=${left#* } seconds=$(($(date +%s) - t0))"
	[ "${left% *}" = 0 ] || note "footprint: child caches left: $(caches_left 'c[0-9]+')"
}

# --- footprint cases ---------------------------------------------------------
# case_stats: "slab_kb=... percpu_kb=... child_caches=..." now.
case_stats() {
	sync
	sleep 2
	echo "slab_kb=$(meminfo Slab) percpu_kb=$(meminfo Percpu) child_caches=$(grep -c -E '^[^ ]*\([0-9]+:' /proc/slabinfo)"
}

# fp_case NAME CGROUPS STATS FILES: CGROUPS cgroups, kept alive, each
# running dentry_stress with STATS stat()s of missing names and FILES
# files; the system's Slab, Percpu and child caches before and after.
fp_case() {
	local name=$1 n=$2 st=$3 files=$4 P=$B/$1 i=0 d fails=0 before after t0
	bench_fs || { note "$name: no ext2 at $FS"; return; }
	bench_cg "$P" || { note "cannot create $P"; return; }
	mkdir -p "$FS/$name"
	drop_caches
	before=$(case_stats)
	t0=$(date +%s)
	while [ $i -lt "$n" ]; do
		i=$((i + 1))
		d=$FS/$name/d$i
		mkdir "$P/c$i" &&
		cg_run "$P/c$i" sh -c "mkdir $d && exec dentry_stress $d $st $d $files" \
			>/dev/null || fails=$((fails + 1))
	done
	after=$(case_stats)
	[ $fails = 0 ] || note "$name: $fails cgroups' workloads failed"
	bench "case name=$name cgroups=$n stats=$st files=$files $(echo "$before" | sed 's/\([a-z_]*\)=/before_\1=/g') $after seconds=$(($(date +%s) - t0))"
	rm -rf "$FS/$name"
	cg_rmdir "$P"
	drop_caches
	bench_fs_off
	wait_no_dying "$B" 600 >/dev/null
}

heavy() { fp_case heavy $HEAVY_CGROUPS $HEAVY_STAT $HEAVY_FILES; }

# The dentry cache's child threshold, from memory.kmem.cache_policy.
dentry_threshold() {
	awk '$1 == "dentry" { print $6 }' "$CGROOT/memory.kmem.cache_policy" 2>/dev/null
}

past() {
	local st=$PAST_STAT t
	t=$(dentry_threshold)
	[ -z "$st" ] && [ -n "$t" ] && st=$((t * 5 / 4))
	[ -n "$st" ] || { note "past: no threshold known (mk.bench_past=)"; return; }
	bench "past_stat stat=$st threshold=${t:-}"
	fp_case past $PAST_CGROUPS "$st" 10
}

# --- churn -----------------------------------------------------------------
churn_section() {
	local P=$B/churn out now w left
	bench_fs || { note "churn: no ext2 at $FS"; return; }
	bench_cg "$P" || { note "cannot create $P"; return; }
	mkdir -p $FS/churn
	# Look the module's file up from here: its /proc dentry, cached for
	# good, would otherwise be charged to the first cycle's cgroup.
	read -r out < $MKB
	out=$(churn -n "$NCHURN" -r "$CGROOT" -w $MKB -a "hold acct_64 16" \
		-a "hold kmalloc_acct_64 16" -x release -e 50 -d $FS/churn "$P" 2>&1)
	now=$(cgstat "$P" nr_dying_descendants)
	set -- $(echo "$out" | awk '$1 == "churn" {
		print $3, $5, $7, $9 }')
	# Everything freed: the module's objects (churn released them), the
	# files, the dentries and inodes, the file system's page cache.
	echo release > $MKB
	rm -rf $FS/churn
	drop_caches
	bench_fs_off
	w=$(wait_no_dying "$P" 600)
	left=$(wait_caches_gone 'c[0-9]+' 300)
	bench "churn cycles=${1:-0} failed=${2:-?} max_child_caches=${3:-?} seconds=${4:-?} dying_after=$now dying_after_free=${w% *} dying_wait_s=${w#* } child_caches_left=${left% *} child_caches_wait_s=${left#* }"
	[ "${2:-1}" = 0 ] || note "churn: $out"
	[ "${left% *}" = 0 ] || note "churn: child caches left: $(caches_left 'c[0-9]+')"
	cg_rmdir "$P"
}

# --- main ----------------------------------------------------------------
bench "info kernel=$KIND alloc=$ALLOC release=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) memtotal_kb=$(meminfo MemTotal) sections=$SECTIONS iters=$ITERS cgroup=$MK_CGROUP"
[ "$MK_CGROUP" = v2 ] || { note "the benchmarks need cgroup v2"; exit 0; }
insmod $MKB_MODULE || { note "cannot load $MKB_MODULE"; exit 0; }
T0=$(date +%s)
for s in $(echo "$SECTIONS" | tr , ' '); do
	t=$(date +%s)
	case $s in
	speed) speed ;;
	hackbench) hackbench_section ;;
	delete) delete ;;
	footprint) footprint ;;
	heavy) heavy ;;
	past) past ;;
	churn) churn_section ;;
	*) note "unknown section $s" ;;
	esac
	bench "section name=$s seconds=$(($(date +%s) - t))"
done
cg_rmdir "$B"
bench "done seconds=$(($(date +%s) - T0))"
