#!/bin/bash
# series.sh [outdir]: write the mergeable postings of the series, the
# commits memcg-kmem-base..memcg-kmem of build/linux cut as
# patches/postings says, each with git format-patch into outdir/NAME/ and
# a cover letter from patches/cover-NAME.txt (first line: subject; in the
# body @ALLOCATORS@ is the posting's diffstat of what SLUB and SLAB
# themselves carry, mm/slub.c, mm/slab.c and their definitions of struct
# kmem_cache, and @COMMON@ that of the code both share, mm/slab.h and
# mm/slab_common.c; format-patch adds the whole diffstat). Each posting names its base
# (format-patch --base: the base commit and, past the first, the
# prerequisite patch ids). Then check that they apply with git am to a
# pristine tree, in order, and give each posting's tree.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
out=${1:-$top/build/series}
g() { git -C "$tree" "$@"; }

mapfile -t commits < <(g rev-list --reverse memcg-kmem-base..memcg-kmem)
total=0
while read -r name n prefix; do
	total=$((total + n))
done < <(grep -v '^#' "$top/patches/postings")
[ "$total" = "${#commits[@]}" ] || {
	echo "series: patches/postings has $total patches, the branch ${#commits[@]}" >&2
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
	python3 - "$dir/0000-cover-letter.patch" "$top/patches/cover-$name.txt" \
		"$(stat mm/slub.c mm/slab.c include/linux/slub_def.h \
			include/linux/slab_def.h)" \
		"$(stat mm/slab.h mm/slab_common.c)" <<'PY'
import sys
cover, template, alloc, common = sys.argv[1:5]
lines = open(template).read().split('\n')
subject, body = lines[0], '\n'.join(lines[1:]).strip('\n')
body = body.replace('@ALLOCATORS@', alloc).replace('@COMMON@', common)
text = open(cover).read()
text = text.replace('*** SUBJECT HERE ***', subject)
text = text.replace('*** BLURB HERE ***', body)
open(cover, 'w').write(text)
PY
	echo "series: posting $name, $n patches and a cover letter in $dir"
	tips+=("$to")
	from=$to
done < <(grep -v '^#' "$top/patches/postings")

# git am onto the pristine base, posting after posting, must give each
# posting's tree.
check=$top/build/series-check
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
done < <(grep -v '^#' "$top/patches/postings")
g worktree remove --force "$check"
echo "series: the postings apply in order with git am to memcg-kmem-base and match memcg-kmem"
