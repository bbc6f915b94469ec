#!/bin/sh
# t-v2-mainline.sh - cgroup v2: mainline's own memory-controller selftests
# (tools/testing/selftests/cgroup: test_kmem and test_memcontrol, built
# from the tree, which the series does not change) on this kernel.
#
# The tests that pass reliably on the vanilla kernel built with the
# project's config, in these TCG guests (README, "Mainline's selftests"),
# must pass here too: one TEST line each, mainline-NAME. The others fail or
# flake on vanilla in TCG as well; their results are printed on an INFO
# line, not judged. The lists differ by kernel: 6.12's test_memcontrol has
# test_memcg_current_peak for 6.1's test_memcg_current, and its
# test_percpu_basic fails on vanilla 6.12 as with the series (every boot).
. /tests/lib.sh

case $(uname -r) in
6.12.*)
	MUST="test_kmem_proc_kpagecgroup test_kmem_kernel_stacks
	      test_kmem_dead_cgroups test_memcg_subtree_control
	      test_memcg_current_peak test_memcg_high test_memcg_reclaim" ;;
*)
	MUST="test_kmem_proc_kpagecgroup test_kmem_kernel_stacks
	      test_kmem_dead_cgroups test_percpu_basic test_memcg_subtree_control
	      test_memcg_current test_memcg_high test_memcg_reclaim" ;;
esac
OUT=/tmp/mainline-selftests.out

# Their page cache goes in files in the cwd: on a disk file system it can
# be reclaimed (on tmpfs, with no swap, it cannot).
DIR=/mnt/mainline
ext2_setup "$DIR" 256 || DIR=/tmp
: > "$OUT"
for prog in test_kmem test_memcontrol; do
	if [ ! -x "/bin/$prog" ]; then
		echo "not ok 0 $prog: not in the initramfs" >> "$OUT"
		continue
	fi
	# They make their cgroups under the root.
	( cd "$DIR" && timeout 900 "/bin/$prog" ) >> "$OUT" 2>&1 ||
		echo "# $prog exited with $?" >> "$OUT"
done
[ "$DIR" = /tmp ] || ext2_teardown "$DIR"

for t in $MUST; do
	if grep -Eq "^ok [0-9]+ $t\$" "$OUT"; then
		t_pass "mainline-$t"
	else
		got=$(grep -E "(^| )$t\$|^not ok 0 " "$OUT" | head -1)
		t_fail "mainline-$t" "${got:-no result} (vanilla passes it)"
	fi
done
others=$(grep -E "^(not )?ok [0-9]+ " "$OUT" | while read -r line; do
	name=${line##* }
	case " $(echo $MUST) " in *" $name "*) continue ;; esac
	case $line in "not ok"*) echo "$name:FAIL" ;; *SKIP*) echo "$name:SKIP" ;;
		      *) echo "$name:PASS" ;; esac
done | tr '\n' ' ')
echo "INFO mainline-others (not judged: they fail or flake on vanilla in TCG) $others"
