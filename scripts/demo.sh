#!/bin/bash
# demo.sh <variant>: the host side of `make demo`. Boots the patched kernel
# with the demo initramfs (tests/guest/demo.sh runs a dentry/inode workload
# in one of two cgroups), shows what the guest printed, then sums it up.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <variant>" >&2; exit 2; }
variant=$1
top=$(cd "$(dirname "$0")/.." && pwd)
log=$top/build/logs/demo-$variant.log
echo "Booting the patched $variant kernel in QEMU (TCG); the guest log goes to ${log#"$top"/}"
if ! "$top/scripts/run-guest.sh" "$top/build/out/$variant/arch/x86/boot/bzImage" \
	"$top/build/initramfs-$variant.cpio" "$log" mk.mode=demo quiet; then
	tail -40 "$log"
	exit 1
fi
echo
tr -d '\r' <"$log" | sed -n '/GUEST: kernel/,/^DEMO-DONE/p' | grep -v "^DEMO \|^DEMO-DONE\|GUEST:"

echo "== Summary (host) =="
tr -d '\r' <"$log" | awk '
/^DEMO [a-z]+ current=/ {
	cg = $2
	for (i = 3; i <= NF; i++) { split($i, kv, "="); v[cg, kv[1]] = kv[2] }
	cgs[n++] = cg
}
/^DEMO [a-z]+ cache=/ {
	split($3, c, "="); split($7, by, "=")
	if (by[2] > top_bytes[$2]) { top_bytes[$2] = by[2]; top_cache[$2] = c[2] }
}
END {
	if (n == 0) { print "no DEMO lines in the guest log"; exit 1 }
	for (i = 0; i < n; i++) {
		cg = cgs[i]
		printf "%-5s kernel memory %6.1f MiB, slab %6.1f MiB in %d per-cgroup caches",
			cg, v[cg, "kernel"] / 1048576, v[cg, "slab"] / 1048576, v[cg, "slabinfo_caches"]
		if (top_cache[cg] != "")
			printf " (largest: %s, %.1f MiB)", top_cache[cg], top_bytes[cg] / 1048576
		printf "\n"
	}
	b = cgs[0]
	printf "memory.stat slab of %s: %d bytes; sum of its memory.kmem.slabinfo slabs: %d bytes%s\n",
		b, v[b, "slab"], v[b, "slabinfo_bytes"],
		v[b, "slab"] == v[b, "slabinfo_bytes"] ? " (every byte is in one of its child caches)" : ""
	print "The workload ran in busy only: its dentries and inodes were allocated from"
	print "busy'"'"'s own child caches, whose slab pages were charged to busy page by page;"
	print "idle, its sibling, was charged nothing."
}'
