/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the per-cgroup slab cache core: array growth and indexing,
 * lookup, child naming and charge arithmetic, the root-cache hooks on a
 * real cache, the cgroup charged per context and when a request for a
 * child cache is taken. Included at the end of core.c so that the statics are in reach.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/irq_work.h>
#include <linux/timer.h>

static void memcg_kmem_test_array_grow_sizes(struct kunit *test)
{
	static const struct {
		int id;
		unsigned int size;
	} cases[] = {
		{ 0, MEMCG_KMEM_ARRAY_MIN },
		{ 1, MEMCG_KMEM_ARRAY_MIN },
		{ MEMCG_KMEM_ARRAY_MIN - 1, MEMCG_KMEM_ARRAY_MIN },
		{ MEMCG_KMEM_ARRAY_MIN, 2 * MEMCG_KMEM_ARRAY_MIN },
		{ 100, 128 },
		{ 127, 128 },
		{ 128, 256 },
		{ 65535, 65536 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct memcg_kmem_array *arr;

		arr = memcg_kmem_array_grow(NULL, cases[i].id, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, arr);
		KUNIT_EXPECT_EQ_MSG(test, arr->size, cases[i].size,
				    "id %d", cases[i].id);
		KUNIT_EXPECT_GT(test, arr->size, (unsigned int)cases[i].id);
		kfree(arr);
	}
}

static void memcg_kmem_test_array_grow_rejects(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, memcg_kmem_array_grow(NULL, -1, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, memcg_kmem_array_grow(NULL, INT_MAX,
						      GFP_KERNEL));
}

/* Growing keeps every entry in its slot and leaves new slots empty. */
static void memcg_kmem_test_array_grow_copies(struct kunit *test)
{
	struct kmem_cache *fake = (struct kmem_cache *)test;
	struct memcg_kmem_array *small, *big;
	int id;

	small = memcg_kmem_array_grow(NULL, 3, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, small);
	for (id = 0; id < small->size; id += 3)
		small->caches[id] = fake + id;

	big = memcg_kmem_array_grow(small, 1000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_EQ(test, big->size, 1024U);
	for (id = 0; id < big->size; id++) {
		struct kmem_cache *want = NULL;

		if (id < small->size && id % 3 == 0)
			want = fake + id;
		KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_array_lookup(big, id), want);
	}

	/* An id that already fits keeps the size. */
	kfree(big);
	big = memcg_kmem_array_grow(small, 5, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_EQ(test, big->size, small->size);
	kfree(big);
	kfree(small);
}

static void memcg_kmem_test_array_lookup_bounds(struct kunit *test)
{
	struct kmem_cache *fake = (struct kmem_cache *)test;
	struct memcg_kmem_array *arr;

	KUNIT_EXPECT_NULL(test, memcg_kmem_array_lookup(NULL, 0));

	arr = memcg_kmem_array_grow(NULL, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, arr);
	arr->caches[0] = fake;
	arr->caches[arr->size - 1] = fake + 1;

	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_array_lookup(arr, 0), fake);
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_array_lookup(arr, arr->size - 1),
			    fake + 1);
	KUNIT_EXPECT_NULL(test, memcg_kmem_array_lookup(arr, 1));
	KUNIT_EXPECT_NULL(test, memcg_kmem_array_lookup(arr, arr->size));
	KUNIT_EXPECT_NULL(test, memcg_kmem_array_lookup(arr, -1));
	KUNIT_EXPECT_NULL(test, memcg_kmem_array_lookup(arr, INT_MAX));
	kfree(arr);
}

static void memcg_kmem_test_child_name(struct kunit *test)
{
	char *name;

	name = memcg_kmem_child_name("dentry", 7, "web", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_EXPECT_STREQ(test, name, "dentry(7:web)");
	kfree(name);

	name = memcg_kmem_child_name("kmalloc-cg-64", 65535, "a.b-c",
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_EXPECT_STREQ(test, name, "kmalloc-cg-64(65535:a.b-c)");
	kfree(name);
}

static void memcg_kmem_test_slab_bytes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, memcg_kmem_slab_bytes(0), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, memcg_kmem_slab_bytes(1), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, memcg_kmem_slab_bytes(3), 8 * PAGE_SIZE);
}

/*
 * The root-cache hooks on a real SLAB_ACCOUNT cache: a new cache is a root
 * with no children; allocations from contexts without a cgroup (the KUnit
 * thread is a kernel thread) stay in it; objects free back to it.
 */
static void memcg_kmem_test_root_cache(struct kunit *test)
{
	struct obj_cgroup *objcg = NULL;
	struct kmem_cache *s;
	void *obj;

	/* A usercopy region keeps it from being merged into another cache. */
	s = kmem_cache_create_usercopy("memcg_kmem_kunit", 96, 0, SLAB_ACCOUNT,
				       0, 96, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);

	KUNIT_EXPECT_FALSE(test, memcg_kmem_is_child(s));
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_root_cache(s), s);
	KUNIT_EXPECT_FALSE(test, memcg_kmem_has_children(s));
	KUNIT_EXPECT_TRUE(test, memcg_kmem_cache_accounted(s, GFP_KERNEL));
	/* KUnit runs in a kernel thread: no cgroup, nothing to charge. */
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_pick_cache(s, NULL, GFP_KERNEL, 1,
							&objcg), s);
	KUNIT_EXPECT_NULL(test, objcg);

	obj = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_EXPECT_PTR_EQ(test, virt_to_slab(obj)->slab_cache, s);
	KUNIT_EXPECT_NULL(test, memcg_kmem_slab_memcg(virt_to_slab(obj)));
	kmem_cache_free(s, obj);

	kmem_cache_destroy(s);
}

/*
 * Make a child cache of @root the way memcg_kmem_create_child() does, for
 * the root cgroup (never given children for real, so it cannot collide with a real
 * child) and without an obj_cgroup (so nothing is allocated from it).
 * Returns the child, published in @root's array, or NULL.
 */
static struct kmem_cache *memcg_kmem_test_make_child(struct kmem_cache *root)
{
	int id = mem_cgroup_id(root_mem_cgroup);
	struct memcg_kmem_cache params = {
		.root_cache = root,
		.memcg = root_mem_cgroup,
		.memcg_id = id,
	};
	struct memcg_kmem_array *arr;
	struct kmem_cache *child;
	const char *name;

	name = memcg_kmem_child_name(root->name, id, "kunit", GFP_KERNEL);
	if (!name)
		return NULL;

	cpus_read_lock();
	get_online_mems();
	mutex_lock(&slab_mutex);
	mutex_lock(&memcg_kmem_mutex);
	arr = memcg_kmem_reserve_slot(root, id);
	child = arr ? kmem_cache_create_child(root, name, &params) : NULL;
	if (IS_ERR_OR_NULL(child)) {
		kfree(name);
		child = NULL;
	} else if (percpu_ref_init(&child->memcg_kmem.refcnt,
				   memcg_kmem_child_release, 0, GFP_KERNEL)) {
		kmem_cache_destroy_child(child);	/* frees the name */
		child = NULL;
	} else {
		memcg_kmem_publish_child(arr, child);
	}
	mutex_unlock(&memcg_kmem_mutex);
	mutex_unlock(&slab_mutex);
	put_online_mems();
	cpus_read_unlock();
	return child;
}

/* A SLAB_ACCOUNT root cache with one test child, or NULL after a failure. */
static struct kmem_cache *memcg_kmem_test_family(struct kunit *test,
						 const char *name,
						 unsigned int size,
						 slab_flags_t flags,
						 struct kmem_cache **childp)
{
	struct kmem_cache *root;

	/* Unmergeable (a usercopy region), so that its children are its own. */
	root = kmem_cache_create_usercopy(name, size, 0, SLAB_ACCOUNT | flags,
					  0, size, NULL);
	KUNIT_ASSERT_NOT_NULL(test, root);
	*childp = memcg_kmem_test_make_child(root);
	if (!*childp) {
		kmem_cache_destroy(root);
		KUNIT_FAIL(test, "child creation failed");
		return NULL;
	}
	return root;
}

/*
 * A child cache's geometry, flags, lookup, and destruction with its root
 * while it is live.
 */
static void memcg_kmem_test_child_cache(struct kunit *test)
{
	struct mem_cgroup *owner = root_mem_cgroup;
	struct kmem_cache *root, *child;
	char want[64];

	if (mem_cgroup_disabled() || !owner)
		kunit_skip(test, "memory cgroups are disabled");

	root = memcg_kmem_test_family(test, "memcg_kmem_kunit_root", 200,
				      SLAB_HWCACHE_ALIGN, &child);
	if (!root)
		return;

	KUNIT_EXPECT_TRUE(test, memcg_kmem_is_child(child));
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_root_cache(child), root);
	KUNIT_EXPECT_TRUE(test, memcg_kmem_has_children(root));
	snprintf(want, sizeof(want), "memcg_kmem_kunit_root(%d:kunit)",
		 mem_cgroup_id(owner));
	KUNIT_EXPECT_STREQ(test, child->name, want);
	KUNIT_EXPECT_EQ(test, child->object_size, root->object_size);
	KUNIT_EXPECT_EQ(test, child->size, root->size);
	KUNIT_EXPECT_EQ(test, child->align, root->align);
	KUNIT_EXPECT_FALSE(test, child->flags & SLAB_ACCOUNT);
	KUNIT_EXPECT_TRUE(test, child->flags & SLAB_HWCACHE_ALIGN);
	KUNIT_EXPECT_TRUE(test, slab_unmergeable(child));

	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, memcg_kmem_lookup(root, owner), child);
	rcu_read_unlock();

	/* An orphan is no longer found. */
	WRITE_ONCE(child->memcg_kmem.memcg, NULL);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, memcg_kmem_lookup(root, owner));
	rcu_read_unlock();

	/* Destroying the root destroys the child and drops the array. */
	kmem_cache_destroy(root);
	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node)
		KUNIT_EXPECT_PTR_NE(test, child->memcg_kmem.root_cache, root);
	mutex_unlock(&memcg_kmem_mutex);
}

static bool memcg_kmem_test_listed(struct kmem_cache *child)
{
	struct kmem_cache *c;
	bool found = false;

	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry(c, &memcg_kmem_children, memcg_kmem.node)
		found |= c == child;
	mutex_unlock(&memcg_kmem_mutex);
	return found;
}

/*
 * An orphan's lifecycle: once its reference is killed and its last holder
 * is gone, the workqueue destroys it, before and without its root cache.
 * The holder is an allocation that sleeps for a new slab of the orphan
 * (memcg_kmem_grow_begin()), the one holder allocations take.
 */
static void memcg_kmem_test_orphan_destroyed(struct kunit *test)
{
	struct kmem_cache *root, *child;
	struct memcg_kmem_array *arr;

	if (mem_cgroup_disabled() || !root_mem_cgroup || !memcg_kmem_wq)
		kunit_skip(test, "memory cgroups are disabled");

	root = memcg_kmem_test_family(test, "memcg_kmem_kunit_orphan", 64, 0,
				      &child);
	if (!root)
		return;
	KUNIT_EXPECT_TRUE(test, memcg_kmem_test_listed(child));

	/* An allocation sleeping for a new slab keeps the orphan. */
	memcg_kmem_pick_lock();
	memcg_kmem_grow_begin(child, GFP_KERNEL);
	/* It may sleep now: the pick's section is over. */
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT) && !IS_ENABLED(CONFIG_PREEMPT_RT))
		KUNIT_EXPECT_TRUE(test, preemptible());
	mutex_lock(&memcg_kmem_mutex);
	arr = memcg_kmem_children_of(root);
	WRITE_ONCE(arr->caches[child->memcg_kmem.memcg_id], NULL);
	WRITE_ONCE(child->memcg_kmem.memcg, NULL);
	percpu_ref_kill(&child->memcg_kmem.refcnt);
	mutex_unlock(&memcg_kmem_mutex);
	rcu_barrier();
	flush_workqueue(memcg_kmem_wq);
	KUNIT_EXPECT_TRUE(test, memcg_kmem_test_listed(child));

	/*
	 * Its end lets it go, before the root cache, once the allocation's
	 * RCU section is over too.
	 */
	memcg_kmem_grow_end(child, GFP_KERNEL);
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT) && !IS_ENABLED(CONFIG_PREEMPT_RT))
		KUNIT_EXPECT_FALSE(test, preemptible());
	memcg_kmem_put_cache(child);
	rcu_barrier();
	flush_workqueue(memcg_kmem_wq);
	KUNIT_EXPECT_FALSE(test, memcg_kmem_test_listed(child));

	kmem_cache_destroy(root);
}

/*
 * The cgroup an accounted allocation is charged to, per context: the task's
 * or active_memcg in task context, only the interrupt's own active memcg in
 * interrupts, never the interrupted task's. The KUnit thread is a kernel
 * thread, which is not charged unless it sets an active memcg.
 */
struct memcg_kmem_probe {
	struct mem_cgroup *set;		/* set_active_memcg() in the probe */
	struct mem_cgroup *seen;
	bool in_irq, in_softirq;
	bool done;
};

static void memcg_kmem_probe(struct memcg_kmem_probe *p)
{
	struct mem_cgroup *old = NULL;

	if (p->set)
		old = set_active_memcg(p->set);
	rcu_read_lock();
	p->seen = memcg_kmem_current_memcg();
	rcu_read_unlock();
	if (p->set)
		set_active_memcg(old);
	p->in_irq = in_hardirq();
	p->in_softirq = in_serving_softirq();
	WRITE_ONCE(p->done, true);
}

struct memcg_kmem_probe_irq {
	struct irq_work work;
	struct memcg_kmem_probe probe;
};

static void memcg_kmem_probe_irq_fn(struct irq_work *work)
{
	memcg_kmem_probe(&container_of(work, struct memcg_kmem_probe_irq,
				       work)->probe);
}

struct memcg_kmem_probe_timer {
	struct timer_list timer;
	struct memcg_kmem_probe probe;
	struct completion ran;
};

static void memcg_kmem_probe_timer_fn(struct timer_list *t)
{
	struct memcg_kmem_probe_timer *pt = from_timer(pt, t, timer);

	memcg_kmem_probe(&pt->probe);
	complete(&pt->ran);
}

static void memcg_kmem_test_context_memcg(struct kunit *test)
{
	struct mem_cgroup *root = root_mem_cgroup;
	struct memcg_kmem_probe_timer pt = {};
	struct memcg_kmem_probe_irq pi = {};
	struct memcg_kmem_probe p = {};
	struct mem_cgroup *old;
	unsigned long ran;

	/* Task context: a kernel thread is charged only to active_memcg. */
	memcg_kmem_probe(&p);
	KUNIT_EXPECT_NULL(test, p.seen);
	p.set = root;
	memcg_kmem_probe(&p);
	KUNIT_EXPECT_PTR_EQ(test, p.seen, root);

	/* Hard interrupt, while the task has an active memcg: not charged. */
	old = set_active_memcg(root);
	init_irq_work(&pi.work, memcg_kmem_probe_irq_fn);
	irq_work_queue(&pi.work);
	irq_work_sync(&pi.work);
	set_active_memcg(old);
	/* irq_work_sync() returned: the probe's writes are visible. */
	KUNIT_EXPECT_TRUE(test, READ_ONCE(pi.probe.done));
	KUNIT_EXPECT_TRUE(test, pi.probe.in_irq);
	KUNIT_EXPECT_NULL(test, pi.probe.seen);

	/* Unless the interrupt sets its own. */
	pi.probe.set = root;
	pi.probe.done = false;
	irq_work_queue(&pi.work);
	irq_work_sync(&pi.work);
	KUNIT_EXPECT_PTR_EQ(test, pi.probe.seen, root);

	/* Softirq (a timer), the task's active memcg set meanwhile. */
	old = set_active_memcg(root);
	init_completion(&pt.ran);
	timer_setup_on_stack(&pt.timer, memcg_kmem_probe_timer_fn, 0);
	mod_timer(&pt.timer, jiffies);
	ran = wait_for_completion_timeout(&pt.ran, 5 * HZ);
	del_timer_sync(&pt.timer);
	destroy_timer_on_stack(&pt.timer);
	set_active_memcg(old);
	KUNIT_ASSERT_NE(test, ran, 0UL);
	KUNIT_EXPECT_TRUE(test, pt.probe.in_softirq);
	KUNIT_EXPECT_NULL(test, pt.probe.seen);
}

/* When a request for a child cache is taken: the deferral's admission. */
static void memcg_kmem_test_create_admit(struct kunit *test)
{
	static const struct {
		bool dying;
		unsigned long now, resume;
		unsigned int nr;
		bool admit;
	} cases[] = {
		{ false, 1000, 0, 0, true },
		{ false, 1000, 1000, 0, true },		/* the pause just over */
		{ false, 999, 1000, 0, false },		/* still paused */
		{ false, 5, -10UL, 0, true },		/* across a jiffies wrap */
		{ false, -10UL, 5, 0, false },
		{ false, 1000, 0, MEMCG_KMEM_CREATE_MAX - 1, true },
		{ false, 1000, 0, MEMCG_KMEM_CREATE_MAX, false },
		{ true, 1000, 0, 0, false },		/* root being destroyed */
	};
	struct kmem_cache *root;
	int i;

	root = kunit_kzalloc(test, sizeof(*root), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, root);
	KUNIT_ASSERT_NOT_NULL(test, memcg_kmem_wq);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		root->memcg_kmem.root_dying = cases[i].dying;
		KUNIT_EXPECT_EQ_MSG(test,
				    memcg_kmem_create_admit(root, cases[i].now,
							    cases[i].resume,
							    cases[i].nr),
				    cases[i].admit, "case %d", i);
	}
}

static struct kunit_case memcg_kmem_core_cases[] = {
	KUNIT_CASE(memcg_kmem_test_array_grow_sizes),
	KUNIT_CASE(memcg_kmem_test_array_grow_rejects),
	KUNIT_CASE(memcg_kmem_test_array_grow_copies),
	KUNIT_CASE(memcg_kmem_test_array_lookup_bounds),
	KUNIT_CASE(memcg_kmem_test_child_name),
	KUNIT_CASE(memcg_kmem_test_slab_bytes),
	KUNIT_CASE(memcg_kmem_test_root_cache),
	KUNIT_CASE(memcg_kmem_test_child_cache),
	KUNIT_CASE(memcg_kmem_test_orphan_destroyed),
	KUNIT_CASE(memcg_kmem_test_context_memcg),
	KUNIT_CASE(memcg_kmem_test_create_admit),
	{}
};

static struct kunit_suite memcg_kmem_core_suite = {
	.name = "memcg_kmem_core",
	.test_cases = memcg_kmem_core_cases,
};

kunit_test_suite(memcg_kmem_core_suite);
