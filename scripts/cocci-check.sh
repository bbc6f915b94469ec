#!/bin/bash
# cocci-check.sh [dir...]: run every coccinelle/*.cocci script in report
# mode over the patched tree (build/linux) and write
# build/coccicheck/report.txt: counts per script and top-level directory,
# elapsed time per script, then every finding. Raw spatch output per script
# goes to build/coccicheck/<script>.out (stderr: <script>.err).
# Default directories: fs mm kernel net ipc.
# Environment: OUT (default build/coccicheck), JOBS (spatch -j, default 2), TIMEOUT (seconds per file,
# default 60), TREE (default build/linux).
cd "$(dirname "$0")/.." || exit 1
top=$PWD
tree=${TREE:-build/linux}
jobs=${JOBS:-2}
timeout=${TIMEOUT:-60}
out=${OUT:-$top/build/coccicheck}
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(fs mm kernel net ipc)

command -v spatch >/dev/null || { echo "$0: spatch not installed" >&2; exit 1; }
[ -d "$tree/mm" ] || { echo "$0: no kernel tree in $tree (make tree)" >&2; exit 1; }
mkdir -p "$out"

start=$(date +%s)
declare -A secs
for sp in coccinelle/*.cocci; do
	script=$(basename "$sp" .cocci)
	opts=$(sed -n 's|^// Options: *||p' "$sp" | head -n 1)
	s0=$(date +%s)
	: >"$out/$script.out"
	: >"$out/$script.err"
	for d in "${dirs[@]}"; do
		(cd "$tree" && spatch --very-quiet $opts -j "$jobs" --chunksize 1 \
			--timeout "$timeout" --sp-file "$top/$sp" -D report \
			--dir "$d") >>"$out/$script.out" 2>>"$out/$script.err"
	done
	secs[$script]=$(( $(date +%s) - s0 ))
	echo "$script: ${secs[$script]}s, $(grep -cE '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$out/$script.out") findings"
done
elapsed=$(( $(date +%s) - start ))

{
	echo "coccicheck: coccinelle/*.cocci in report mode over $tree: ${dirs[*]}"
	echo "spatch $(spatch --version | head -n 1 | awk '{print $3}'), -j $jobs, --timeout $timeout; $(nproc) CPUs"
	echo "elapsed: ${elapsed}s"
	echo
	printf '%-22s' script
	for d in "${dirs[@]}"; do printf ' %7s' "$d"; done
	printf ' %7s %8s %8s\n' total timeouts seconds
	for sp in coccinelle/*.cocci; do
		script=$(basename "$sp" .cocci)
		f=$out/$script.out
		printf '%-22s' "$script"
		for d in "${dirs[@]}"; do
			printf ' %7d' "$(grep -cE "^$d/[^ ]*:[0-9]+:[0-9]+-[0-9]+: " "$f")"
		done
		printf ' %7d %8d %8d\n' \
			"$(grep -cE '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$f")" \
			"$(grep -ciE 'timeout|time out' "$out/$script.err")" \
			"${secs[$script]}"
	done
	for sp in coccinelle/*.cocci; do
		script=$(basename "$sp" .cocci)
		echo
		echo "== $script"
		grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$out/$script.out" | LC_ALL=C sort -t: -k1,1 -k2,2n
	done
} >"$out/report.txt"
sed -n '1,/^$/p;/^script /,/^$/p' "$out/report.txt" | head -n 12
echo "report: $out/report.txt"
echo "coccicheck elapsed: ${elapsed}s"
