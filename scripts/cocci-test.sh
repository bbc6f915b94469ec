#!/bin/bash
# cocci-test.sh: run the Coccinelle scripts in coccinelle/ on their test
# inputs in coccinelle/tests/<script>/ and compare with the expected output.
#
# A case is <case>.c, or a directory <case>/ whose .c files are checked
# together (spatch runs in the directory, on relative paths, so a file can
# be named like a kernel file, e.g. mm/memcontrol.c). Expected output:
#   <case>.report  report mode output, sorted (empty: nothing to report)
#   <case>.res     patch mode result (single-file cases; optional); when
#                  absent for a single file of a script with patch rules,
#                  patch mode must leave the file unchanged.
# Prints "TEST cocci:<script>:<case> PASS" or "... FAIL <why>" per case and
# "CHECKS-DONE" last (for scripts/summarize.sh). Exits 0 even on failures.
# COCCI_TEST_KEEP=1 keeps the work directory; COCCI_TEST_UPDATE=1 rewrites
# the expected files from the current output (review the diff!).
cd "$(dirname "$0")/.." || exit 0
top=$PWD
work=$(mktemp -d /tmp/cocci-test.XXXXXX)
[ -n "$COCCI_TEST_KEEP" ] || trap 'rm -rf "$work"' EXIT

result() {
	echo "TEST cocci:$1:$2 $3"
}

# The spatch options a script asks for in its "// Options:" header line.
options() {
	sed -n 's|^// Options: *||p' "$1" | head -n 1
}

if ! command -v spatch >/dev/null; then
	result all spatch "FAIL spatch not installed (apt-get install coccinelle)"
	echo CHECKS-DONE
	exit 0
fi

start=$(date +%s)
for sp in coccinelle/*.cocci; do
	script=$(basename "$sp" .cocci)
	tdir=coccinelle/tests/$script
	if [ ! -d "$tdir" ]; then
		result "$script" tests "FAIL no test directory $tdir"
		continue
	fi
	opts=$(options "$sp")
	has_patch=0
	grep -q '^@depends on patch' "$sp" && has_patch=1
	ncases=0
	for c in "$tdir"/*; do
		case $c in
		*.c) name=$(basename "$c" .c) ;;
		*.report|*.res) continue ;;
		*) [ -d "$c" ] || continue; name=$(basename "$c") ;;
		esac
		ncases=$((ncases + 1))
		out=$work/$script.$name
		why=
		if [ -z "$COCCI_TEST_UPDATE" ] && [ ! -e "$tdir/$name.report" ]; then
			result "$script" "$name" "FAIL no expected output $name.report"
			continue
		fi
		# Report mode.
		if [ -d "$c" ]; then
			files=$(cd "$c" && find . -name '*.c' | sed 's|^\./||' | sort)
			(cd "$c" && timeout 60 spatch --very-quiet $opts \
				--sp-file "$top/$sp" -D report $files) \
				>"$out.stdout" 2>"$out.stderr"
		else
			(cd "$tdir" && timeout 60 spatch --very-quiet $opts \
				--sp-file "$top/$sp" -D report "$name.c") \
				>"$out.stdout" 2>"$out.stderr"
		fi
		rc=$?
		grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$out.stdout" | LC_ALL=C sort >"$out.report"
		if [ $rc -ne 0 ]; then
			why="spatch report mode exited $rc: $(head -c 200 "$out.stderr" | tr '\n' ' ')"
		elif grep -qiE 'error|exception|traceback' "$out.stderr" "$out.stdout"; then
			why="spatch report mode: $(grep -iE -m1 'error|exception|traceback' "$out.stderr" "$out.stdout" | head -c 200)"
		elif [ -n "$COCCI_TEST_UPDATE" ]; then
			cp "$out.report" "$tdir/$name.report"
		elif ! cmp -s "$out.report" "$tdir/$name.report"; then
			d=$(diff "$tdir/$name.report" "$out.report" | grep -c '^[<>]')
			why="report differs from $name.report ($d lines; diff $tdir/$name.report against the output)"
			diff "$tdir/$name.report" "$out.report" >"$out.report.diff"
		fi
		# Patch mode (single files only).
		if [ -z "$why" ] && [ ! -d "$c" ] && [ $has_patch = 1 ]; then
			expect=$tdir/$name.res
			[ -e "$expect" ] || expect=$c
			(cd "$tdir" && timeout 60 spatch --very-quiet $opts \
				--sp-file "$top/$sp" -D patch "$name.c" -o "$out.res") \
				>"$out.patch.stdout" 2>"$out.patch.stderr"
			rc=$?
			[ -e "$out.res" ] || cp "$c" "$out.res"
			if [ $rc -ne 0 ]; then
				why="spatch patch mode exited $rc: $(head -c 200 "$out.patch.stderr" | tr '\n' ' ')"
			elif [ -n "$COCCI_TEST_UPDATE" ]; then
				if cmp -s "$out.res" "$c"; then
					rm -f "$tdir/$name.res"
				else
					cp "$out.res" "$tdir/$name.res"
				fi
			elif ! cmp -s "$out.res" "$expect"; then
				why="patch result differs from $(basename "$expect")"
			fi
		fi
		if [ -z "$why" ]; then
			result "$script" "$name" PASS
		else
			result "$script" "$name" "FAIL $why"
		fi
	done
	[ $ncases -gt 0 ] || result "$script" tests "FAIL no cases in $tdir"
done
echo "cocci-test: $(( $(date +%s) - start ))s"
echo CHECKS-DONE
exit 0
