#!/bin/sh
# build-module.sh <variant>: build tests/module against the kernel built in
# build/out/<variant>, from a copy in build/modules/<variant>/ (the repo
# stays clean).  Result: build/modules/<variant>/memcg_kmem_test.ko
set -eu
[ $# -eq 1 ] || { echo "usage: $0 <variant>" >&2; exit 2; }
variant=$1
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux
obj=$top/build/out/$variant
dst=$top/build/modules/$variant
[ -f "$obj/vmlinux" ] || { echo "$0: $obj has no built kernel" >&2; exit 1; }
# The kernel is built without `make modules`, so there may be no
# Module.symvers: resolve symbols against vmlinux.symvers instead.
extra=
[ -f "$obj/Module.symvers" ] || extra=KBUILD_EXTRA_SYMBOLS=$obj/vmlinux.symvers
mkdir -p "$dst"
cp "$top"/tests/module/Kbuild "$top"/tests/module/*.c "$dst"/
make -s -C "$src" O="$obj" M="$dst" $extra modules
ls -l "$dst/memcg_kmem_test.ko"
