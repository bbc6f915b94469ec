#!/bin/sh
# build-module.sh <variant> [test|bench]: build an out-of-tree module against
# the kernel built in build/out/<variant>, from a copy (the repo stays
# clean):
#   test   (default) tests/module, in build/modules/<variant>/; result
#          build/modules/<variant>/memcg_kmem_test.ko (patched kernels only)
#   bench  tests/bench, in build/modules/<variant>/bench/; result copied to
#          build/modules/<variant>/memcg_kmem_bench.ko (any kernel)
# The kernel source is build/vanilla for the vanilla-* variants, else
# build/linux; build/vanilla-6.12 and build/linux-6.12 for the -6.12 ones.
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 <variant> [test|bench]" >&2; exit 2; }
variant=$1
which=${2:-test}
top=$(cd "$(dirname "$0")/.." && pwd)
case $variant in
vanilla-*-6.12) src=$top/build/vanilla-6.12 ;;
*-6.12) src=$top/build/linux-6.12 ;;
vanilla-*) src=$top/build/vanilla ;;
*) src=$top/build/linux ;;
esac
obj=$top/build/out/$variant
case $which in
test) moddir=$top/tests/module dst=$top/build/modules/$variant ko=memcg_kmem_test.ko ;;
bench) moddir=$top/tests/bench dst=$top/build/modules/$variant/bench ko=memcg_kmem_bench.ko ;;
*) echo "$0: unknown module $which" >&2; exit 2 ;;
esac
[ -f "$obj/vmlinux" ] || { echo "$0: $obj has no built kernel" >&2; exit 1; }
# The kernel is built without `make modules`, so there may be no
# Module.symvers: resolve symbols against vmlinux.symvers instead.
extra=
[ -f "$obj/Module.symvers" ] || extra=KBUILD_EXTRA_SYMBOLS=$obj/vmlinux.symvers
mkdir -p "$dst"
cp "$moddir"/Kbuild "$moddir"/*.c "$dst"/
make -s -C "$src" O="$obj" M="$dst" $extra modules
if [ "$which" = bench ]; then
	cp "$dst/$ko" "$top/build/modules/$variant/$ko"
	dst=$top/build/modules/$variant
fi
ls -l "$dst/$ko"
