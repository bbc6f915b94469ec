/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the kernel-memory limit: parsing of limit values, the
 * rule per allocation context, a charge at a limit on real page counters
 * with fake reclaim steps (hierarchy, dispatch order, retry bound, events),
 * and how much a fake shrinker is asked to scan. Included at the end of
 * limit.c.
 */

#include <kunit/test.h>

static void memcg_kmem_test_parse_limit(struct kunit *test)
{
	static const struct {
		const char *buf;
		const char *max_token;
		int ret;
		unsigned long nr_pages;
	} cases[] = {
		{ "max", "max", 0, PAGE_COUNTER_MAX },
		{ "-1", "-1", 0, PAGE_COUNTER_MAX },
		{ "0", "max", 0, 0 },
		{ "4095", "max", 0, 0 },
		{ "4096", "max", 0, 4096 / PAGE_SIZE },
		{ "8k", "max", 0, 8192 / PAGE_SIZE },
		{ "8K", "max", 0, 8192 / PAGE_SIZE },
		{ "4M", "max", 0, (4UL << 20) / PAGE_SIZE },
		{ "1G", "max", 0, (1UL << 30) / PAGE_SIZE },
		{ "7E", "max", 0, (7ULL << 60) / PAGE_SIZE },
		{ "0x1000", "max", 0, 1 },
		{ "8E", "max", 0, PAGE_COUNTER_MAX },
		{ "18446744073709551615", "max", 0, PAGE_COUNTER_MAX },
		{ "", "max", -EINVAL, 0 },
		{ "-1", "max", -EINVAL, 0 },
		{ "max", "-1", -EINVAL, 0 },
		{ "+4096", "max", -EINVAL, 0 },
		{ "1.5M", "max", -EINVAL, 0 },
		{ "12 34", "max", -EINVAL, 0 },
		{ "M", "max", -EINVAL, 0 },
		{ "4MB", "max", -EINVAL, 0 },
		{ "garbage", "max", -EINVAL, 0 },
		{ "0x", "max", -EINVAL, 0 },
		{ "0x1000G", "max", 0, (0x1000ULL << 30) / PAGE_SIZE },
		{ "0x10000000000000000", "max", -ERANGE, 0 },
		{ "0x1E", "max", 0, 0 },
		{ "0xFFFFFFFFFFFFFFFE", "max", 0, PAGE_COUNTER_MAX },
		{ "16E", "max", -ERANGE, 0 },
		{ "18446744073709551616", "max", -ERANGE, 0 },
		{ "99999999999999999999999999", "max", -ERANGE, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long nr_pages = 12345;
		int ret;

		ret = memcg_kmem_parse_limit(cases[i].buf, cases[i].max_token,
					     &nr_pages);
		KUNIT_EXPECT_EQ_MSG(test, ret, cases[i].ret, "\"%s\"",
				    cases[i].buf);
		/* A refused value leaves the result alone. */
		KUNIT_EXPECT_EQ_MSG(test, nr_pages,
				    ret ? 12345UL : cases[i].nr_pages,
				    "\"%s\"", cases[i].buf);
	}
}

static void memcg_kmem_test_charge_rule(struct kunit *test)
{
	static const struct {
		const char *what;
		gfp_t gfp;
		unsigned int task_flags;
		bool user_fault;
		unsigned int rounds;
		bool force;
	} cases[] = {
		{ "GFP_KERNEL", GFP_KERNEL, 0, false,
		  MEMCG_KMEM_RECLAIM_ROUNDS, false },
		{ "GFP_NOFS", GFP_NOFS, 0, false,
		  MEMCG_KMEM_RECLAIM_ROUNDS, false },
		{ "__GFP_NORETRY", GFP_KERNEL | __GFP_NORETRY, 0, false, 1, false },
		{ "__GFP_NOFAIL", GFP_KERNEL | __GFP_NOFAIL, 0, false,
		  MEMCG_KMEM_RECLAIM_ROUNDS, true },
		{ "user page fault", GFP_KERNEL_ACCOUNT, 0, true,
		  MEMCG_KMEM_RECLAIM_ROUNDS, true },
		{ "GFP_NOWAIT", GFP_NOWAIT, 0, false, 0, false },
		{ "GFP_ATOMIC", GFP_ATOMIC, 0, false, 0, true },
		{ "PF_MEMALLOC", GFP_KERNEL, PF_MEMALLOC, false, 0, true },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct memcg_kmem_charge_rule rule;

		rule = memcg_kmem_charge_rule(cases[i].gfp, cases[i].task_flags,
					      cases[i].user_fault);
		KUNIT_EXPECT_EQ_MSG(test, rule.rounds, cases[i].rounds, "%s",
				    cases[i].what);
		KUNIT_EXPECT_EQ_MSG(test, rule.force, cases[i].force, "%s",
				    cases[i].what);
	}
}

/* What the fake reclaim steps do and what they saw. */
static struct {
	struct page_counter *frees_from;	/* uncharged by a step */
	unsigned long frees[MEMCG_KMEM_NR_STEPS];	/* pages per call */
	char calls[64];				/* e.g. "1w2w": steps, waits */
	int priorities[16];
	unsigned int nr_priorities;
	unsigned int queued;
	unsigned long events[MEMCG_KMEM_NR_EVENTS];
	struct page_counter *event_over;
	struct page_counter *overp;	/* what the last charge went past */
} memcg_kmem_fake;

static void memcg_kmem_fake_call(char c)
{
	size_t len = strlen(memcg_kmem_fake.calls);

	if (len + 1 < sizeof(memcg_kmem_fake.calls))
		memcg_kmem_fake.calls[len] = c;
}

static unsigned long memcg_kmem_fake_shrink(int step, int priority)
{
	unsigned long nr = memcg_kmem_fake.frees[step];

	memcg_kmem_fake_call('1' + step);
	if (!step && memcg_kmem_fake.nr_priorities <
		     ARRAY_SIZE(memcg_kmem_fake.priorities))
		memcg_kmem_fake.priorities[memcg_kmem_fake.nr_priorities++] =
			priority;
	if (nr)
		page_counter_uncharge(memcg_kmem_fake.frees_from, nr);
	return nr;
}

static unsigned long memcg_kmem_fake_shrink1(struct page_counter *over,
					     gfp_t gfp, int priority)
{
	return memcg_kmem_fake_shrink(0, priority);
}

static unsigned long memcg_kmem_fake_shrink2(struct page_counter *over,
					     gfp_t gfp, int priority)
{
	return memcg_kmem_fake_shrink(1, priority);
}

static void memcg_kmem_fake_wait(struct page_counter *over)
{
	memcg_kmem_fake_call('w');
}

static void memcg_kmem_fake_queue(struct page_counter *over)
{
	memcg_kmem_fake.queued++;
}

static void memcg_kmem_fake_event(struct page_counter *over,
				  enum memcg_kmem_event event,
				  unsigned long nr_pages, gfp_t gfp)
{
	memcg_kmem_fake.events[event]++;
	memcg_kmem_fake.event_over = over;
}

static const struct memcg_kmem_limit_ops memcg_kmem_fake_ops = {
	.shrink = { memcg_kmem_fake_shrink1, memcg_kmem_fake_shrink2 },
	.wait_for_frees = memcg_kmem_fake_wait,
	.queue_reclaim = memcg_kmem_fake_queue,
	.event = memcg_kmem_fake_event,
};

/* A parent limited to 100 pages with a child that has no limit. */
static struct page_counter memcg_kmem_test_parent, memcg_kmem_test_child;

static int memcg_kmem_limit_test_init(struct kunit *test)
{
	memset(&memcg_kmem_fake, 0, sizeof(memcg_kmem_fake));
	memcg_kmem_page_counter_init(&memcg_kmem_test_parent, NULL);
	memcg_kmem_page_counter_init(&memcg_kmem_test_child,
				     &memcg_kmem_test_parent);
	page_counter_set_max(&memcg_kmem_test_parent, 100);
	memcg_kmem_fake.frees_from = &memcg_kmem_test_child;
	return 0;
}

static enum memcg_kmem_charge_result memcg_kmem_test_charge(unsigned long nr,
							    gfp_t gfp)
{
	return memcg_kmem_charge_counter(&memcg_kmem_test_child, nr, gfp, 0,
					 false, &memcg_kmem_fake_ops,
					 &memcg_kmem_fake.overp);
}

/* Limits are hierarchical: the parent's stops a child with none. */
static void memcg_kmem_test_limit_hierarchy(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(90, GFP_KERNEL),
			MEMCG_KMEM_CHARGED);
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 90UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_MAX], 0UL);

	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(11, GFP_KERNEL),
			MEMCG_KMEM_REFUSED);
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_fake.event_over,
			    &memcg_kmem_test_parent);
	/* A refused charge leaves no trace in either counter. */
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_child), 90UL);
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 90UL);

	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(10, GFP_KERNEL),
			MEMCG_KMEM_CHARGED);
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 100UL);
	page_counter_uncharge(&memcg_kmem_test_child, 100);
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 0UL);
}

/* Registered shrinkers first; the memcg-aware ones only if still needed. */
static void memcg_kmem_test_dispatch_order(struct kunit *test)
{
	page_counter_charge(&memcg_kmem_test_child, 100);

	memcg_kmem_fake.frees[0] = 5;
	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(4, GFP_KERNEL),
			MEMCG_KMEM_CHARGED);
	KUNIT_EXPECT_STREQ(test, memcg_kmem_fake.calls, "1w");

	memset(memcg_kmem_fake.calls, 0, sizeof(memcg_kmem_fake.calls));
	memcg_kmem_fake.frees[0] = 0;
	memcg_kmem_fake.frees[1] = 8;
	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(8, GFP_KERNEL),
			MEMCG_KMEM_CHARGED);
	/* Nothing freed by step 1: no wait before step 2. */
	KUNIT_EXPECT_STREQ(test, memcg_kmem_fake.calls, "12w");
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_MAX], 2UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_RECLAIM], 2UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.queued, 0U);
	/* 100 - 5 + 4 - 8 + 8 */
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 99UL);
	page_counter_uncharge(&memcg_kmem_test_child, 99);
}

/* Reclaim that frees nothing ends after a bounded number of rounds. */
static void memcg_kmem_test_retry_bound(struct kunit *test)
{
	static const int priorities[] = { 4, 3, 2, 1, 0 };
	int i;

	page_counter_charge(&memcg_kmem_test_child, 100);
	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(1, GFP_KERNEL),
			MEMCG_KMEM_REFUSED);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_RECLAIM],
			(unsigned long)MEMCG_KMEM_RECLAIM_ROUNDS);
	/* A round that freed nothing waits for other reclaimers' frees. */
	KUNIT_EXPECT_STREQ(test, memcg_kmem_fake.calls, "12w12w12w12w12w");
	KUNIT_ASSERT_EQ(test, memcg_kmem_fake.nr_priorities,
			(unsigned int)ARRAY_SIZE(priorities));
	for (i = 0; i < ARRAY_SIZE(priorities); i++)
		KUNIT_EXPECT_EQ(test, memcg_kmem_fake.priorities[i],
				priorities[i]);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_MAX], 1UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_FAIL], 1UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.queued, 1U);
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 100UL);
	page_counter_uncharge(&memcg_kmem_test_child, 100);
}

/* Who may go past the limit, and who may not reclaim at all. */
static void memcg_kmem_test_past_the_limit(struct kunit *test)
{
	page_counter_charge(&memcg_kmem_test_child, 100);

	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(2, GFP_NOWAIT),
			MEMCG_KMEM_REFUSED);
	KUNIT_EXPECT_STREQ(test, memcg_kmem_fake.calls, "");
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_fake.overp, NULL);

	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(2, GFP_ATOMIC),
			MEMCG_KMEM_FORCED);
	KUNIT_EXPECT_STREQ(test, memcg_kmem_fake.calls, "");
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 102UL);
	/* The caller counts it, once memory.max took it too. */
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_fake.overp,
			    &memcg_kmem_test_parent);

	KUNIT_EXPECT_EQ(test, memcg_kmem_test_charge(3, GFP_KERNEL | __GFP_NOFAIL),
			MEMCG_KMEM_FORCED);
	KUNIT_EXPECT_EQ(test, page_counter_read(&memcg_kmem_test_parent), 105UL);
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_fake.overp,
			    &memcg_kmem_test_parent);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_OVER], 0UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_FAIL], 1UL);
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.events[MEMCG_KMEM_MAX], 3UL);
	/* Every charge that reclaim could not serve queued more reclaim. */
	KUNIT_EXPECT_EQ(test, memcg_kmem_fake.queued, 3U);
	page_counter_uncharge(&memcg_kmem_test_child, 105);
}

/* A fake shrinker with objects to free, batches and an optional stop. */
static struct {
	unsigned long objects;
	unsigned long scans;
	bool stop;
} memcg_kmem_fake_shrinker;

static unsigned long memcg_kmem_fake_count(struct shrinker *shrinker,
					   struct shrink_control *sc)
{
	return memcg_kmem_fake_shrinker.objects ?: SHRINK_EMPTY;
}

static unsigned long memcg_kmem_fake_scan(struct shrinker *shrinker,
					  struct shrink_control *sc)
{
	unsigned long n = min(sc->nr_to_scan, memcg_kmem_fake_shrinker.objects);

	memcg_kmem_fake_shrinker.scans++;
	if (memcg_kmem_fake_shrinker.stop)
		return SHRINK_STOP;
	memcg_kmem_fake_shrinker.objects -= n;
	return n;
}

/* How much of what a shrinker counts one call scans, per priority. */
static void memcg_kmem_test_run_shrinker(struct kunit *test)
{
	static const struct {
		unsigned long objects;
		int priority;
		bool stop;
		unsigned long freed;
		unsigned long scans;
	} cases[] = {
		{ 1000, 4, false, 100, 1 },	/* 1000 >> 4 < one batch */
		{ 4000, 4, false, 250, 3 },	/* 4000 >> 4, in batches */
		{ 1000, 0, false, 1000, 10 },	/* priority 0: all of them */
		{ 50, 4, false, 50, 1 },	/* fewer than a batch */
		{ 0, 0, false, 0, 0 },		/* nothing: no scan */
		{ 1000, 0, true, 0, 1 },	/* SHRINK_STOP ends the run */
	};
	struct shrinker shrinker = {
		.count_objects = memcg_kmem_fake_count,
		.scan_objects = memcg_kmem_fake_scan,
		.batch = 100,
		.flags = SHRINKER_MEMCG_AWARE,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct shrink_control sc = { .gfp_mask = GFP_KERNEL };
		unsigned long freed;

		memcg_kmem_fake_shrinker.objects = cases[i].objects;
		memcg_kmem_fake_shrinker.scans = 0;
		memcg_kmem_fake_shrinker.stop = cases[i].stop;
		freed = memcg_kmem_run_shrinker(&shrinker, &sc,
						cases[i].priority);
		KUNIT_EXPECT_EQ_MSG(test, freed, cases[i].freed, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, memcg_kmem_fake_shrinker.scans,
				    cases[i].scans, "case %d", i);
	}
}

static struct kunit_case memcg_kmem_limit_test_cases[] = {
	KUNIT_CASE(memcg_kmem_test_parse_limit),
	KUNIT_CASE(memcg_kmem_test_charge_rule),
	KUNIT_CASE(memcg_kmem_test_limit_hierarchy),
	KUNIT_CASE(memcg_kmem_test_dispatch_order),
	KUNIT_CASE(memcg_kmem_test_retry_bound),
	KUNIT_CASE(memcg_kmem_test_past_the_limit),
	KUNIT_CASE(memcg_kmem_test_run_shrinker),
	{}
};

static struct kunit_suite memcg_kmem_limit_test_suite = {
	.name = "memcg_kmem_limit",
	.init = memcg_kmem_limit_test_init,
	.test_cases = memcg_kmem_limit_test_cases,
};

kunit_test_suite(memcg_kmem_limit_test_suite);
