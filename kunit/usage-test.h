/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the per-object counts and the rule for a child cache. Included at the
 * end of usage.c, so that its statics can be tested.
 */

#include <kunit/test.h>

/* A root cache of its own: a usercopy region keeps it from being merged. */
static struct kmem_cache *mkt_cache_create(const char *name, unsigned int size)
{
	return kmem_cache_create_usercopy(name, size, 0, 0, 0, size, NULL);
}

/* The threshold is the fewest objects whose bytes pay for the child. */
static void memcg_kmem_test_child_threshold(struct kunit *test)
{
	static const struct {
		unsigned int object_bytes;
		unsigned long child_bytes;
		unsigned int pct;
		unsigned int objects;
	} cases[] = {
		/* 250,000 bytes of 192-byte objects: 1302.08 -> 1303. */
		{ 192, 25000, 10, 1303 },
		/* Exact multiples do not round up. */
		{ 100, 1000, 10, 100 },
		{ 100, 1000, 100, 10 },
		/* Objects larger than the child: one pays. */
		{ 1 << 20, 4096, 10, 1 },
		/* Nonsense in, the "always" behaviour out. */
		{ 0, 4096, 10, 1 },
		{ 64, 4096, 0, 1 },
		{ 64, 4096, 101, 1 },
		/* Capped, never wrapped. */
		{ 1, ULONG_MAX / 128, 1, UINT_MAX },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    memcg_kmem_child_threshold(cases[i].object_bytes,
							       cases[i].child_bytes,
							       cases[i].pct),
				    cases[i].objects, "case %d", i);
}

/* A request at the threshold, then every MEMCG_KMEM_CREATE_RETRY past it. */
static void memcg_kmem_test_child_due(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, memcg_kmem_child_due(0, 100));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_child_due(99, 100));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_child_due(100, 100));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_child_due(101, 100));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_child_due(100 + MEMCG_KMEM_CREATE_RETRY - 1, 100));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_child_due(100 + MEMCG_KMEM_CREATE_RETRY, 100));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_child_due(1, 1));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_child_due(1 + MEMCG_KMEM_CREATE_RETRY, 1));
	/* Counts read while frees race below zero never ask. */
	KUNIT_EXPECT_FALSE(test, memcg_kmem_child_due(-1, 1));
}

/* Run @n allocations through the rate rule, @step jiffies apart. */
static int mkt_hot_run(struct memcg_kmem_usage *u, unsigned long *now,
		       unsigned int n, unsigned long step)
{
	int hot = 0;

	while (n--) {
		hot += memcg_kmem_usage_hot(u, *now);
		*now += step;
	}
	return hot;
}

/*
 * A batch of MEMCG_KMEM_HOT_BATCH allocations is hot when it took less than
 * MEMCG_KMEM_HOT_WINDOW, judged on its last allocation only.
 */
static void memcg_kmem_test_usage_hot(struct kunit *test)
{
	struct memcg_kmem_usage u = {};
	unsigned long now = 1000;

	/* All at once: hot, on the batch's last allocation. */
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, MEMCG_KMEM_HOT_BATCH - 1, 0), 0);
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, 1, 0), 1);
	/* Slower than the window: never hot. */
	now += MEMCG_KMEM_HOT_WINDOW;
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, MEMCG_KMEM_HOT_BATCH, 1), 0);
	/* A long pause between batches does not count against the next. */
	now += 100 * HZ;
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, MEMCG_KMEM_HOT_BATCH, 0), 1);
	/* Just inside the window, then just outside it. */
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, 1, MEMCG_KMEM_HOT_WINDOW - 1), 0);
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, MEMCG_KMEM_HOT_BATCH - 1, 0), 1);
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, 1, MEMCG_KMEM_HOT_WINDOW), 0);
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, MEMCG_KMEM_HOT_BATCH - 1, 0), 0);
	/* The count wraps on a batch boundary. */
	u.allocs = UINT_MAX - MEMCG_KMEM_HOT_BATCH + 1;
	KUNIT_EXPECT_EQ(test, mkt_hot_run(&u, &now, MEMCG_KMEM_HOT_BATCH, 0), 1);
	KUNIT_EXPECT_EQ(test, u.allocs, 0);
}

/*
 * Counting on an obj_cgroup of our own: the counters appear on the first
 * count, follow allocations and frees exactly, and go with the objcg.
 */
static void memcg_kmem_test_usage_counts(struct kunit *test)
{
	struct kmem_cache *s[MEMCG_KMEM_USAGE_CHUNK + 1];
	struct obj_cgroup objcg = {};
	int i, j;

	for (i = 0; i < ARRAY_SIZE(s); i++) {
		s[i] = mkt_cache_create("memcg_kmem_kunit_usage", 64);
		KUNIT_ASSERT_NOT_NULL(test, s[i]);
		/* No cgroup behind the objcg: ask for no child. */
		s[i]->memcg_kmem.granularity = MEMCG_KMEM_GRANULARITY_NEVER;
		KUNIT_EXPECT_EQ(test, s[i]->memcg_kmem.usage_id, 0);
		KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s[i], &objcg), 0);
	}

	/* One cache more than a chunk: two chunks at least. */
	for (i = 0; i < ARRAY_SIZE(s); i++)
		for (j = 0; j <= i; j++)
			KUNIT_ASSERT_TRUE(test, __memcg_kmem_count_alloc(s[i], &objcg,
									 GFP_KERNEL));
	for (i = 0; i < ARRAY_SIZE(s); i++) {
		KUNIT_EXPECT_GT(test, s[i]->memcg_kmem.usage_id, 0);
		KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s[i], &objcg), i + 1);
	}
	KUNIT_ASSERT_NOT_NULL(test, objcg.kmem_usage);

	for (i = 0; i < ARRAY_SIZE(s); i++) {
		__memcg_kmem_count_free(s[i], &objcg);
		KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s[i], &objcg), i);
		for (j = 0; j < i; j++)
			__memcg_kmem_count_free(s[i], &objcg);
		KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s[i], &objcg), 0);
	}
	memcg_kmem_objcg_release(&objcg);
	for (i = 0; i < ARRAY_SIZE(s); i++)
		kmem_cache_destroy(s[i]);
}

/* A new root cache's threshold makes its child at most 10% of the bytes. */
static void memcg_kmem_test_granularity_of_new_caches(struct kunit *test)
{
	static const unsigned int sizes[] = { 8, 192, 1024, PAGE_SIZE };
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct kmem_cache *s = mkt_cache_create("memcg_kmem_kunit_granularity",
							sizes[i]);
		unsigned long child, objects;

		KUNIT_ASSERT_NOT_NULL(test, s);
		child = __kmem_cache_child_bytes(s);
		objects = s->memcg_kmem.child_objects;
		kunit_info(test, "%u-byte objects: a child costs %lu bytes, pays from %lu objects",
			   s->size, child, objects);
		KUNIT_EXPECT_GE(test, child, PAGE_SIZE);
		KUNIT_EXPECT_GE(test, objects * s->size,
				child * 100 / MEMCG_KMEM_CHILD_OVERHEAD_PCT);
		KUNIT_EXPECT_LT(test, (objects - 1) * s->size,
				child * 100 / MEMCG_KMEM_CHILD_OVERHEAD_PCT);
		kmem_cache_destroy(s);
	}
}

static struct kunit_case memcg_kmem_usage_cases[] = {
	KUNIT_CASE(memcg_kmem_test_child_threshold),
	KUNIT_CASE(memcg_kmem_test_child_due),
	KUNIT_CASE(memcg_kmem_test_usage_hot),
	KUNIT_CASE(memcg_kmem_test_usage_counts),
	KUNIT_CASE(memcg_kmem_test_granularity_of_new_caches),
	{}
};

static struct kunit_suite memcg_kmem_usage_test_suite = {
	.name = "memcg_kmem_usage",
	.test_cases = memcg_kmem_usage_cases,
};

kunit_test_suite(memcg_kmem_usage_test_suite);
