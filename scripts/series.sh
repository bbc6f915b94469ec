#!/bin/bash
# series.sh [outdir]: write the mergeable series, memcg-kmem-base..memcg-kmem
# of build/linux, with git format-patch and a cover letter made from
# patches/cover-letter.txt (first line: subject; @SLUB@ and
# @SLAB@ are replaced by the series' diffstat and each allocator's own).
# Then check that it applies with git am to a pristine tree and gives the
# same result.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
out=${1:-$top/build/series}
g() { git -C "$tree" "$@"; }

rm -rf "$out"
mkdir -p "$out"
g format-patch -q --zero-commit --cover-letter --thread=shallow \
	--subject-prefix="RFC PATCH" -o "$out" memcg-kmem-base..memcg-kmem

stat() { g diff --stat=72 memcg-kmem-base memcg-kmem -- "$@" | sed 's/^/  /'; }
cover=$(ls "$out"/0000-cover-letter.patch)
python3 - "$cover" "$top/patches/cover-letter.txt" \
	"$(stat .)" "$(stat mm/slub.c include/linux/slub_def.h)" \
	"$(stat mm/slab.c include/linux/slab_def.h)" <<'PY'
import sys
cover, template, diffstat, slub, slab = sys.argv[1:6]
lines = open(template).read().split('\n')
subject, body = lines[0], '\n'.join(lines[1:]).strip('\n')
body = body.replace('@DIFFSTAT@', diffstat).replace('@SLUB@', slub).replace('@SLAB@', slab)
text = open(cover).read()
text = text.replace('*** SUBJECT HERE ***', subject)
text = text.replace('*** BLURB HERE ***', body)
open(cover, 'w').write(text)
PY
echo "series: $(ls "$out" | wc -l) files in $out"

# git am onto the pristine base must give exactly the tree of memcg-kmem.
check=$top/build/series-check
g worktree remove --force "$check" >/dev/null 2>&1 || rm -rf "$check"
g worktree prune
g worktree add -q --detach "$check" memcg-kmem-base
# shellcheck disable=SC2046
git -C "$check" -c user.name=check -c user.email=check@localhost \
	am -q $(ls "$out"/*.patch | grep -v cover-letter)
want=$(g rev-parse 'memcg-kmem^{tree}')
have=$(git -C "$check" rev-parse 'HEAD^{tree}')
g worktree remove --force "$check"
if [ "$want" != "$have" ]; then
	echo "series: git am gives tree $have, memcg-kmem has $want" >&2
	exit 1
fi
echo "series: applies with git am to memcg-kmem-base and matches memcg-kmem"
