#!/bin/bash
# tree.sh build|export|check: the patched kernel tree in build/linux.
#
# KERNEL=6.12 selects the Linux 6.12 tree instead: build/linux-6.12 from
# linux-source-6.12, series patches/6.12/series with its patches in
# patches/6.12/. The new files (the core, its headers, tests and docs)
# are the same repository files for both kernels.
#
#   build   Extract Debian's linux-source-6.1 into build/linux as a git tree
#           (tag memcg-kmem-base), then make branch memcg-kmem from
#           patches/series: one commit per line, the line's patch (changes
#           to existing kernel files) plus the new files it names, copied
#           from this repository. Files whose content did not change keep
#           their timestamps, so rebuilding the kernel stays incremental.
#   export  The reverse: write the commits memcg-kmem-base..memcg-kmem back
#           into patches/ and the repository's new files.
#   check   Fail unless build/linux's branch matches what build would make.
#
# build refuses to replace commits made in the tree that were not exported
# (FORCE=1 drops them; the replaced branch is kept as memcg-kmem-prev).
#
# patches/series: one commit per line, "PATCH [NEWFILE...]". A NEWFILE is a
# repository path, installed at the same tree path, or "REPO:TREE" when the
# two differ (the KUnit suites live in kunit/ here, next to their code in
# the tree). The repository holds a new file as the series' last commit
# leaves it; when later commits change it, their patches carry the change,
# and build gets the file as its own commit added it by reverse-applying
# those later changes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${KERNEL:-6.1}
case $kernel in
6.1)	tree=$top/build/linux
	patchdir=$top/patches ;;
6.12)	tree=$top/build/linux-6.12
	patchdir=$top/patches/6.12 ;;
*)	echo "tree.sh: unknown KERNEL=$kernel (6.1 or 6.12)" >&2; exit 2 ;;
esac
tarball=${LINUX_TARBALL:-/usr/src/linux-source-$kernel.tar.xz}
base=memcg-kmem-base
branch=memcg-kmem
series=$patchdir/series
# Fixed identities and dates make the commits reproducible.
export GIT_COMMITTER_NAME="memcg-kmem tree builder"
export GIT_COMMITTER_EMAIL="memcg-kmem@localhost"
export GIT_COMMITTER_DATE="2022-12-11T00:00:00+0000"

die() { echo "tree.sh: $*" >&2; exit 1; }
g() { git -C "$tree" "$@"; }

# Map a repository path of a new file to its tree path and back.
tree_path() { case $1 in *:*) echo "${1#*:}" ;; *) echo "$1" ;; esac; }
repo_path() { case $1 in *:*) echo "${1%%:*}" ;; *) echo "$1" ;; esac; }

make_base() {
	[ -f "$tarball" ] || die "no $tarball (make deps installs linux-source-$kernel)"
	echo "tree: extracting $tarball"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -C "$tree.tmp" --strip-components=1 -xf "$tarball"
	git -C "$tree.tmp" init -q
	git -C "$tree.tmp" config user.name "memcg-kmem developers"
	git -C "$tree.tmp" config user.email "memcg-kmem@localhost"
	# Debian's .gitignore ignores the whole top level: add by force.
	git -C "$tree.tmp" add -f -A .
	GIT_AUTHOR_NAME="Debian" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org" \
	GIT_AUTHOR_DATE="$GIT_COMMITTER_DATE" \
		git -C "$tree.tmp" commit -q -m "Linux $(version_of "$tree.tmp") (Debian linux-source-$kernel)"
	git -C "$tree.tmp" tag "$base"
	mv "$tree.tmp" "$tree"
}

version_of() {
	make -s -C "$1" kernelversion 2>/dev/null || echo "$kernel"
}

# The patches of the series, in order.
series_patches() {
	local patch rest
	while read -r patch rest; do
		case $patch in ''|'#'*) continue ;; esac
		echo "$patch"
	done <"$series"
}

# file_at_commit SRC DST N TMP: print the path of SRC (the last version of
# tree file DST) as the N-th commit adds it: the changes later patches make
# to DST are reverse-applied, last patch first.
file_at_commit() {
	local src=$1 dst=$2 n=$3 tmp=$4 later work
	later=$(series_patches | tail -n +"$((n + 1))" | tac)
	work=$tmp/at-commit
	rm -rf "$work"
	mkdir -p "$work/$(dirname "$dst")"
	cp "$src" "$work/$dst"
	for patch in $later; do
		grep -q "^diff --git a/$dst b/$dst\$" "$patchdir/$patch" || continue
		git -C "$work" apply -R --include="$dst" "$patchdir/$patch" ||
			die "cannot take the changes of $patch out of $dst"
	done
	echo "$work/$dst"
}

# Build the series' commits with a private index, then move the branch.
build() {
	[ -d "$tree/.git" ] && g rev-parse -q --verify "$base" >/dev/null || make_base
	local index=$tree/.git/memcg-kmem-index parent patch files f
	local tmp
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"; rm -f "$index"; trap - RETURN' RETURN
	parent=$(g rev-parse "$base^{commit}")
	GIT_INDEX_FILE=$index g read-tree "$base"
	local n=0
	while read -r patch files; do
		case $patch in ''|'#'*) continue ;; esac
		[ -f "$patchdir/$patch" ] || die "series names missing $patchdir/$patch"
		git mailinfo -b "$tmp/msg" "$tmp/diff" <"$patchdir/$patch" >"$tmp/info"
		if [ -s "$tmp/diff" ]; then
			GIT_INDEX_FILE=$index g apply --cached "$tmp/diff" ||
				die "$patchdir/$patch does not apply"
		fi
		n=$((n + 1))
		for f in $files; do
			local src dst blob
			src=$top/$(repo_path "$f")
			dst=$(tree_path "$f")
			[ -f "$src" ] || die "series names missing file $(repo_path "$f")"
			src=$(file_at_commit "$src" "$dst" "$n" "$tmp")
			blob=$(g hash-object -w --path "$dst" "$src")
			GIT_INDEX_FILE=$index g update-index --add --cacheinfo "100644,$blob,$dst"
		done
		local subject author email date tree_id
		subject=$(sed -n 's/^Subject: //p' "$tmp/info")
		author=$(sed -n 's/^Author: //p' "$tmp/info")
		email=$(sed -n 's/^Email: //p' "$tmp/info")
		date=$(sed -n 's/^Date: //p' "$tmp/info")
		tree_id=$(GIT_INDEX_FILE=$index g write-tree)
		parent=$( { printf '%s\n\n' "$subject"; cat "$tmp/msg"; } |
			GIT_AUTHOR_NAME="$author" GIT_AUTHOR_EMAIL="$email" \
			GIT_AUTHOR_DATE="${date:-$GIT_COMMITTER_DATE}" \
			g commit-tree "$tree_id" -p "$parent")
	done <"$series"

	local old built
	old=$(g rev-parse -q --verify "refs/heads/$branch" || true)
	# refs/memcg-kmem/built: what patches/ last gave (build) or took (export).
	built=$(g rev-parse -q --verify refs/memcg-kmem/built || true)
	if [ -n "$old" ] && [ -n "$built" ] && [ "$old" != "$built" ] &&
	   [ "$old" != "$parent" ] && [ -z "${FORCE:-}" ]; then
		die "$branch has commits that are not in patches/: run 'make export' first (or FORCE=1 make tree to drop them)"
	fi
	if [ "$old" = "$parent" ] && [ "$(g rev-parse HEAD)" = "$parent" ]; then
		g update-ref refs/memcg-kmem/built "$parent"
		echo "tree: $branch up to date ($(g rev-list --count "$base..$parent") commits)"
		return
	fi
	[ -z "$(g status --porcelain --untracked-files=no)" ] ||
		die "build/linux has uncommitted changes: commit them and run 'make export', or stash them"
	if [ -n "$old" ] && [ "$old" != "$parent" ]; then
		g update-ref "refs/heads/$branch-prev" "$old"
		echo "tree: previous $branch kept as $branch-prev"
	fi
	g update-ref "refs/heads/$branch" "$parent"
	g update-ref refs/memcg-kmem/built "$parent"
	# Only files that differ are rewritten: make stays incremental.
	g checkout -q -f "$branch"
	echo "tree: $branch at $(g rev-parse --short HEAD), $(g rev-list --count "$base..$parent") commits"
}

# Write memcg-kmem-base..memcg-kmem back into the repository.
export_tree() {
	[ -d "$tree/.git" ] || die "no tree: run 'make tree' first"
	[ -z "$(g status --porcelain --untracked-files=no)" ] ||
		die "build/linux has uncommitted changes: commit them first"
	local commits c n=0 name added f line excl
	commits=$(g rev-list --reverse "$base..$branch")
	[ -n "$commits" ] || die "no commits on $branch"
	mkdir -p "$patchdir"
	rm -f "$patchdir"/[0-9][0-9][0-9][0-9]-*.patch
	{
		echo "# The series, in order: PATCH [NEW FILE...]. See scripts/tree.sh."
	} >"$series.new"
	for c in $commits; do
		n=$((n + 1))
		# Files this commit adds come from the repository, as the
		# branch's last commit has them; all other changes, including
		# later changes to those files, go to the patch.
		added=$(g diff-tree --no-commit-id --name-only -r --diff-filter=A "$c")
		excl=()
		line=""
		for f in $added; do
			excl+=(":(exclude)$f")
			local rp=$f
			case $f in mm/memcg_kmem/*-test.h) rp=kunit/${f#mm/memcg_kmem/} ;; esac
			mkdir -p "$(dirname "$top/$rp")"
			g show "$branch:$f" >"$top/$rp"
			if [ "$rp" = "$f" ]; then line="$line $f"; else line="$line $rp:$f"; fi
		done
		name=$(g format-patch -1 --zero-commit --no-signature --stdout "$c" -- . "${excl[@]}" |
			git mailinfo /dev/null /dev/null | sed -n 's/^Subject: //p')
		name=$(printf '%04d-%s.patch' "$n" "$(echo "$name" | sed 's/[^A-Za-z0-9]\+/-/g; s/^-//; s/-$//' | cut -c1-52)")
		g format-patch -1 --zero-commit --no-signature --no-numbered --stdout "$c" -- . "${excl[@]}" >"$patchdir/$name"
		echo "$name$line" >>"$series.new"
	done
	mv "$series.new" "$series"
	g update-ref refs/memcg-kmem/built "$(g rev-parse "refs/heads/$branch")"
	echo "export: $n commits written to ${patchdir#"$top"/}/ (see git status)"
}

# The content of a branch's commits: trees, authors, messages (not the
# committer, which differs between commits made by hand and by build).
branch_content() {
	g log --reverse --format='%T %an <%ae> %ad%n%B' "$base..$1"
}

check() {
	local want have
	have=$(branch_content "refs/heads/$branch")
	build >/dev/null
	want=$(branch_content "refs/heads/$branch")
	[ "$have" = "$want" ] || die "build/linux differs from patches/: run 'make export' or 'make tree'"
}

case ${1:-} in
build) build ;;
export) export_tree ;;
check) check ;;
*) echo "usage: $0 build|export|check" >&2; exit 2 ;;
esac
