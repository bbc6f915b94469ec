#!/bin/bash
# series.sh [outdir]: write the mergeable postings of the series, the
# commits memcg-kmem-base..memcg-kmem of build/linux cut as
# patches/postings says, each with git format-patch into outdir/NAME/ and
# a cover letter from patches/cover-NAME.txt (first line: subject; in the
# body @ALLOCATORS@ is the posting's diffstat of what SLUB and SLAB
# themselves carry, mm/slub.c, mm/slab.c and their definitions of struct
# kmem_cache, @COMMON@ that of the code both share, mm/slab.h and
# mm/slab_common.c, and @EXISTING@ the lines the posting changes in
# existing kernel files on each kernel, Linux 6.1 and 6.12; format-patch
# adds the whole diffstat). KERNEL=6.12 writes the 6.12 series instead:
# build/linux-6.12, patches/6.12/{postings,cover-NAME.txt}, outdir
# build/series-6.12. Each posting names its base
# (format-patch --base: the base commit and, past the first, the
# prerequisite patch ids). Then check that they apply with git am to a
# pristine tree, in order, and give each posting's tree.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${KERNEL:-6.1}
case $kernel in
6.1)	tree=$top/build/linux pdir=$top/patches out=${1:-$top/build/series} ;;
6.12)	tree=$top/build/linux-6.12 pdir=$top/patches/6.12
	out=${1:-$top/build/series-6.12} ;;
*)	echo "series: unknown KERNEL=$kernel (6.1 or 6.12)" >&2; exit 2 ;;
esac
g() { git -C "$tree" "$@"; }

# existing KERNEL NAME: what posting NAME changes in the files of KERNEL's
# pristine tree (the files the series adds are the same for both
# kernels), as "N files, +I -D lines", or "not built" without the tree.
existing() {
	local t=$top/build/linux pd=$top/patches from=memcg-kmem-base to i=0
	local name n prefix c
	[ "$1" = 6.1 ] || { t=$top/build/linux-$1 pd=$top/patches/$1; }
	[ -d "$t/.git" ] || { echo "not built"; return; }
	mapfile -t c < <(git -C "$t" rev-list --reverse memcg-kmem-base..memcg-kmem)
	while read -r name n prefix; do
		i=$((i + n))
		to=${c[$((i - 1))]}
		if [ "$name" = "$2" ]; then
			# Only files of the pristine tree, not the core's own.
			git -C "$t" diff --numstat "$from" "$to" |
			while read -r a d f; do
				git -C "$t" cat-file -e "memcg-kmem-base:$f" 2>/dev/null &&
					echo "$a $d"
			done | awk '{ f++; a += $1; d += $2 }
				    END { printf "%d files, +%d -%d lines\n", f, a, d }'
			return
		fi
		from=$to
	done < <(grep -v '^#' "$pd/postings")
	echo "no posting $2"
}

mapfile -t commits < <(g rev-list --reverse memcg-kmem-base..memcg-kmem)
total=0
while read -r name n prefix; do
	total=$((total + n))
done < <(grep -v '^#' "$pdir/postings")
[ "$total" = "${#commits[@]}" ] || {
	echo "series: ${pdir#"$top"/}/postings has $total patches, the branch ${#commits[@]}" >&2
	exit 1
}

rm -rf "$out"
mkdir -p "$out"
from=memcg-kmem-base
i=0
tips=()
while read -r name n prefix; do
	i=$((i + n))
	to=${commits[$((i - 1))]}
	dir=$out/$name
	g format-patch -q --zero-commit --cover-letter --thread=shallow \
		--base=memcg-kmem-base --subject-prefix="$prefix" -o "$dir" "$from..$to"
	stat() { g diff --stat=72 "$from" "$to" -- "$@" | sed 's/^/  /'; }
	python3 - "$dir/0000-cover-letter.patch" "$pdir/cover-$name.txt" \
		"$(stat mm/slub.c mm/slab.c include/linux/slub_def.h \
			include/linux/slab_def.h)" \
		"$(stat mm/slab.h mm/slab_common.c)" \
		"$(printf '  Linux 6.1:   %s\n  Linux 6.12:  %s' \
			"$(existing 6.1 "$name")" "$(existing 6.12 "$name")")" <<'PY'
import sys
cover, template, alloc, common, existing = sys.argv[1:6]
lines = open(template).read().split('\n')
subject, body = lines[0], '\n'.join(lines[1:]).strip('\n')
body = body.replace('@ALLOCATORS@', alloc).replace('@COMMON@', common)
body = body.replace('@EXISTING@', existing)
text = open(cover).read()
text = text.replace('*** SUBJECT HERE ***', subject)
text = text.replace('*** BLURB HERE ***', body)
open(cover, 'w').write(text)
PY
	echo "series: posting $name, $n patches and a cover letter in $dir"
	tips+=("$to")
	from=$to
done < <(grep -v '^#' "$pdir/postings")

# git am onto the pristine base, posting after posting, must give each
# posting's tree.
check=$top/build/series-check-$kernel
g worktree remove --force "$check" >/dev/null 2>&1 || rm -rf "$check"
g worktree prune
g worktree add -q --detach "$check" memcg-kmem-base
k=0
while read -r name n prefix; do
	# shellcheck disable=SC2046
	git -C "$check" -c user.name=check -c user.email=check@localhost \
		am -q $(ls "$out/$name"/*.patch | grep -v cover-letter)
	want=$(g rev-parse "${tips[$k]}^{tree}")
	have=$(git -C "$check" rev-parse 'HEAD^{tree}')
	if [ "$want" != "$have" ]; then
		g worktree remove --force "$check"
		echo "series: git am of $name gives tree $have, the branch has $want" >&2
		exit 1
	fi
	k=$((k + 1))
done < <(grep -v '^#' "$pdir/postings")
g worktree remove --force "$check"
echo "series: the postings apply in order with git am to memcg-kmem-base and match memcg-kmem"
