#!/bin/sh
# summarize.sh <log>...: summarize guest serial logs: KUnit (KTAP, 6.1
# format) results per suite, the guest's "TEST <name> PASS|FAIL" lines, and
# as failures: a log without GUEST-DONE (or CHECKS-DONE for build and
# static-check logs) and kernel errors (BUG:, WARNING:,
# panic, Oops, KASAN, kmemleak leaks, lockdep splats).  A kmemleak report
# whose backtrace names a function of tests/kmemleak-known.txt (reports
# vanilla 6.1 shows too) is counted and printed as known, not failed.
# A WARNING: between the kernel log lines "mk: expected warnings begin" and
# "mk: expected warnings end" is one a test provokes and checks itself
# (t-any-unload.sh: a module that leaves objects in its caches); other
# errors count there too.
# Last line: "N passed, N failed"; exit status 1 if anything failed.
[ $# -ge 1 ] || { echo "usage: $0 <log>..." >&2; exit 2; }
for f; do
	[ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done

known=$(cd "$(dirname "$0")/.." && pwd)/tests/kmemleak-known.txt
awk -v known_file="$known" '
# A kmemleak report: "unreferenced object 0x..." and its indented lines.
function end_leak() {
	if (leak_first == "")
		return
	if (leak_known)
		nknown[log_name]++
	else if (hit[5] == "")
		hit[5] = leak_first
	leak_first = ""
}
function finish_log(   s, k) {
	end_leak()
	if (log_name == "")
		return
	# A suite that started but never reported is a failure.
	if (cur_suite != "") {
		fail_item(log_name ": KUnit suite " cur_base " did not finish")
		cur_suite = ""
	}
	for (k = 0; k < npat; k++)
		if (hit[k] != "")
			fail_item(log_name ": kernel log: " hit[k])
	if (!done)
		fail_item(log_name ": no GUEST-DONE (guest crashed, hung or timed out)")
	if (nknown[log_name])
		notes[nnotes++] = log_name ": " nknown[log_name] \
			" kmemleak reports known from vanilla 6.1 (tests/kmemleak-known.txt)"
	if (tp + tf > 0) {
		n = split(log_name, parts, "/")
		printf "%-44s %4d passed, %4d failed\n", "tests in " parts[n], tp, tf
		passed += tp; failed += tf
	}
}
function fail_item(what) {
	failed++
	fails[nfails++] = what
}
function start_log() {
	finish_log()
	log_name = FILENAME
	nt = split(FILENAME, tparts, "/")
	tag = multi ? " [" tparts[nt] "]" : ""
	done = 0; cur_suite = ""; tp = tf = 0; expected_warn = 0
	for (k = 0; k < npat; k++)
		hit[k] = ""
}
BEGIN {
	pat[0] = "BUG:"; pat[1] = "WARNING:"; pat[2] = "Kernel panic"
	pat[3] = "Oops"; pat[4] = "KASAN"
	# pat[5]: kmemleak reports, matched by the report rules below.
	pat[5] = "^$"
	pat[6] = "possible circular locking"; pat[7] = "inconsistent lock state"
	npat = 8
	multi = ARGC > 2
	while ((getline kl < known_file) > 0)
		if (kl !~ /^#/ && kl != "")
			known_fn[nknown_fn++] = kl
}
FNR == 1 { start_log() }
{
	sub(/\r+$/, "")
	line = $0
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "", line)
}
/(GUEST|CHECKS)-DONE/ { done = 1 }
line ~ /^mk: expected warnings begin$/ { expected_warn = 1 }
line ~ /^mk: expected warnings end$/ { expected_warn = 0 }
leak_first != "" && line !~ /^ / { end_leak() }
line ~ /^unreferenced object 0x/ { leak_first = line; leak_known = 0; next }
leak_first != "" {
	for (k = 0; k < nknown_fn; k++)
		if (index(line, "] " known_fn[k] "+"))
			leak_known = 1
	next
}
{
	for (k = 0; k < npat; k++)
		if (k != 5 && hit[k] == "" && line ~ pat[k] && line !~ /^TEST / &&
		    !(k == 1 && expected_warn))
			hit[k] = line
}
# Guest test results.
line ~ /^TEST [^ ]+ PASS/ { tp++; next }
line ~ /^TEST [^ ]+ FAIL/ {
	tf++
	fails[nfails++] = log_name ": " line
	next
}
# KUnit: "    # Subtest: suite" opens a suite (6.1 indents it by 4).
line ~ /^    # Subtest: / {
	cur_suite = line; sub(/^    # Subtest: /, "", cur_suite)
	cur_base = cur_suite
	cur_suite = cur_suite tag
	sp[cur_suite] += 0; sf[cur_suite] += 0; sk[cur_suite] += 0
	if (!(cur_suite in seen)) { seen[cur_suite] = 1; order[nsuites++] = cur_suite }
	ncases = 0
	next
}
# Test cases: exactly 4 spaces of indent (deeper = parameterized cases).
line ~ /^    (not )?ok [0-9]+ / && cur_suite != "" {
	name = line; sub(/^    (not )?ok [0-9]+ (- )?/, "", name)
	ncases++
	if (line ~ /# SKIP/)
		sk[cur_suite]++
	else if (line ~ /^    not ok/) {
		sf[cur_suite]++; failed++
		fails[nfails++] = log_name ": KUnit " cur_base "." name
	} else {
		sp[cur_suite]++; passed++
	}
	next
}
# Suite result: unindented.
line ~ /^(not )?ok [0-9]+ / {
	name = line; sub(/^(not )?ok [0-9]+ (- )?/, "", name); sub(/ #.*/, "", name)
	base = name
	name = name tag
	if (!(name in seen)) { seen[name] = 1; order[nsuites++] = name; sp[name] = sf[name] = sk[name] = 0 }
	# A failed suite without failed cases (e.g. init failed) is one failure.
	if (line ~ /^not ok/ && sf[name] == 0 && line !~ /# SKIP/) {
		sf[name]++; failed++
		fails[nfails++] = log_name ": KUnit suite " base
	}
	if (name == cur_suite)
		cur_suite = ""
	next
}
END {
	finish_log()
	for (i = 0; i < nsuites; i++) {
		s = order[i]
		printf "%-44s %4d passed, %4d failed%s\n", "kunit " s, sp[s], sf[s], \
			sk[s] ? sprintf(", %d skipped", sk[s]) : ""
	}
	for (i = 0; i < nnotes; i++)
		print "NOTE: " notes[i]
	for (i = 0; i < nfails; i++)
		print "FAILED: " fails[i]
	printf "%d passed, %d failed\n", passed, failed
	exit failed > 0
}
' "$@"
