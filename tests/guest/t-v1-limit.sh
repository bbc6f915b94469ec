#!/bin/sh
# t-v1-limit.sh - cgroup v1: memory.kmem.limit_in_bytes is enforced again
# (6.1 ignores writes), with usage_in_bytes, max_usage_in_bytes, failcnt.
#   v1-kmem-limit:     a cache with no shrinker fails cleanly at the limit;
#                      failcnt counts, max_usage stays under the limit
#   v1-kmem-reclaim:   a cache registered with a shrinker is reclaimed
#   v1-kmem-input:     bad values give an errno and change nothing; a limit
#                      below what can be reclaimed is refused with EBUSY
. /tests/lib.sh

P=$CGROOT/mk
MB=1048576
UNLIMITED=9223372036854771712
mk_load || { t_fail v1-kmem "no test module"; exit 0; }
cg_rmdir "$P"
cg_mk "$P" || { t_fail v1-kmem "cannot create $P"; exit 0; }

klim() { cat "$1/memory.kmem.limit_in_bytes"; }

t_begin v1-kmem-limit
A=$P/a
mkdir "$A"
t_true "limit starts unlimited" [ "$(klim "$A")" = $UNLIMITED ]
limit=$(( ($(kmemcur "$A") + MB) / 4096 * 4096 ))
try=$(try_write "$A/memory.kmem.limit_in_bytes" "$limit")
t_true "limit accepted ($try)" [ -z "$try" ]
t_true "limit reads back" [ "$(klim "$A")" = "$limit" ]
mk_cmd "$A" "alloc 100000" 2>/dev/null && t_failed "alloc past the limit succeeded"
got=$(mk_count objects)
t_ge "objects before the limit" "$got" 1
t_le "kmem.usage_in_bytes" "$(kmemcur "$A")" "$limit"
t_le "kmem.max_usage_in_bytes" "$(cat "$A/memory.kmem.max_usage_in_bytes")" "$limit"
t_ge "kmem.failcnt" "$(cat "$A/memory.kmem.failcnt")" 1
echo -1 > "$A/memory.kmem.limit_in_bytes" || t_failed "-1 refused"
t_true "-1 is unlimited" [ "$(klim "$A")" = $UNLIMITED ]
mk_cmd "$A" "alloc 4000" || t_failed "alloc after lifting the limit failed"
t_end "failed after $got objects; failcnt $(cat "$A/memory.kmem.failcnt")"
mk_cmd "$A" free
cg_rmdir "$A"

t_begin v1-kmem-reclaim
R=$P/r
mkdir "$R"
mk_warm "$R" || t_failed "no child caches"
shrunk0=$(mk_count shrunk)
limit=$(( ($(kmemcur "$R") + 2 * MB) / 4096 * 4096 ))
echo "$limit" > "$R/memory.kmem.limit_in_bytes" || t_failed "limit refused"
mk_cmd "$R" "ralloc 20000" || t_failed "ralloc 20000 failed"
shrunk=$(( $(mk_count shrunk) - shrunk0 ))
t_ge "objects shrunk" "$shrunk" 1
t_le "kmem.usage_in_bytes" "$(kmemcur "$R")" "$limit"
t_end "shrunk=$shrunk; failcnt $(cat "$R/memory.kmem.failcnt")"
mk_cmd "$R" free
cg_rmdir "$R"

t_begin v1-kmem-input
B=$P/b
mkdir "$B"
echo 8M > "$B/memory.kmem.limit_in_bytes" || t_failed "8M refused"
t_true "8M reads back" [ "$(klim "$B")" = $((8 * MB)) ]
# Each value must fail with the errno's text and leave the limit at 8M.
bad_writes "$B/memory.kmem.limit_in_bytes" klim "$B" <<'EOF'
|Invalid argument
garbage|Invalid argument
-2|Invalid argument
max|Invalid argument
1.5M|Invalid argument
16E|Numerical result out of range
18446744073709551616|Numerical result out of range
EOF
# Below what nothing can reclaim: refused, the old limit stays.
mk_cmd "$B" "alloc 2000"
got=$(try_write "$B/memory.kmem.limit_in_bytes" 65536)
t_true "limit below the usage: EBUSY (got '$got')" [ "$got" = "Device or resource busy" ]
t_true "old limit kept" [ "$(klim "$B")" = $((8 * MB)) ]
got=$(try_write "$CGROOT/memory.kmem.limit_in_bytes" 8M)
t_true "root refuses a limit (got '$got')" [ "$got" = "Invalid argument" ]
t_end "limit kept at every refused value"
mk_cmd "$B" free
cg_rmdir "$B"

cg_rmdir "$P"
