#!/bin/bash
# series-build-check.sh: check that the series is bisectable, that every
# commit of branch memcg-kmem in build/linux after tag memcg-kmem-base
# (oldest first) builds with SLUB and with SLAB, with the configs of
# build-kernel.sh's slub and slab variants (allnoconfig plus
# configs/base.config, configs/{slub,slab}.config, configs/memcg_kmem.config).
# make test only builds the last commit; a series whose middle does not
# build cannot be bisected or merged piecewise.
#
# It never touches build/linux's checkout or build/out/ (someone may be
# editing and building there): the commits are checked out one after the
# other in a detached git worktree of build/linux, build/bisect/linux, and
# built in build/bisect/out/{slub,slab} (bzImage, and modules when the
# config has CONFIG_MODULES), with ccache, under nice. Both stay between
# runs, so builds are incremental from commit to commit and from run to
# run; the out dirs sit at the same depth as build/out/<variant> beside the
# worktree as build/out/ beside build/linux, so ccache (CCACHE_BASEDIR, as
# in build-kernel.sh) also hits the objects of make kernel-slub/kernel-slab.
# It checks the branch as it is: run make tree first to check patches/.
#
# KERNEL=6.12 checks build/linux-6.12's branch instead, SLUB only, with
# configs/v6.12.config added, in build/bisect-6.12/ (worktree
# build/bisect-6.12/linux-6.12, so that the paths ccache hashes match
# build/out/slub-6.12's).
#
# The config is regenerated for every commit (allnoconfig with
# KCONFIG_ALLCONFIG), so it follows the commit's Kconfig. A fragment option
# that the commit's Kconfig does not define yet (CONFIG_MEMCG_KMEM_CACHES
# before mm/memcg_kmem/Kconfig exists) is reported as absent, not a
# failure; one that is defined but does not get its value fails the build.
#
# For each build: a line on stdout, and in build/bisect/report.txt (the
# last run's) pass/fail, seconds, warnings printed (only from what was
# recompiled) and, on failure, the first error lines; the full output is in
# build/bisect/logs/. Ends with "N passed, N failed", non-zero on a failure.
# It keeps going after a failure by default (all broken commits in one run;
# --stop ends at the first).
#
# Cost (25 commits, 2 CPUs, 1113 objects per kernel). A cold kernel
# build here takes about 10 minutes (0.55 s an object). Per allocator the
# first commit is a full build and the 24 others recompile what their
# changes reach, 1915 objects in all, 1.7 full builds (counted from the
# .cmd dependencies of build/out/slub: a91cd121f's gfp_types.h and slab.h
# reach 1022 objects, bb50b6526, 73a46d541 and 369f0ec54 252 each), and
# each build pays an estimated 25 s of make, Kconfig and link. From an empty
# ccache: about 10 + 17 + 10 = 37 minutes per allocator, 75 for both. A
# rerun, ccache warm: about 3,000 cache hits per allocator (going back
# from the last commit to the first reaches nearly every object) at 0.07 s
# and the same 25 s a build: about 14 minutes per allocator, 30 for both.
# Measured 2026-12-01: the last commit alone, SLUB, into a new out dir
# with the tip's objects in ccache (make kernel-slub): 104 s, 1195 of 1226
# compiles cache hits, and 9 s to create the worktree.
set -euo pipefail

usage() {
	echo "usage: $0 [--from REV] [--to REV] [--alloc slub|slab|both] [--keep-going|--stop]" >&2
	exit 2
}

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${KERNEL:-6.1}
case $kernel in
6.1)	tree=$top/build/linux bisect=$top/build/bisect wt=$top/build/bisect/linux
	allocs="slub slab" extra_frags= ;;
6.12)	tree=$top/build/linux-6.12 bisect=$top/build/bisect-6.12
	wt=$top/build/bisect-6.12/linux-6.12 allocs=slub extra_frags=v6.12 ;;
*)	echo "series-build-check: unknown KERNEL=$kernel" >&2; exit 2 ;;
esac
report=$bisect/report.txt
from=memcg-kmem-base
to=memcg-kmem
keep_going=1

while [ $# -gt 0 ]; do
	case $1 in
	--from) [ $# -ge 2 ] || usage; from=$2; shift 2 ;;
	--to) [ $# -ge 2 ] || usage; to=$2; shift 2 ;;
	--alloc)
		[ $# -ge 2 ] || usage
		case $2 in slub|slab) allocs=$2 ;; both) allocs="slub slab" ;; *) usage ;; esac
		shift 2 ;;
	--keep-going) keep_going=1; shift ;;
	--stop) keep_going=0; shift ;;
	*) usage ;;
	esac
done

die() { echo "series-build-check: $*" >&2; exit 1; }
g() { git -C "$tree" "$@"; }

[ -d "$tree/.git" ] || die "no ${tree#"$top"/}: run 'make tree' first"
mkdir -p "$bisect/logs"
exec 9>"$bisect/lock"
flock -n 9 || die "another series-build-check is running"

# REVs are resolved in build/linux; --from is excluded, as in git's FROM..TO.
from_c=$(g rev-parse -q --verify "$from^{commit}") || die "unknown revision $from"
to_c=$(g rev-parse -q --verify "$to^{commit}") || die "unknown revision $to"
commits=$(g rev-list --reverse "$from_c..$to_c")
[ -n "$commits" ] || die "no commits in $from..$to"
total=$(g rev-list --count "memcg-kmem-base..$to_c")

# The worktree must be ours: never run checkout -f anywhere else (a
# missing build/bisect/linux/.git would make git find /work/main).
wt_ok() {
	[ -f "$wt/.git" ] &&
	[ "$(git -C "$wt" rev-parse --show-toplevel 2>/dev/null)" = "$wt" ]
}
if ! wt_ok; then
	rm -rf "$wt"
	echo "series-build-check: creating worktree ${wt#"$top"/}"
	g worktree add -q -f --detach "$wt" "${commits%%$'\n'*}"
	wt_ok || die "cannot create the worktree $wt"
fi

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$top}"
ccache -M 10G >/dev/null 2>&1 || true

passed=0 failed=0
{
	echo "series-build-check $(date -u +%Y-%m-%dT%H:%M:%SZ): $(g rev-parse --short "$from_c")..$(g rev-parse --short "$to_c"), $allocs"
	echo "worktree ${wt#"$top"/}, out ${bisect#"$top"/}/out/<alloc>, logs ${bisect#"$top"/}/logs/"
	echo
} >"$report"

# build_one N COMMIT ALLOC: configure and build the checked-out commit.
build_one() {
	local n=$1 c=$2 alloc=$3 out log start status reason
	local line sym val absent="" missing="" targets=bzImage secs warn errs
	out=$bisect/out/$alloc
	log=$bisect/logs/$(printf '%02d' "$n")-${c:0:12}-$alloc.log
	mkdir -p "$out"
	for f in base "$alloc" memcg_kmem $extra_frags; do cat "$top/configs/$f.config"; done >"$out/fragment.config"
	start=$(date +%s)
	status=PASS reason=""
	echo "== $c $alloc" >"$log"
	# A config equal to the last one keeps its time stamp: no syncconfig.
	[ -f "$out/.config" ] && cp -p "$out/.config" "$out/.config.prev"
	if make -C "$wt" O="$out" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$out/fragment.config" allnoconfig >>"$log" 2>&1; then
		if [ -f "$out/.config.prev" ] && cmp -s "$out/.config" "$out/.config.prev"; then
			touch -r "$out/.config.prev" "$out/.config"
		fi
		while IFS= read -r line; do
			case $line in CONFIG_*=*) ;; *) continue ;; esac
			sym=${line%%=*} val=${line#*=}
			if [ "$val" = n ]; then
				grep -q "^$sym=" "$out/.config" || continue
			else
				grep -qxF "$line" "$out/.config" && continue
			fi
			if git -C "$wt" grep -qE "^[[:space:]]*(menu)?config ${sym#CONFIG_}[[:space:]]*\$" -- '*Kconfig*'; then
				missing="$missing $sym"
			else
				absent="$absent ${sym#CONFIG_}"
			fi
		done <"$out/fragment.config"
		[ -z "$missing" ] || { status=FAIL reason="config:$missing not as the fragments ask"; }
		grep -q '^CONFIG_MODULES=y' "$out/.config" && targets="bzImage modules"
		# shellcheck disable=SC2086
		nice -n 10 make -C "$wt" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" \
			$targets >>"$log" 2>&1 || status=FAIL
	else
		status=FAIL reason="allnoconfig failed"
	fi
	rm -f "$out/.config.prev"
	secs=$(( $(date +%s) - start ))
	warn=$(grep -c ': warning:' "$log" || true)
	line=$(printf '[%02d/%02d] %s %s %s %5d s %3d warnings  %s' "$n" "$total" \
		"${c:0:9}" "$alloc" "$status" "$secs" "$warn" "$(g log -1 --format=%s "$c" | cut -c1-60)")
	[ -z "$reason" ] || line="$line ($reason)"
	[ -z "$absent" ] || line="$line (absent:$absent)"
	echo "$line"
	{
		echo "$line"
		if [ $status = FAIL ]; then
			errs=$(grep -E ': (fatal )?error:|undefined reference|^ERROR:|No rule to make' "$log" | head -n 8 || true)
			[ -n "$errs" ] || errs=$(grep -F '***' "$log" | head -n 4 || true)
			[ -n "$errs" ] || errs=$(tail -n 5 "$log")
			echo "$errs" | sed 's/^/    /'
			echo "    log: build/bisect/logs/${log##*/}"
		fi
	} >>"$report"
	if [ $status = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	[ $status = PASS ]
}

run_start=$(date +%s)
stop=0
for c in $commits; do
	n=$(g rev-list --count "memcg-kmem-base..$c")
	wt_ok || die "$wt is not the worktree"
	git -C "$wt" checkout -q -f --detach "$c"
	for alloc in $allocs; do
		build_one "$n" "$c" "$alloc" || [ $keep_going = 1 ] || { stop=1; break; }
	done
	[ $stop = 0 ] || break
done
summary="$passed passed, $failed failed"
{ echo; echo "$summary ($(( $(date +%s) - run_start )) s)"; } >>"$report"
echo "$summary"
[ "$failed" = 0 ]
