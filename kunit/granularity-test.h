/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the granularity: name lists (matching and validation, as
 * for the boot parameters), resolution from every source and their
 * precedence, and the granularity real caches get when they are created.
 * Included at the end of granularity.c.
 */

#include <kunit/test.h>

#define AUTO	MEMCG_KMEM_GRANULARITY_AUTO
#define ALWAYS	MEMCG_KMEM_GRANULARITY_ALWAYS
#define NEVER	MEMCG_KMEM_GRANULARITY_NEVER
#define UNSET	MEMCG_KMEM_GRANULARITY_UNSET
#define SRC(x)	MEMCG_KMEM_SRC_##x

static void memcg_kmem_test_list_has(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, memcg_kmem_list_has("a,bb,ccc", "a"));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_list_has("a,bb,ccc", "bb"));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_list_has("a,bb,ccc", "ccc"));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_list_has("a,bb,ccc", "b"));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_list_has("a,bb,ccc", "cc"));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_list_has("a,bb,ccc", "a,bb"));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_list_has("", "a"));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_list_has(NULL, "a"));
}

static void memcg_kmem_test_list_check(struct kunit *test)
{
	static const char *const good[] = {
		"", "dentry", "dentry,inode_cache", "kmalloc-cg-64,TCPv6",
		"a:b.c(d)-e_f",
		"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p",
		"0123456789012345678901234567890123456789012345678901234567890123",
	};
	static const char *const bad[] = {
		",", ",a", "a,", "a,,b", "a b", "a\tb", "a=b", "a/b", "\xc3\xa9",
		"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q",
		"01234567890123456789012345678901234567890123456789012345678901234",
		"other", "x,other",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_EQ_MSG(test, memcg_kmem_list_check(good[i], "other"),
				    0, "'%s'", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, memcg_kmem_list_check(bad[i], "other"),
				    -EINVAL, "'%s'", bad[i]);
	KUNIT_EXPECT_EQ(test, memcg_kmem_list_check("x", NULL), 0);
}

/* The granularity: run time, then the boot lists, then the default. */
static void memcg_kmem_test_granularity_resolve(struct kunit *test)
{
	static const struct memcg_kmem_granularity_config never = {
		.fallback = NEVER,
		.boot = { [AUTO] = "b_auto,x", [ALWAYS] = "b_always" },
	};
	static const struct memcg_kmem_granularity_config plain = {
		.fallback = AUTO,
	};
	static const struct {
		const struct memcg_kmem_granularity_config *cfg;
		const char *name;
		enum memcg_kmem_granularity override;
		enum memcg_kmem_granularity granularity;
		enum memcg_kmem_policy_source source;
	} cases[] = {
		{ &plain, "dentry", UNSET, AUTO, SRC(DEFAULT) },
		{ &never, "dentry", UNSET, NEVER, SRC(DEFAULT) },
		{ &never, "b_auto", UNSET, AUTO, SRC(BOOT) },
		{ &never, "x", UNSET, AUTO, SRC(BOOT) },
		{ &never, "b_always", UNSET, ALWAYS, SRC(BOOT) },
		{ &never, "b_alway", UNSET, NEVER, SRC(DEFAULT) },
		{ &never, "b_always", NEVER, NEVER, SRC(RUNTIME) },
		{ &never, "dentry", ALWAYS, ALWAYS, SRC(RUNTIME) },
		{ &plain, "dentry", AUTO, AUTO, SRC(RUNTIME) },
	};
	enum memcg_kmem_policy_source source;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ_MSG(test,
				    memcg_kmem_granularity_resolve(cases[i].cfg,
								   cases[i].name,
								   cases[i].override,
								   &source),
				    cases[i].granularity, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, source, cases[i].source, "case %d", i);
	}
	KUNIT_EXPECT_EQ(test, memcg_kmem_granularity_named("auto"), AUTO);
	KUNIT_EXPECT_EQ(test, memcg_kmem_granularity_named("always"), ALWAYS);
	KUNIT_EXPECT_EQ(test, memcg_kmem_granularity_named("never"), NEVER);
	KUNIT_EXPECT_EQ(test, memcg_kmem_granularity_named(""), UNSET);
	KUNIT_EXPECT_EQ(test, memcg_kmem_granularity_named("never\n"), UNSET);
}

/* What memcg_kmem_granularity_init() gives caches as they are created. */
static void memcg_kmem_test_new_cache_granularity(struct kunit *test)
{
	struct kmem_cache *s;

	/* A usercopy region keeps the cache from being merged into another. */
	s = kmem_cache_create_usercopy("memcg_kmem_kunit_new_granularity", 64, 0,
				       0, 0, 64, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	/* No boot list names the test cache. */
	KUNIT_EXPECT_EQ(test, s->memcg_kmem.granularity,
			memcg_kmem_granularity_default);
	KUNIT_EXPECT_EQ(test, s->memcg_kmem.granularity_source, SRC(DEFAULT));
	KUNIT_EXPECT_EQ(test, s->memcg_kmem.granularity_override, UNSET);
	kmem_cache_destroy(s);
}

#undef AUTO
#undef ALWAYS
#undef NEVER
#undef UNSET
#undef SRC

static struct kunit_case memcg_kmem_granularity_test_cases[] = {
	KUNIT_CASE(memcg_kmem_test_list_has),
	KUNIT_CASE(memcg_kmem_test_list_check),
	KUNIT_CASE(memcg_kmem_test_granularity_resolve),
	KUNIT_CASE(memcg_kmem_test_new_cache_granularity),
	{}
};

static struct kunit_suite memcg_kmem_granularity_test_suite = {
	.name = "memcg_kmem_granularity",
	.test_cases = memcg_kmem_granularity_test_cases,
};

kunit_test_suite(memcg_kmem_granularity_test_suite);
