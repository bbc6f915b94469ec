#!/bin/sh
# mkinitramfs.sh <variant> <out.cpio>: build the guest initramfs (newc,
# uncompressed): static busybox, tests/guest/* in /tests, /init, the
# workload tools of tests/tools/, tools/cgroup/memcg_kmem_top and the
# tree's cgroup selftests test_kmem, test_memcontrol and test_memcg_kmem
# (static, in /bin),
# Debian's stress-ng and rt-tests' hackbench with the libraries
# they link (at their paths), and the variant's test and benchmark modules
# (build/modules/<variant>/) at /lib if they were built (vanilla kernels
# have no test module).
set -eu
[ $# -eq 2 ] || { echo "usage: $0 <variant> <out.cpio>" >&2; exit 2; }
variant=$1
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
busybox=${BUSYBOX:-/bin/busybox}
ko=$top/build/modules/$variant/memcg_kmem_test.ko
bench_ko=$top/build/modules/$variant/memcg_kmem_bench.ko

case $out in /*) ;; *) out=$(pwd)/$out ;; esac
mkdir -p "$top/build" "$(dirname "$out")"
staging=$(mktemp -d "$top/build/initramfs-staging.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cd "$staging"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp mnt lib tests
cp "$busybox" bin/busybox
ln -s busybox bin/sh
cp "$top"/tests/guest/* tests/
cp "$top"/tests/guest/init init
chmod 755 init bin/busybox
for src in "$top"/tests/tools/*.c; do
	gcc -static -O2 -Wall -o "bin/$(basename "$src" .c)" "$src"
done
# The administrator's tool of the series (tools/cgroup/ in the tree), for
# t-v2-kmemtop.sh; built for every variant, vanilla included.
gcc -static -O2 -Wall -Wextra -o bin/memcg_kmem_top \
	"$top/tools/cgroup/memcg_kmem_top.c"
# The tree's memcg selftests: mainline's (unchanged by the series, from
# build/linux for vanilla kernels too) and the series' test_memcg_kmem.
# Unbuffered, as their output goes to a file (tests/selftests-unbuffered.h).
# Static glibc warns that getaddrinfo() needs its shared libraries at run
# time: test_memcg_sock does not resolve names. MK_SELFTESTS_TREE names
# another tree to build them from (e.g. a worktree at an earlier posting);
# the -6.12 variants take them from build/linux-6.12.
case $variant in
*-6.12) tree=$top/build/linux-6.12 ;;
*) tree=$top/build/linux ;;
esac
st=${MK_SELFTESTS_TREE:-$tree}/tools/testing/selftests/cgroup
for prog in test_kmem test_memcontrol test_memcg_kmem; do
	src=$st/$prog.c
	[ -f "$src" ] || src=$top/tools/testing/selftests/cgroup/$prog.c
	gcc -static -O2 -pthread -include "$top/tests/selftests-unbuffered.h" \
		-I"$st" -I"$st/.." -o "bin/$prog" "$src" "$st/cgroup_util.c" \
		>"$staging/gcc.log" 2>&1 ||
		{ cat "$staging/gcc.log" >&2; exit 1; }
done
rm -f "$staging/gcc.log"
# Third-party workloads (make deps installs them): copy_dynamic BINARY
# NAME copies BINARY to /usr/bin/NAME, with the loader and the shared
# libraries ldd names, at the same paths.
copy_dynamic() {
	[ -x "$1" ] || { echo "$0: no $1 (make deps)" >&2; exit 1; }
	mkdir -p usr/bin
	cp "$1" "usr/bin/$2"
	for lib in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
				     $1 ~ /^\// { print $1 }'); do
		mkdir -p ".$(dirname "$lib")"
		cp -L "$lib" ".$lib"
	done
}
copy_dynamic "${STRESS_NG:-/usr/bin/stress-ng}" stress-ng
copy_dynamic "${HACKBENCH:-/usr/bin/hackbench}" hackbench
# The kernel opens /dev/console before /init runs (devtmpfs is not yet
# mounted then); the node needs root, which these machines are.
mknod -m 600 dev/console c 5 1
mknod -m 666 dev/null c 1 3
if [ -f "$ko" ]; then
	cp "$ko" lib/
else
	echo "$0: note: no $ko, initramfs without the test module" >&2
fi
[ -f "$bench_ko" ] && cp "$bench_ko" lib/
find . | LC_ALL=C sort | cpio -o -H newc --quiet > "$out"
echo "$out: $(wc -c < "$out") bytes"
