#!/bin/sh
# run-guest.sh <bzImage> <initramfs> <logfile> [extra kernel args...]:
# boot the guest in QEMU (TCG, 1G, 2 CPUs), serial console to <logfile>;
# kill QEMU after $GUEST_TIMEOUT s (default 600).  Exit 0 only if the log
# has GUEST-DONE or DEMO-DONE.  $QEMU_EXTRA (default empty) adds QEMU
# options, e.g. "-icount shift=0" for the benchmarks.
set -u
[ $# -ge 3 ] || {
	echo "usage: $0 <bzImage> <initramfs> <logfile> [kernel args...]" >&2
	exit 2
}
kernel=$1 initrd=$2 logfile=$3
shift 3
timeout=${GUEST_TIMEOUT:-600}
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "$0: no such file: $f" >&2; exit 2; }
done
mkdir -p "$(dirname "$logfile")"

# timeout(1) kills a guest that hangs (exit status 124).
# shellcheck disable=SC2086
timeout -k 10 "$timeout" qemu-system-x86_64 -accel tcg -m 1G -smp 2 \
	${QEMU_EXTRA:-} -nographic -no-reboot -kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 $*" \
	</dev/null >"$logfile" 2>&1
rc=$?
[ $rc -eq 124 ] && echo "run-guest: killed QEMU after ${timeout}s" >>"$logfile"

if grep -q -E '(GUEST|DEMO)-DONE' "$logfile"; then
	exit 0
fi
echo "$0: guest did not finish (qemu exit $rc), see $logfile" >&2
exit 1
