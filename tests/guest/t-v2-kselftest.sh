#!/bin/sh
# t-v2-kselftest.sh - cgroup v2: the series' own kselftest,
# tools/testing/selftests/cgroup/test_memcg_kmem.c (static, /bin/test_memcg_kmem):
# the memory.kmem.* files, memory.kmem.max input, kmem.current, slabinfo,
# the limit at work, memory.kmem.cache_policy.
#
# One TEST line per selftest, kselftest-NAME: "ok N NAME" passes; "not ok N
# NAME" fails, with the program's "# ..." lines before it; "ok N # SKIP
# NAME" fails too, as this kernel has the feature. A selftest of the list
# that reports nothing fails, and so do a missing binary and a non-zero
# exit status (kselftest-exit).
. /tests/lib.sh

PROG=/bin/test_memcg_kmem
OUT=/tmp/kselftest.out
TESTS="test_memcg_kmem_files test_memcg_kmem_max_input test_memcg_kmem_current
       test_memcg_kmem_slabinfo test_memcg_kmem_limit test_memcg_kmem_cache_policy"

if [ ! -x "$PROG" ]; then
	t_fail kselftest "no $PROG in the initramfs"
	exit 0
fi
# It makes its cgroups under the root and its tmpfs directories in /tmp.
( cd /tmp && timeout 900 "$PROG" ) > "$OUT" 2>&1
rc=$?

# The raw TAP lines stay in $OUT: unindented "ok N" lines in the console
# log would read as KUnit suites to scripts/summarize.sh.
results=$(awk '
/^# / { msg = msg (msg == "" ? "" : "; ") substr($0, 3); next }
/^1\.\.0 # SKIP/ { print "kselftest FAIL skipped as a whole: " substr($0, 13); next }
/^Bail out!/ { print "kselftest FAIL " $0; next }
/^(not )?ok [0-9]+ / {
	name = $0
	sub(/^(not )?ok [0-9]+ (# SKIP )?/, "", name)
	if ($0 ~ /^ok [0-9]+ # SKIP /)
		res = "FAIL skipped, but this kernel has the feature"
	else if ($0 ~ /^not ok/)
		res = "FAIL " (msg == "" ? "failed" : msg)
	else
		res = "PASS"
	print "kselftest-" name " " res
	msg = ""
}' "$OUT")
echo "$results" | while read -r line; do
	[ -n "$line" ] && echo "TEST $line"
done
for t in $TESTS; do
	echo "$results" | grep -q "^kselftest-$t " ||
		t_fail "kselftest-$t" "no result"
done
if [ "$rc" = 0 ]; then
	t_pass kselftest-exit
else
	t_fail kselftest-exit "$PROG exited with $rc"
fi
# On any failure, the program's output, prefixed (see above).
if [ "$rc" != 0 ] || echo "$results" | grep -q " FAIL"; then
	while IFS= read -r line; do
		log "$line"
	done < "$OUT"
fi
