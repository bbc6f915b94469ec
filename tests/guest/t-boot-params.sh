#!/bin/sh
# t-boot-params.sh - invalid memcg_kmem.* boot parameters are refused with
# an error in the kernel log and keep their Kconfig values. Runs alone, in
# a boot of its own (scripts/test.sh, mk.tests=boot-params) whose command
# line has
#   memcg_kmem.default=sideways
#   memcg_kmem.account=memcg_kmem_test_plain,,b    (an empty name)
#   memcg_kmem.noaccount=memcg_kmem_test_boot,<70 characters>
#   memcg_kmem.track_root=maybe                    (not a boolean)
#   memcg_kmem.granularity=sometimes                     (no such granularity)
#   memcg_kmem.granularity_always=memcg_kmem_test_page   (valid: taken)
#   memcg_kmem.granularity_never=memcg_kmem_test_page    (already in granularity_always)
#   memcg_kmem.granularity_auto=memcg_kmem_test_plain,,b (an empty name)
# The lists name test caches so that applying a refused list in part
# would show in their policy or granularity.
#   boot-params-log:    the kernel logs an error for each parameter
#   boot-params-values: default and granularity are the Kconfig defaults, the
#                       refused lists empty, track_root N (Kconfig)
#   boot-params-policy: the test caches' policy is the Kconfig/flag one,
#                       in the table and in what is charged; their
#                       granularity is what the valid list and the Kconfig
#                       default say
. /tests/lib.sh

P=$CGROOT/mk-bootparams
N=2000
NEED=$((N * MK_OBJ_SIZE))

# logged PARAM: a kernel log line says PARAM (a whole word: "account" is
# not "noaccount") is invalid, with memcg_kmem on the line.
logged() {
	dmesg | grep memcg_kmem | grep -i invalid |
		grep -Eq "(^|[^A-Za-z_])$1([^A-Za-z_]|\$)"
}

t_begin boot-params-log
for p in default account noaccount track_root granularity granularity_never granularity_auto; do
	# Without the bad values on the command line this test means nothing.
	v=$(cmdline_arg memcg_kmem.$p)
	t_true "memcg_kmem.$p given on the command line" [ -n "$v" ]
	t_true "an error logged for $p" logged $p
done
t_end "$(dmesg | grep memcg_kmem | grep -i -c invalid) lines:" \
	"$(dmesg | grep memcg_kmem | grep -i invalid | sed 's/^\[[ 0-9.]*\] //' |
		cut -c1-100 | tr '\n' ';')"

t_begin boot-params-values
for p in default account noaccount track_root granularity granularity_auto granularity_always granularity_never; do
	t_true "$MK_PARAMS/$p exists" [ -f "$MK_PARAMS/$p" ]
done
v=$(cat "$MK_PARAMS/granularity")
t_true "granularity '$v', want $MK_KCONFIG_SPLIT" [ "$v" = "$MK_KCONFIG_SPLIT" ]
v=$(cat "$MK_PARAMS/granularity_always")
t_true "granularity_always '$v', want memcg_kmem_test_page" [ "$v" = memcg_kmem_test_page ]
for p in granularity_never granularity_auto; do
	v=$(cat "$MK_PARAMS/$p")
	t_true "$p '$v', want empty" [ -z "$v" ]
done
v=$(cat "$MK_PARAMS/track_root")
t_true "track_root '$v', want N" [ "$v" = N ]
v=$(cat "$MK_PARAMS/default")
t_true "default '$v', want $MK_KCONFIG_DEFAULT" [ "$v" = "$MK_KCONFIG_DEFAULT" ]
v=$(cat "$MK_PARAMS/account")
t_true "account '$v', want empty" [ -z "$v" ]
v=$(cat "$MK_PARAMS/noaccount")
t_true "noaccount '$(shorten "$v")', want empty" [ -z "$v" ]
t_end "default=$(cat "$MK_PARAMS/default")"

t_begin boot-params-policy
if ! mk_load; then
	t_failed "cannot load $MK_MODULE"
elif ! cg_mk "$P"; then
	t_failed "cannot create $P"
else
	got=$(policy_of memcg_kmem_test_plain)
	t_true "memcg_kmem_test_plain '$got'" [ "$got" = "unaccounted default" ]
	got=$(policy_of memcg_kmem_test_boot)
	t_true "memcg_kmem_test_boot '$got'" [ "$got" = "accounted flag" ]
	got=$(split_of memcg_kmem_test_page)
	t_true "memcg_kmem_test_page granularity '$got'" [ "$got" = "always boot" ]
	got=$(split_of memcg_kmem_test_plain)
	t_true "memcg_kmem_test_plain granularity '$got'" \
		[ "$got" = "$MK_KCONFIG_SPLIT default" ]
	mkdir "$P/plain" "$P/boot"
	plain=$(mk_charge "$P/plain" "calloc plain $N") ||
		t_failed "calloc plain failed"
	t_le "plain not charged" "$plain" $((NEED / 4))
	boot=$(mk_charge "$P/boot" "calloc boot $N") ||
		t_failed "calloc boot failed"
	t_ge "boot charged" "$boot" $NEED
	echo free > "$MK_CMD"
fi
t_end "calloc plain +$plain, calloc boot +$boot"
cg_rmdir "$P"
exit 0
