#!/bin/sh
# t-v2-policy.sh - cgroup v2: the per-cache accounting policy, under either
# default (optin, our Kconfig; optout, the opt-out boot of test.sh, which
# also passes memcg_kmem.noaccount=memcg_kmem_test_boot). Charges are
# memory.current deltas of fresh cgroups, N objects of 512 bytes.
#   v2-policy-table:   memory.kmem.cache_policy is in the root only, well
#                      formed, lists every root cache of /proc/slabinfo once,
#                      and gives the test module's caches the state and
#                      source the precedence rules give them
#   v2-policy-params:  the memcg_kmem.* parameters are read-only and hold
#                      what the kernel command line set
#   v2-policy-default: an unmarked cache and kmalloc(GFP_KERNEL) are
#                      charged under optout only, SLAB_ACCOUNT under both
#   v2-policy-marks:   SLAB_NOACCOUNT and __GFP_NOACCOUNT are not charged,
#                      __GFP_ACCOUNT on a SLAB_NOACCOUNT cache and the
#                      Kconfig list's cache are
#   v2-policy-boot:    memcg_kmem.noaccount= unaccounts a SLAB_ACCOUNT cache
#   v2-policy-runtime: on, off and default at run time: new allocations
#                      follow, charged objects are uncharged when freed,
#                      switching back and forth under load loses no charge
#   v2-policy-input:   bad writes fail with EINVAL, ENOENT or EPERM and
#                      leave the table as it was
#   v2-policy-root:    with memcg_kmem.track_root=1 (the opt-out boot) the
#                      root cgroup's allocations get child caches of the
#                      root cgroup, listed in its memory.kmem.slabinfo;
#                      without it, none
. /tests/lib.sh

P=$CGROOT/mk-policy
N=2000
NEED=$((N * MK_OBJ_SIZE))
KN=4000				# kmalloc-plain: 4000 x 256 B, as much as N objects
KNEED=$((KN * 256))
FREE_TOL=131072			# back to within this of the baseline after free
CACHED_MAX=524288		# what the cgroup's caches may keep after a free
PLAIN=memcg_kmem_test_plain
DEFAULT=$(cat "$MK_PARAMS/default" 2>/dev/null)
BOOT_ACC=$(cat "$MK_PARAMS/account" 2>/dev/null)
BOOT_NOACC=$(cat "$MK_PARAMS/noaccount" 2>/dev/null)
TRACK_ROOT=$(cat "$MK_PARAMS/track_root" 2>/dev/null)

mk_load || { t_fail v2-policy "cannot load $MK_MODULE"; exit 0; }
echo free > "$MK_CMD"
cg_rmdir "$P"
cg_mk "$P" || { t_fail v2-policy "cannot create $P"; exit 0; }
log "default '$DEFAULT', account '$BOOT_ACC', noaccount '$BOOT_NOACC'"

# want_policy CACHE FLAG: the "STATE SOURCE" the precedence rules give a
# cache of the test module made with FLAG (account, noaccount or none),
# with no run-time setting. Our Kconfig list holds memcg_kmem_test_kconfig.
want_policy() {
	if in_list "$1" "$BOOT_NOACC"; then
		echo "unaccounted boot"
	elif in_list "$1" "$BOOT_ACC"; then
		echo "accounted boot"
	elif [ "$1" = memcg_kmem_test_kconfig ]; then
		echo "accounted kconfig"
	elif [ "$2" = account ]; then
		echo "accounted flag"
	elif [ "$2" = noaccount ]; then
		echo "unaccounted flag"
	elif [ "$DEFAULT" = optout ]; then
		echo "accounted default"
	else
		echo "unaccounted default"
	fi
}

# fresh_charge NAME 'CMD': CHG = what CMD charges to a new cgroup $P/NAME;
# the module's objects are freed and the cgroup removed afterwards.
fresh_charge() {
	local c="$P/$1"
	CHG=
	mkdir "$c" || { t_failed "cannot create $c"; return 1; }
	CHG=$(mk_charge "$c" "$2") || t_failed "'$2' failed"
	mk_cmd "$c" free || t_failed "free after '$2' failed"
	cg_rmdir "$c"
	INFO="${INFO:+$INFO, }$2: +$CHG"
}

# expect_charge DESC STATE NEED: CHG is at least NEED if STATE is
# accounted, at most a quarter of it otherwise.
expect_charge() {
	if [ "$2" = accounted ]; then
		t_ge "$1 charged" "$CHG" "$3"
	else
		t_le "$1 not charged" "$CHG" $(($3 / 4))
	fi
}

# state_of CACHE FLAG: the STATE word of want_policy.
state_of() { want_policy "$1" "$2" | cut -d' ' -f1; }

# --- the table ------------------------------------------------------------
t_begin v2-policy-table
mkdir "$P/table"
t_true "$MK_POLICY exists" [ -f "$MK_POLICY" ]
t_true "a child has memory files" [ -f "$P/table/memory.current" ]
t_true "no memory.kmem.cache_policy in a child" \
	[ ! -e "$P/table/memory.kmem.cache_policy" ]
rmdir "$P/table"
bad=$(awk '
	!/^[^[:space:]]+ [^[:space:]]+ [^[:space:]]+ (auto|always|never) (default|boot|runtime) [1-9][0-9]*$/ { print "format: " $0; next }
	$2 !~ /^(accounted|unaccounted|refused)$/ { print "state: " $0; next }
	$3 !~ /^(runtime|boot|kconfig|flag|default)$/ {
		print "source: " $0; next
	}
	# Only SLAB_NEVER_ACCOUNT refuses a cache.
	$2 == "refused" && $3 != "flag" { print "refused not by flag: " $0; next }
	$3 == "runtime" { print "run-time setting at boot: " $0 }
' "$MK_POLICY" | head -3)
t_true "bad lines: $bad" [ -z "$bad" ]
lines=$(wc -l < "$MK_POLICY")
t_ge "lines" "$lines" 20
# Their creators mark them SLAB_NEVER_ACCOUNT (kmem_cache_node: SLUB only;
# kmemleak's and debugobjects' caches: debug kernels only).
t_true "kmem_cache refused flag" [ "$(policy_of kmem_cache)" = "refused flag" ]
for c in kmem_cache_node kmemleak_object kmemleak_scan_area \
	 debug_objects_cache; do
	policy_of $c >/dev/null || continue
	t_true "$c refused flag" [ "$(policy_of $c)" = "refused flag" ]
done
t_le "refused caches" "$(awk '$2 == "refused"' "$MK_POLICY" | wc -l)" 5
while read -r c flag; do
	want=$(want_policy "$c" "$flag")
	got=$(policy_of "$c")
	t_true "$c: '$got', want '$want'" [ "$got" = "$want" ]
done <<'EOF'
memcg_kmem_test account
memcg_kmem_test_reclaimable account
memcg_kmem_test_plain none
memcg_kmem_test_noaccount noaccount
memcg_kmem_test_kconfig none
memcg_kmem_test_boot account
EOF
# One line per root cache: the caches of /proc/slabinfo, less the
# per-cgroup children ("name(id:cgroup)"). Prints NAME:COUNT for names
# listed COUNT more times there than in the table.
if [ -r /proc/slabinfo ]; then
	diff=$(awk 'NR == FNR {
		if (FNR > 2 && $1 !~ /\([0-9]+:.*\)$/)
			n[$1]++
		next
	}
	{ n[$1]-- }
	END { for (c in n) if (n[c]) printf "%s:%d ", c, n[c] }' \
		/proc/slabinfo "$MK_POLICY")
	t_true "same caches as /proc/slabinfo: $(shorten "$diff")" \
		[ -z "$diff" ]
fi
t_end "$lines caches, default $DEFAULT;" \
	"$(grep "^memcg_kmem_test" "$MK_POLICY" | tr '\n' ';')"

# --- the parameters -------------------------------------------------------
t_begin v2-policy-params
for f in default account noaccount track_root; do
	t_true "$MK_PARAMS/$f exists" [ -f "$MK_PARAMS/$f" ]
	mode=$(stat -c %a "$MK_PARAMS/$f" 2>/dev/null)
	t_true "$f mode 0444, not $mode" [ "$mode" = 444 ]
	# A value that would change something.
	if [ $f = track_root ]; then
		value=1
	elif [ $f != default ]; then
		value=$PLAIN
	elif [ "$DEFAULT" = optout ]; then
		value=optin
	else
		value=optout
	fi
	bad_write "$MK_PARAMS/$f" "$value" "Permission denied" \
		cat "$MK_PARAMS/$f"
done
case $DEFAULT in
optin|optout) ;;
*) t_failed "default '$DEFAULT' is neither optin nor optout" ;;
esac
want=$(cmdline_arg memcg_kmem.default)
case $want in
optin|optout) ;;
*) want=$MK_KCONFIG_DEFAULT ;;
esac
t_true "default '$DEFAULT', want '$want'" [ "$DEFAULT" = "$want" ]
# The boots that run this test give valid lists, or none.
want=$(cmdline_arg memcg_kmem.account)
t_true "account '$BOOT_ACC', want '$want'" [ "$BOOT_ACC" = "$want" ]
want=$(cmdline_arg memcg_kmem.noaccount)
t_true "noaccount '$BOOT_NOACC', want '$want'" [ "$BOOT_NOACC" = "$want" ]
case $(cmdline_arg memcg_kmem.track_root) in
1|y|Y) want=Y ;;
*) want=N ;;
esac
t_true "track_root '$TRACK_ROOT', want '$want'" [ "$TRACK_ROOT" = "$want" ]
t_end "default=$DEFAULT account=$BOOT_ACC noaccount=$BOOT_NOACC" \
	"track_root=$TRACK_ROOT"

# --- the default policy ---------------------------------------------------
t_begin v2-policy-default
INFO=
state=$(state_of $PLAIN none)
fresh_charge plain "calloc plain $N"
expect_charge "$PLAIN ($DEFAULT)" "$state" $NEED
# kmalloc caches are unmarked: the default decides.
kstate=unaccounted
[ "$DEFAULT" = optout ] && kstate=accounted
fresh_charge kmalloc "kmalloc-plain $KN"
expect_charge "kmalloc(GFP_KERNEL) ($DEFAULT)" $kstate $KNEED
fresh_charge test "calloc test $N"
expect_charge "SLAB_ACCOUNT cache" "$(state_of memcg_kmem_test account)" $NEED
t_end "default $DEFAULT; $INFO"

# --- marks on caches and allocations --------------------------------------
t_begin v2-policy-marks
INFO=
fresh_charge noaccount "calloc noaccount $N"
expect_charge "SLAB_NOACCOUNT cache" unaccounted $NEED
fresh_charge gfp-noaccount "calloc test $N noaccount"
expect_charge "__GFP_NOACCOUNT from a SLAB_ACCOUNT cache" unaccounted $NEED
fresh_charge gfp-account "calloc noaccount $N account"
expect_charge "__GFP_ACCOUNT from a SLAB_NOACCOUNT cache" accounted $NEED
fresh_charge kconfig "calloc kconfig $N"
expect_charge "Kconfig list's cache" accounted $NEED
t_end "$INFO"

# --- the boot lists -------------------------------------------------------
t_begin v2-policy-boot
INFO=
state=accounted
in_list memcg_kmem_test_boot "$BOOT_NOACC" && state=unaccounted
got=$(policy_of memcg_kmem_test_boot)
t_true "table '$got' agrees" [ "${got%% *}" = $state ]
fresh_charge boot "calloc boot $N"
expect_charge "SLAB_ACCOUNT cache, noaccount '$BOOT_NOACC'" $state $NEED
t_end "memcg_kmem_test_boot $state; $INFO"

# --- run time -------------------------------------------------------------
# after_free CGDIR BASE SLAB0 GROWTH: the cgroup's usage is back to BASE,
# less the slabs its caches keep (SLAB0 of them before), within FREE_TOL.
after_free() {
	local cached back
	cg_drain "$1"
	cached=$(($(slabinfo_bytes "$1") - $3))
	back=$(($(memcur "$1") - $2))
	t_le "caches' slabs after free" "$cached" \
		"$(free_tol $CACHED_MAX $(($4 + CACHED_MAX)))"
	t_le "usage after free, beyond the caches' slabs" \
		"$(abs $((back - cached)))" "$(free_tol $FREE_TOL "$4")"
	INFO="${INFO:+$INFO, }after free +$back ($cached in caches)"
}

t_begin v2-policy-runtime
INFO=
R=$P/runtime
mkdir "$R"
orig=$(policy_of $PLAIN)
others=$(grep -v "^$PLAIN " "$MK_POLICY")
cg_drain "$R"
base=$(memcur "$R") slab0=$(slabinfo_bytes "$R")
policy_switch $PLAIN on "accounted runtime"
on=$(mk_charge "$R" "calloc plain $N") || t_failed "calloc while on failed"
t_ge "charged while on" "$on" $NEED
t_true "child cache of $PLAIN made" slabinfo_wait "$R" $PLAIN
policy_switch $PLAIN off "unaccounted runtime"
off=$(mk_charge "$R" "calloc plain $N") || t_failed "calloc while off failed"
t_le "not charged while off" "$off" $((NEED / 4))
t_true "2N objects held" [ "$(mk_count plain)" = $((2 * N)) ]
INFO="on +$on, off +$off"
# Objects charged while on are uncharged when freed while off; those
# allocated while off are not uncharged.
mk_cmd "$R" free || t_failed "free failed"
after_free "$R" "$base" "$slab0" $((on + off))
policy_switch $PLAIN default "$orig"
t_true "the other caches' lines unchanged" \
	[ "$(grep -v "^$PLAIN " "$MK_POLICY")" = "$others" ]

# Switch on and off while a task in the cgroup allocates and frees.
F=$P/flip
mkdir "$F"
cg_drain "$F"
base=$(memcur "$F") slab0=$(slabinfo_bytes "$F")
rm -f /tmp/mk-flip.stop
cg_sh "$F" "i=0
	while [ ! -e /tmp/mk-flip.stop ]; do
		echo 'calloc plain 100' > $MK_CMD || exit 1
		i=\$((i + 1))
		if [ \$((i % 4)) = 0 ]; then echo free > $MK_CMD || exit 1; fi
	done
	echo \$i" > /tmp/mk-flip.out 2>&1 &
pid=$!
flips=0
for _ in 1 2 3 4 5; do
	sleep 0.3
	[ "$(policy_set $PLAIN on)" = "" ] && flips=$((flips + 1))
	sleep 0.3
	[ "$(policy_set $PLAIN off)" = "" ] && flips=$((flips + 1))
done
touch /tmp/mk-flip.stop
wait $pid
rc=$?
iters=$(cat /tmp/mk-flip.out)
rm -f /tmp/mk-flip.out /tmp/mk-flip.stop
t_true "the loop ran through ($rc: $(shorten "$iters"))" [ "$rc" = 0 ]
t_ge "loop iterations" "$iters" 10
t_ge "switches accepted" "$flips" 10
mk_cmd "$F" free || t_failed "free failed"
after_free "$F" "$base" "$slab0" $((iters * 100 * MK_OBJ_SIZE))
policy_switch $PLAIN default "$orig"
t_end "$INFO; $flips switches during $iters loops"
cg_rmdir "$R" "$F"

# --- bad input ------------------------------------------------------------
t_begin v2-policy-input
name64=$(printf '%064d' 0 | tr 0 a)
name65=$(printf '%065d' 0 | tr 0 a)
# Over a page: kernfs refuses it (E2BIG) before the file sees it.
line5000="$(printf '%04997d' 0 | tr 0 a) on"
tab=$(printf 'a\tb')
bad_writes "$MK_POLICY" policy_table <<EOF
|Invalid argument
   |Invalid argument
$PLAIN|Invalid argument
$PLAIN |Invalid argument
 on|Invalid argument
$PLAIN on now|Invalid argument
$PLAIN maybe|Invalid argument
$PLAIN ON|Invalid argument
$PLAIN Off|Invalid argument
$PLAIN on,|Invalid argument
$tab on|Invalid argument
$name65 on|Invalid argument
$line5000|Argument list too long
no_such_cache on|No such file or directory
$name64 on|No such file or directory
${PLAIN}_ on|No such file or directory
memcg_kmem_test_pla on|No such file or directory
kmem_cache on|Operation not permitted
kmem_cache off|Operation not permitted
EOF
t_true "table still lists $PLAIN as '$orig'" [ "$(policy_of $PLAIN)" = "$orig" ]
t_end "table unchanged by every refused write"


# --- the root cgroup ------------------------------------------------------
t_begin v2-policy-root
# This shell runs in the root cgroup.
grep -qx 0::/ /proc/self/cgroup || t_failed "not in the root cgroup"
t_true "memory.kmem.slabinfo in the root" [ -f "$CGROOT/memory.kmem.slabinfo" ]
echo warm > "$MK_CMD"
echo "calloc test $N" > "$MK_CMD" || t_failed "calloc test $N failed"
if [ "$TRACK_ROOT" = Y ]; then
	# The first allocation asked for the child; the workqueue made it.
	t_true "root child of memcg_kmem_test" \
		slabinfo_wait "$CGROOT" memcg_kmem_test
	echo "calloc test $N" > "$MK_CMD" || t_failed "second calloc failed"
	objs=$(slabinfo_line "$CGROOT" memcg_kmem_test | awk '{ print $2 }')
	t_ge "objects in the root's child" "${objs:-0}" "$N"
else
	sleep 1
	objs=$(slabinfo_line "$CGROOT" memcg_kmem_test | awk '{ print $2 }')
	t_true "no root child (found ${objs:-?} objects)" [ -z "$objs" ]
fi
roots=$(grep -c '^memcg_kmem_test(1:' /proc/slabinfo)
echo free > "$MK_CMD"
t_end "track_root=$TRACK_ROOT; root's memcg_kmem_test child: ${objs:-none}" \
	"objects; $roots root child caches of it in /proc/slabinfo"

policy_set $PLAIN default >/dev/null
echo free > "$MK_CMD"
cg_rmdir "$P"
exit 0
