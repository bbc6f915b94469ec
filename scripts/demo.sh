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
		printf "%-5s kernel memory %6.1f MiB, slab %6.1f MiB: %d child caches, %d caches per object",
			cg, v[cg, "kernel"] / 1048576, v[cg, "slab"] / 1048576, v[cg, "slabinfo_caches"],
			v[cg, "slabinfo_objects"]
		if (top_cache[cg] != "")
			printf " (largest: %s, %.1f MiB)", top_cache[cg], top_bytes[cg] / 1048576
		printf "\n"
	}
	b = cgs[0]
	for (i = 0; i < n; i++) {
		cg = cgs[i]
		if (v[cg, "slab"] == 0 && v[cg, "slabinfo_bytes"] == 0)
			continue
		d = v[cg, "slab"] - v[cg, "slabinfo_bytes"]
		printf "memory.stat slab of %s: %d bytes; memory.kmem.slabinfo: %d bytes (%+d, %.2f%%)\n",
			cg, v[cg, "slab"], v[cg, "slabinfo_bytes"], -d,
			v[cg, "slab"] ? 100 * (d < 0 ? -d : d) / v[cg, "slab"] : 0
	}
	print "busy held many dentries and inodes: most were allocated from its own child"
	print "caches, whose slab pages are charged to it page by page; the objects it"
	print "allocated before each child existed stay charged per object. small held a"
	print "few: charged per object from the shared caches, no child cache. idle, their"
	print "sibling, was charged nothing. memory.stat lags by what each CPU has not"
	print "flushed yet."
}'
