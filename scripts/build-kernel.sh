#!/bin/sh
# build-kernel.sh <variant>: configure and build a guest kernel (bzImage and
# modules) in build/out/<variant> from build/linux, with ccache.
#
# Variants: slub, slab (the series, KUnit suites built in), slub-debug
# (the same with lockdep, KASAN, kmemleak and slab debugging), slab-debug
# (lockdep, kmemleak and slab debugging: 6.1's KASAN excludes DEBUG_SLAB),
# slab-kasan (lockdep, kmemleak and KASAN), slub-debug-nokasan (slub-debug
# less KASAN: fast enough for the full churn),
# slub-numa, slab-numa (the series on a NUMA kernel; the guest boots with
# two emulated nodes),
# vanilla-slub, vanilla-slab (Debian's 6.1 without the series, same base
# config: the benchmarks' baseline; built from build/vanilla, a git
# worktree of build/linux at tag memcg-kmem-base), vanilla-slub-debug and
# vanilla-slab-kasan (debug configs without the series: which debug reports
# predate us), distro-slub, distro-slab, vanilla-distro-slub and
# vanilla-distro-slab (the benchmark kernels with the fast-path, preemption
# and hardening options of Debian 12's kernel: configs/distro.config, and
# configs/distro-slub.config for SLUB).
# A variant ending in -6.12 (slub-6.12, slub-debug-6.12, vanilla-slub-6.12,
# distro-slub-6.12, vanilla-distro-slub-6.12) is the same kernel built from
# Linux 6.12 (build/linux-6.12, vanilla from build/vanilla-6.12), with
# configs/v6.12.config added (configs/distro-6.12.config for the distro
# kernels): 6.12 has SLUB only.
# A config is allnoconfig plus the fragments in configs/; it is only
# regenerated when the fragments change, so rebuilds stay incremental.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 <variant>" >&2; exit 2; }
variant=$1
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux
out=$top/build/out/$variant
kernel=6.1
linux=$top/build/linux
case $variant in
*-6.12)	kernel=6.12
	linux=$top/build/linux-6.12
	src=$linux
	variant=${variant%-6.12} ;;
esac
case $variant in
slub)		frags="base slub memcg_kmem" ;;
slab)		frags="base slab memcg_kmem" ;;
slub-debug)	frags="base slub memcg_kmem debug kasan debug-slub" ;;
slab-debug)	frags="base slab memcg_kmem debug debug-slab" ;;
slab-kasan)	frags="base slab memcg_kmem debug kasan" ;;
slub-debug-nokasan) frags="base slub memcg_kmem debug debug-slub" ;;
slub-numa)	frags="base slub memcg_kmem numa" ;;
slab-numa)	frags="base slab memcg_kmem numa" ;;
vanilla-slub)	frags="base slub" ;;
vanilla-slab)	frags="base slab" ;;
vanilla-slub-debug) frags="base slub debug kasan debug-slub" ;;
vanilla-slab-kasan) frags="base slab debug kasan" ;;
distro-slub)	frags="base slub memcg_kmem distro distro-slub" ;;
distro-slab)	frags="base slab memcg_kmem distro" ;;
vanilla-distro-slub) frags="base slub distro distro-slub" ;;
vanilla-distro-slab) frags="base slab distro" ;;
*) echo "$0: unknown variant $variant" >&2; exit 2 ;;
esac
case $kernel-$variant in
6.12-*slab*) echo "$0: Linux 6.12 has no SLAB" >&2; exit 2 ;;
esac
# 6.12: configs/v6.12.config, or for the distro kernels distro-6.12.config
# (Debian 13's choices, without cgroup v1), whose "# was" lines name the
# options of distro.config that 6.12 renamed.
drop='^$'
if [ "$kernel" = 6.12 ]; then
	case " $frags " in
	*" distro "*)
		frags="$frags distro-6.12"
		drop="^($(sed -n 's/^# was \(CONFIG_[A-Z0-9_]*\)$/\1/p' \
			"$top/configs/distro-6.12.config" | paste -sd'|'))=y\$" ;;
	*)	frags="$frags v6.12" ;;
	esac
fi
case $variant in
vanilla-*)
	src=$top/build/vanilla
	[ "$kernel" = 6.1 ] || src=$src-$kernel
	[ -f "$src/Makefile" ] ||
		git -C "$linux" worktree add -f --detach "$src" memcg-kmem-base
	;;
esac
mkdir -p "$out"
for f in $frags; do cat "$top/configs/$f.config"; done | grep -Ev "$drop" >"$out/fragment.config.new"
if ! cmp -s "$out/fragment.config.new" "$out/fragment.config" || [ ! -f "$out/.config" ]; then
	mv "$out/fragment.config.new" "$out/fragment.config"
	make -s -C "$src" O="$out" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$out/fragment.config" allnoconfig
	# Every option a fragment asks for must have survived Kconfig.
	bad=0
	for opt in $(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=y$/\1/p' "$out/fragment.config"); do
		grep -q "^$opt=y" "$out/.config" || { echo "$0: $opt not set" >&2; bad=1; }
	done
	[ $bad = 0 ] || exit 1
else
	rm -f "$out/fragment.config.new"
fi
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
# Hash paths relative to the checkout, so that another clone (CI's) hits.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$top}"
ccache -M 10G >/dev/null 2>&1 || true
start=$(date +%s)
make -s -C "$src" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" bzImage modules
echo "kernel ${out##*/}: built in $(( $(date +%s) - start )) s"
