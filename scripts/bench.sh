#!/bin/bash
# bench.sh: the host side of `make bench`: vanilla 6.1 and the patched
# kernel, each with SLUB and SLAB, built from the same Debian source and
# config base, measured the same way in QEMU (tests/guest/bench.sh in the
# guest, tests/bench/ the in-kernel benchmark module); and the same two
# built as Debian builds (the distro-* variants: configs/distro.config,
# SLUB only by default). For each variant it builds the kernel, the
# benchmark module and an initramfs, then boots:
#   icount  -icount shift=0 with 1 vCPU (QEMU 7.2 hangs bringing up a
#           second x86 vCPU under icount): speed, delete, hackbench; guest
#           time counts guest instructions, so the figures repeat run to
#           run (distro variants: speed and hackbench only)
#   icount-nokmem  vanilla only: the same with cgroup.memory=nokmem,
#           hackbench only (the baseline without kmem accounting)
#   icount-optout  patched only: the same with memcg_kmem.default=optout
#           (every cache accounted), hackbench only
#   wall    no icount, 2 vCPUs: speed, delete in guest wall time (noisy)
#   mem     no icount, 2 vCPUs: footprint, churn
# and writes bench/results/<UTC date>-<commit>/: results.md (tables and
# ratios), results.tsv (every figure), footprint.png, the guests' logs and
# the variants' merged configs (configs/VARIANT.config; the fragments in
# configs/fragments/). scripts/bench-report.py --compare OLD NEW compares
# two runs.
#
# Environment:
#   MK_BENCH_VARIANTS  default "slub vanilla-slub slab vanilla-slab
#                      distro-slub vanilla-distro-slub" (each patched
#                      kernel before its vanilla baseline: the past
#                      section's workload comes from the patched kernel);
#                      add "distro-slab vanilla-distro-slab" for SLAB
#   MK_BENCH_ONLY      sections to run (default
#                      speed,delete,hackbench,footprint,heavy,past,churn);
#                      boots with none of them are skipped
#   MK_BENCH_BOOTS     boots to run (default "icount icount-nokmem
#                      icount-optout wall mem"; a boot that is not for the
#                      variant's kind is skipped)
#   MK_BENCH_DISTRO_BOOTS the same for the distro-* variants (default
#                      "icount icount-nokmem icount-optout": the run stays
#                      short, and the base variants measure the rest)
#   MK_BENCH_ITERS     operations per timed run (default 1000000)
#   MK_BENCH_WALL_ITERS the same for the wall-time boot (default 200000:
#                      its figures are noisy anyway, and TCG without icount
#                      is the slowest part of a run)
#   MK_BENCH_FIRST     fresh cgroups for the first allocation (default 100)
#   MK_BENCH_ARGS      more guest kernel arguments, e.g.
#                      "mk.bench_cgroups=0,10,100 mk.bench_churn=100"
#   MK_BENCH_NOBUILD=1 use the kernels already in build/out (no rebuild)
#   GUEST_TIMEOUT      seconds per boot (default 5400)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
variants=${MK_BENCH_VARIANTS:-slub vanilla-slub slab vanilla-slab distro-slub vanilla-distro-slub}
only=${MK_BENCH_ONLY:-speed,delete,hackbench,footprint,heavy,past,churn}
boots=${MK_BENCH_BOOTS:-icount icount-nokmem icount-optout wall mem}
distro_boots=${MK_BENCH_DISTRO_BOOTS:-icount icount-nokmem icount-optout}
iters=${MK_BENCH_ITERS:-1000000}
wall_iters=${MK_BENCH_WALL_ITERS:-200000}
first=${MK_BENCH_FIRST:-100}
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-5400}

# sections_of BOOT VARIANT: the sections of MK_BENCH_ONLY that BOOT runs
# for VARIANT.
sections_of() {
	local s out=
	for s in ${only//,/ }; do
		case $1:$s in
		icount:delete)
			case $2 in *distro-*) ;; *) out=${out:+$out,}$s ;; esac ;;
		icount:speed | icount:hackbench | wall:speed | wall:delete | \
		icount-nokmem:hackbench | icount-optout:hackbench | \
		mem:footprint | mem:heavy | mem:past | mem:churn) out=${out:+$out,}$s ;;
		esac
	done
	echo "$out"
}

# boots_of VARIANT: the boots to run for VARIANT.
boots_of() {
	local b list=$boots out=
	case $1 in *distro-*) list=$distro_boots ;; esac
	for b in $list; do
		case $1:$b in
		vanilla-*:icount-optout) ;;
		vanilla-*:*) out="$out $b" ;;
		*:icount-nokmem) ;;
		*) out="$out $b" ;;
		esac
	done
	echo "$out"
}

commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain -- . ':!bench/results')" ] || commit=$commit-dirty
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/$stamp-$commit
mkdir -p "$out/logs" "$out/configs"
echo "bench: results in $out"

# fragments_of VARIANT: its config fragments, as scripts/build-kernel.sh
# merges them.
fragments_of() {
	case $1 in
	*-6.12) echo "$(fragments_of "${1%-6.12}") v6.12" ;;
	distro-slub) echo "base slub memcg_kmem distro distro-slub" ;;
	distro-slab) echo "base slab memcg_kmem distro" ;;
	vanilla-distro-slub) echo "base slub distro distro-slub" ;;
	vanilla-distro-slab) echo "base slab distro" ;;
	vanilla-*) echo "base ${1#vanilla-}" ;;
	*) echo "base $1 memcg_kmem" ;;
	esac
}

configs=
failed=0
for v in $variants; do
	echo "== $v"
	if [ "${MK_BENCH_NOBUILD:-0}" != 1 ]; then
		scripts/build-kernel.sh "$v" >"$out/logs/build-$v.log" 2>&1 ||
			{ echo "bench: kernel $v failed, see $out/logs/build-$v.log"; failed=1; continue; }
	fi
	{ scripts/build-module.sh "$v" bench &&
	  scripts/mkinitramfs.sh "$v" "build/initramfs-bench-$v.cpio"; } \
		>>"$out/logs/build-$v.log" 2>&1 ||
		{ echo "bench: module or initramfs $v failed, see $out/logs/build-$v.log"; failed=1; continue; }
	cp "build/out/$v/.config" "$out/configs/$v.config"
	frags=$(fragments_of "$v")
	configs="${configs:+$configs; }$v = $(echo "$frags" | sed 's/\([a-z_][a-z_-]*\)/configs\/\1.config/g; s/ / + /g')"
	for boot in $(boots_of "$v"); do
		secs=$(sections_of "$boot" "$v")
		[ -n "$secs" ] || continue
		qemu= n=$iters extra=
		case $boot in
		icount*) qemu="-icount shift=0 -smp 1" ;;
		wall) n=$wall_iters ;;
		esac
		case $boot in
		icount-nokmem) extra="cgroup.memory=nokmem" ;;
		icount-optout) extra="memcg_kmem.default=optout" ;;
		esac
		# The past section runs the workload the patched kernel derived
		# from its threshold on vanilla too.
		past=$(sed -n 's/.*BENCH past_stat stat=\([0-9]*\).*/\1/p' \
			"$out/logs/${v#vanilla-}-$boot.log" 2>/dev/null | head -1)
		case $v in vanilla-*) [ -n "$past" ] && extra="$extra mk.bench_past=$past" ;; esac
		echo "   boot $boot: $secs"
		# shellcheck disable=SC2086
		QEMU_EXTRA=$qemu scripts/run-guest.sh "build/out/$v/arch/x86/boot/bzImage" \
			"build/initramfs-bench-$v.cpio" "$out/logs/$v-$boot.log" \
			mk.mode=bench mk.bench="$secs" mk.bench_iters="$n" \
			mk.bench_first="$first" quiet $extra ${MK_BENCH_ARGS:-} || failed=1
	done
done

{
	echo "date=$(date -u '+%Y-%m-%d %H:%M')"
	echo "commit=$(git rev-parse HEAD)$(case $commit in *-dirty) echo ' (with uncommitted changes)' ;; esac)"
	kernels=
	has61=$(for v in $variants; do case $v in *-6.12) ;; *) echo y ;; esac; done | head -1)
	has612=$(for v in $variants; do case $v in *-6.12) echo y ;; esac; done | head -1)
	for k in ${has61:+6.1} ${has612:+6.12}; do
		case $k in
		6.1) src=build/linux sfile=patches/series ;;
		6.12) src=build/linux-6.12 sfile=patches/6.12/series ;;
		esac
		kernels="${kernels:+$kernels; }Linux $(make -s -C $src kernelversion 2>/dev/null) from Debian linux-source-$k $(dpkg-query -W -f='${Version}' linux-source-$k 2>/dev/null), patched with the $(grep -c '^[0-9]' $sfile) patches of $sfile"
	done
	echo "kernel=$kernels"
	echo "configs=$configs"
	echo "qemu=$(qemu-system-x86_64 --version | head -1)"
	echo "host=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) CPUs"
	echo "iters=$iters"
	echo "wall_iters=$wall_iters"
	echo "first=$first"
} >"$out/meta.txt"
mkdir -p "$out/configs/fragments"
cp configs/*.config "$out/configs/fragments/"
python3 scripts/bench-report.py "$out" || failed=1
echo
sed -n '/^## /,/^### nocg/p' "$out/results.md" | grep -v '^### nocg'
echo "bench: full tables in $out/results.md"
exit $failed
