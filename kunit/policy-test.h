/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the per-cache accounting policy: resolution from every
 * source and their precedence, SLAB_NEVER_ACCOUNT, parsing of the run-time
 * knob, the decision per allocation for each policy and GFP mark, and the
 * policy real caches get when they are created. Included at the end of
 * policy.c.
 */

#include <kunit/test.h>

static const struct memcg_kmem_policy_config memcg_kmem_test_optin = {
	.opt_out = false,
};

static const struct memcg_kmem_policy_config memcg_kmem_test_optout = {
	.opt_out = true,
};

static const struct memcg_kmem_policy_config memcg_kmem_test_lists = {
	.opt_out = false,
	.kconfig_account = "kc_on,both_on",
	.kconfig_noaccount = "kc_off,both_off",
	.boot_account = "boot_on,both_off",
	.boot_noaccount = "boot_off,both_on",
};

struct memcg_kmem_resolve_case {
	const struct memcg_kmem_policy_config *cfg;
	const char *name;
	slab_flags_t flags;
	enum memcg_kmem_override override;
	enum memcg_kmem_policy policy;
	enum memcg_kmem_policy_source source;
};

#define ON	MEMCG_KMEM_OVERRIDE_ON
#define OFF	MEMCG_KMEM_OVERRIDE_OFF
#define NONE	MEMCG_KMEM_OVERRIDE_NONE
#define ACC	MEMCG_KMEM_POLICY_ACCOUNTED
#define UNACC	MEMCG_KMEM_POLICY_UNACCOUNTED
#define REF	MEMCG_KMEM_POLICY_REFUSED
#define NEVER_ACC	SLAB_NEVER_ACCOUNT
#define SRC(x)	MEMCG_KMEM_SRC_##x

static const struct memcg_kmem_resolve_case memcg_kmem_resolve_cases[] = {
	/* The default decides for unmarked caches only. */
	{ &memcg_kmem_test_optin, "plain", 0, NONE, UNACC, SRC(DEFAULT) },
	{ &memcg_kmem_test_optout, "plain", 0, NONE, ACC, SRC(DEFAULT) },
	{ &memcg_kmem_test_optin, "plain", SLAB_ACCOUNT, NONE, ACC, SRC(FLAG) },
	{ &memcg_kmem_test_optout, "plain", SLAB_NOACCOUNT, NONE, UNACC, SRC(FLAG) },
	{ &memcg_kmem_test_optout, "plain", SLAB_ACCOUNT, NONE, ACC, SRC(FLAG) },
	/* Kconfig beats the flags, boot beats Kconfig. */
	{ &memcg_kmem_test_lists, "kc_on", 0, NONE, ACC, SRC(KCONFIG) },
	{ &memcg_kmem_test_lists, "kc_off", SLAB_ACCOUNT, NONE, UNACC, SRC(KCONFIG) },
	{ &memcg_kmem_test_lists, "boot_on", SLAB_NOACCOUNT, NONE, ACC, SRC(BOOT) },
	{ &memcg_kmem_test_lists, "boot_off", SLAB_ACCOUNT, NONE, UNACC, SRC(BOOT) },
	{ &memcg_kmem_test_lists, "both_on", 0, NONE, UNACC, SRC(BOOT) },
	{ &memcg_kmem_test_lists, "both_off", 0, NONE, ACC, SRC(BOOT) },
	/* A name is matched whole, not as a prefix. */
	{ &memcg_kmem_test_lists, "kc_o", 0, NONE, UNACC, SRC(DEFAULT) },
	{ &memcg_kmem_test_lists, "kc_onx", 0, NONE, UNACC, SRC(DEFAULT) },
	/* Run time beats everything but refusal. */
	{ &memcg_kmem_test_lists, "boot_off", 0, ON, ACC, SRC(RUNTIME) },
	{ &memcg_kmem_test_lists, "boot_on", 0, OFF, UNACC, SRC(RUNTIME) },
	{ &memcg_kmem_test_optout, "plain", SLAB_ACCOUNT, OFF, UNACC, SRC(RUNTIME) },
	/* SLAB_NEVER_ACCOUNT: refused whatever the configuration says. */
	{ &memcg_kmem_test_optout, "plain", NEVER_ACC | SLAB_ACCOUNT, ON, REF, SRC(FLAG) },
	{ &memcg_kmem_test_optout, "plain", NEVER_ACC, NONE, REF, SRC(FLAG) },
	{ &memcg_kmem_test_lists, "boot_on", NEVER_ACC, NONE, REF, SRC(FLAG) },
	{ &memcg_kmem_test_lists, "kc_on", NEVER_ACC | SLAB_NOACCOUNT, ON, REF, SRC(FLAG) },
	/* The flag refuses, not the name. */
	{ &memcg_kmem_test_optin, "kmem_cache", 0, NONE, UNACC, SRC(DEFAULT) },
};

static void memcg_kmem_test_policy_resolve(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(memcg_kmem_resolve_cases); i++) {
		const struct memcg_kmem_resolve_case *c = &memcg_kmem_resolve_cases[i];
		enum memcg_kmem_policy_source source = -1;
		enum memcg_kmem_policy policy;

		policy = memcg_kmem_policy_resolve(c->cfg, c->name, c->flags,
						   c->override, &source);
		KUNIT_EXPECT_EQ_MSG(test, policy, c->policy, "case %d (%s)",
				    i, c->name);
		KUNIT_EXPECT_EQ_MSG(test, source, c->source, "case %d (%s)",
				    i, c->name);
	}
}

#define AUTO	MEMCG_KMEM_GRANULARITY_AUTO
#define ALWAYS	MEMCG_KMEM_GRANULARITY_ALWAYS
#define NEVER	MEMCG_KMEM_GRANULARITY_NEVER
#define UNSET	MEMCG_KMEM_GRANULARITY_UNSET

static void memcg_kmem_test_policy_parse(struct kunit *test)
{
	static const struct {
		const char *in;
		const char *name;
		struct memcg_kmem_setting set;
	} good[] = {
		{ "dentry on", "dentry", { true, ON, false, UNSET } },
		{ "dentry off\n", "dentry", { true, OFF, false, UNSET } },
		{ "  kmalloc-64 \t default", "kmalloc-64", { true, NONE, true, UNSET } },
		{ "dentry auto", "dentry", { false, NONE, true, AUTO } },
		{ "dentry always\n", "dentry", { false, NONE, true, ALWAYS } },
		{ "kmalloc-cg-64 never", "kmalloc-cg-64", { false, NONE, true, NEVER } },
	};
	static const char *const bad[] = {
		"", "\n", "dentry", "dentry ", "on", "dentry maybe",
		"dentry ON", "dentry on off", "dentry on\tx", "a b on",
		"den=try on", "dentry Auto", "dentry auto never",
		"dentry unset", "dentry autox", "never",
		"01234567890123456789012345678901234567890123456789012345678901234 on",
	};
	struct memcg_kmem_setting set;
	char buf[96], *name;
	int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		strscpy(buf, good[i].in, sizeof(buf));
		KUNIT_ASSERT_EQ_MSG(test, memcg_kmem_policy_parse(buf, &name, &set),
				    0, "'%s'", good[i].in);
		KUNIT_EXPECT_STREQ(test, name, good[i].name);
		KUNIT_EXPECT_EQ_MSG(test, set.policy, good[i].set.policy, "'%s'", good[i].in);
		KUNIT_EXPECT_EQ_MSG(test, set.granularity,
				    good[i].set.granularity, "'%s'", good[i].in);
		if (set.policy)
			KUNIT_EXPECT_EQ(test, set.override, good[i].set.override);
		if (set.granularity)
			KUNIT_EXPECT_EQ(test, set.granularity_override,
					good[i].set.granularity_override);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		strscpy(buf, bad[i], sizeof(buf));
		KUNIT_EXPECT_EQ_MSG(test, memcg_kmem_policy_parse(buf, &name, &set),
				    -EINVAL, "'%s'", bad[i]);
	}
}

#undef AUTO
#undef ALWAYS
#undef NEVER
#undef UNSET

/* What one allocation does, for each cache policy and GFP mark. */
static void memcg_kmem_test_cache_accounted(struct kunit *test)
{
	static const struct {
		enum memcg_kmem_policy policy;
		gfp_t gfp;
		bool accounted;
	} cases[] = {
		{ ACC, GFP_KERNEL, true },
		{ ACC, GFP_KERNEL_ACCOUNT, true },
		{ ACC, GFP_ATOMIC, true },
		{ ACC, GFP_KERNEL | __GFP_NOACCOUNT, false },
		{ ACC, GFP_KERNEL_ACCOUNT | __GFP_NOACCOUNT, false },
		{ UNACC, GFP_KERNEL, false },
		{ UNACC, GFP_KERNEL_ACCOUNT, true },
		{ UNACC, GFP_KERNEL_ACCOUNT | __GFP_NOACCOUNT, false },
		{ REF, GFP_KERNEL, false },
		{ REF, GFP_KERNEL_ACCOUNT, false },
	};
	struct kmem_cache *s;
	int i;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		s->memcg_kmem.policy = cases[i].policy;
		KUNIT_EXPECT_EQ_MSG(test,
				    memcg_kmem_cache_accounted(s, cases[i].gfp),
				    cases[i].accounted, "case %d", i);
	}
}

/* The policy memcg_kmem_policy_init() gives caches as they are created. */
static void memcg_kmem_policy_test_ctor(void *obj)
{
}

static void memcg_kmem_test_policy_of_new_caches(struct kunit *test)
{
	static const struct {
		const char *name;
		slab_flags_t flags;
		enum memcg_kmem_policy_source source;
	} cases[] = {
		{ "memcg_kmem_kunit_plain", 0, SRC(DEFAULT) },
		{ "memcg_kmem_kunit_account", SLAB_ACCOUNT, SRC(FLAG) },
		{ "memcg_kmem_kunit_noaccount", SLAB_NOACCOUNT, SRC(FLAG) },
		{ "memcg_kmem_kunit_never", SLAB_NEVER_ACCOUNT | SLAB_ACCOUNT,
		  SRC(FLAG) },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum memcg_kmem_policy want;
		struct kmem_cache *s;

		/* A constructor keeps SLUB from merging it into another. */
		s = kmem_cache_create(cases[i].name, 64, 0, cases[i].flags,
				      memcg_kmem_policy_test_ctor);
		KUNIT_ASSERT_NOT_NULL(test, s);
		if (cases[i].flags & SLAB_NEVER_ACCOUNT)
			want = REF;
		else if (cases[i].flags & SLAB_ACCOUNT)
			want = ACC;
		else if (cases[i].flags & SLAB_NOACCOUNT)
			want = UNACC;
		else
			want = memcg_kmem_opt_out ? ACC : UNACC;
		KUNIT_EXPECT_EQ_MSG(test, s->memcg_kmem.policy, want, "%s",
				    cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, s->memcg_kmem.policy_source,
				    cases[i].source, "%s", cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, memcg_kmem_cache_accounted(s, GFP_KERNEL),
				    want == ACC, "%s", cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test,
				    memcg_kmem_cache_accounted(s, GFP_KERNEL_ACCOUNT),
				    want != REF, "%s", cases[i].name);
		kmem_cache_destroy(s);
	}
	/* The slab allocators' own cache is refused, by its flag. */
	KUNIT_EXPECT_TRUE(test, kmem_cache->flags & SLAB_NEVER_ACCOUNT);
	KUNIT_EXPECT_EQ(test, kmem_cache->memcg_kmem.policy, REF);
	KUNIT_EXPECT_EQ(test, kmem_cache->memcg_kmem.policy_source, SRC(FLAG));
}

#undef ON
#undef OFF
#undef NONE
#undef ACC
#undef UNACC
#undef REF
#undef NEVER_ACC
#undef SRC

static struct kunit_case memcg_kmem_policy_test_cases[] = {
	KUNIT_CASE(memcg_kmem_test_policy_resolve),
	KUNIT_CASE(memcg_kmem_test_policy_parse),
	KUNIT_CASE(memcg_kmem_test_cache_accounted),
	KUNIT_CASE(memcg_kmem_test_policy_of_new_caches),
	{}
};

static struct kunit_suite memcg_kmem_policy_test_suite = {
	.name = "memcg_kmem_policy",
	.test_cases = memcg_kmem_policy_test_cases,
};

kunit_test_suite(memcg_kmem_policy_test_suite);
