#!/bin/bash
# static-checks.sh <variant>: the series' static checks, as "TEST <name>
# PASS|FAIL <detail>" lines for summarize.sh, ending with CHECKS-DONE:
#  - checkpatch.pl --strict on every patch of the postings in
#    build/series/<posting>/, less its FILE_PATH_CHANGES warning (any
#    patch adding a file without touching MAINTAINERS), replaced by a check
#    that every file the series adds is in the series' MAINTAINERS section;
#  - sparse (C=2) and W=1 on the new code (mm/memcg_kmem/), built against
#    build/out/<variant>, which must be configured and built.
# For a -6.12 variant the same on the 6.12 tree and its postings
# (build/linux-6.12, build/series-6.12/), the test names prefixed "6.12:".
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <variant>" >&2; exit 2; }
variant=$1
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux
series=$top/build/series
tag=
case $variant in
*-6.12) src=$top/build/linux-6.12 series=$top/build/series-6.12 tag=6.12: ;;
esac
out=$top/build/out/$variant
log=$top/build/logs/static-$variant
mkdir -p "$log"

report() { # name, status (0 = pass), detail
	if [ "$2" = 0 ]; then echo "TEST $1 PASS $3"; else echo "TEST $1 FAIL $3"; fi
}

# checkpatch runs scripts/spdxcheck.py with python3: use Debian's, which
# has python3-ply, even where another python3 comes first in PATH.
for p in "$series"/*/[0-9][0-9][0-9][0-9]-*.patch; do
	case $p in *0000-cover-letter.patch) continue ;; esac
	# POSTING-NNNN-subject: the posting's letter and the patch's number.
	n=$(basename "$(dirname "$p")")-$(basename "$p" .patch)
	PATH=/usr/bin:$PATH "$src/scripts/checkpatch.pl" --strict -q \
		--ignore FILE_PATH_CHANGES "$p" >"$log/$n.checkpatch" 2>&1
	rc=$?
	# A checker that could not run (e.g. spdxcheck.py) is a failure too.
	n_find=$(grep -c '^\(ERROR\|WARNING\|CHECK\)\|Traceback' "$log/$n.checkpatch")
	[ $rc = 0 ] && [ "$n_find" = 0 ]
	report "${tag}checkpatch:${n:0:6}" $? "$n_find findings (build/logs/static-$variant/$n.checkpatch)"
done

# Every file the series adds has a maintainer: the series' own section.
section="CONTROL GROUP - MEMORY RESOURCE CONTROLLER: PER-CGROUP SLAB CACHES"
uncovered=
for f in $(git -C "$src" diff --diff-filter=A --name-only memcg-kmem-base..memcg-kmem); do
	(cd "$src" && PATH=/usr/bin:$PATH perl scripts/get_maintainer.pl \
		--no-git --sections -f "$f" 2>/dev/null) | grep -xF "$section" >/dev/null ||
		uncovered="$uncovered $f"
done
[ -z "$uncovered" ]
report "${tag}maintainers:new-files" $? "${uncovered:-every added file is in \"$section\"}"

kmake() { make -s -C "$src" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" "$@"; }

# sparse checks every file of the directory with C=2, built or not.
kmake C=2 CHECK="sparse" mm/memcg_kmem/ >"$log/sparse" 2>&1
rc=$?
n=$(grep -c 'warning:\|error:' "$log/sparse")
[ $rc = 0 ] && [ "$n" = 0 ]; report "${tag}sparse:mm/memcg_kmem" $? "$n warnings"

# W=1 rebuilds the directory's objects with the extra warnings.
kmake W=1 mm/memcg_kmem/ >"$log/w1" 2>&1
rc=$?
n=$(grep -c 'warning:\|error:' "$log/w1")
[ $rc = 0 ] && [ "$n" = 0 ]; report "${tag}W=1:mm/memcg_kmem" $? "$n warnings"
# Leave the objects as the normal build wants them.
kmake mm/memcg_kmem/ >/dev/null 2>&1

echo CHECKS-DONE
