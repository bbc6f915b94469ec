/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of reparenting on real cgroups: a parent and a child cgroup
 * made on an internal cgroup2 mount, a child cache of the child cgroup
 * holding objects, then the child cgroup deleted. Included at the end of
 * core.c, after core-test.h.
 *
 * The arithmetic is checked on what this series charges exactly: the kmem
 * page counter, the cgroup's slab bytes and its MEMCG_KMEM pages. The
 * memory page counter also holds the per-cpu charge batches of
 * try_charge_memcg() (up to MEMCG_CHARGE_BATCH pages per CPU), which the
 * memory controller drains when a cgroup goes offline: it is checked to
 * within those.
 *
 * The parent is charged per object for the child cgroup's own structures
 * (mem_cgroup_css_alloc() charges them to the parent), and its per-cpu
 * object stock holds the rest of a page for each. Offlining the child
 * drains every stock on a CPU that has the child's charges, the parent's
 * included, which would take that rest off the parent's kmem counter. So
 * before measuring, each CPU's object stock is handed to a scratch cgroup
 * outside the parent.
 *
 * Exactness also relies on nothing else charging the test cgroups between
 * the reads: the KUnit thread runs in the root cgroup and no task is ever
 * moved into them; the child is charged only through set_active_memcg().
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>

#define MKR_OBJECTS	1000
#define MKR_OBJECT_SIZE	256
#define MKR_WAIT_MS	10000
#define MKR_PARENT	"memcg_kmem_kunit"
#define MKR_CHILD	"child"
#define MKR_SCRATCH	"memcg_kmem_kunit_scratch"

struct memcg_kmem_reparent_fixture {
	struct vfsmount *mnt;
	bool enabled_memory;	/* this test wrote +memory at the top */
	struct dentry *parent_dir, *child_dir, *scratch_dir;
	bool child_deleted;
	struct obj_cgroup *scratch;	/* the scratch cgroup's, referenced */
	struct mem_cgroup *parent, *child;	/* each holds a css reference */
	struct kmem_cache *root;		/* the test's root cache */
	struct kmem_cache *cache;		/* its child cache for ->child */
	bool cache_ref;		/* holds a reference on ->cache's refcnt */
	unsigned int nr_objs;
	void *objs[MKR_OBJECTS];
};

/* What a cgroup is charged, hierarchically, as memory.stat shows it. */
struct memcg_kmem_reparent_counts {
	unsigned long kmem;		/* kmem page counter, pages */
	unsigned long memory;		/* memory page counter, pages */
	unsigned long slab;		/* NR_SLAB_UNRECLAIMABLE_B, bytes */
	unsigned long kmem_stat;	/* MEMCG_KMEM, pages */
};

static void mkr_counts(struct mem_cgroup *memcg,
		       struct memcg_kmem_reparent_counts *c)
{
	/* Exact statistics: flush every CPU's deltas, not only past a threshold. */
	cgroup_rstat_flush(root_mem_cgroup->css.cgroup);
	c->kmem = page_counter_read(&memcg->kmem);
	c->memory = page_counter_read(&memcg->memory);
	c->slab = memcg_page_state(memcg, NR_SLAB_UNRECLAIMABLE_B);
	c->kmem_stat = memcg_page_state(memcg, MEMCG_KMEM);
}

static int mkr_write(struct vfsmount *mnt, struct dentry *dir,
		     const char *file, const char *text)
{
	struct path path = { .mnt = mnt, .dentry = dir };
	struct file *f;
	loff_t pos = 0;
	ssize_t ret;

	f = file_open_root(&path, file, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = kernel_write(f, text, strlen(text), &pos);
	filp_close(f, NULL);
	return ret < 0 ? ret : 0;
}

static bool mkr_top_has_memory(struct vfsmount *mnt)
{
	struct path path = { .mnt = mnt, .dentry = mnt->mnt_root };
	char buf[256] = "";
	struct file *f;
	loff_t pos = 0;

	f = file_open_root(&path, "cgroup.subtree_control", O_RDONLY, 0);
	if (IS_ERR(f))
		return false;
	kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	return strstr(buf, "memory");
}

/* Make cgroup @name in @dir; returns its dentry or an ERR_PTR. */
static struct dentry *mkr_mkdir(struct dentry *dir, const char *name)
{
	struct dentry *d;
	int ret;

	inode_lock_nested(d_inode(dir), I_MUTEX_PARENT);
	d = lookup_one_len(name, dir, strlen(name));
	if (IS_ERR(d)) {
		inode_unlock(d_inode(dir));
		return d;
	}
	ret = vfs_mkdir(memcg_kmem_nop_idmap, d_inode(dir), d, 0755);
	dput(d);
	inode_unlock(d_inode(dir));
	if (ret)
		return ERR_PTR(ret);
	/* kernfs leaves the new dentry negative: look the directory up. */
	d = lookup_one_len_unlocked(name, dir, strlen(name));
	if (!IS_ERR(d) && d_is_negative(d)) {
		dput(d);
		d = ERR_PTR(-ENOENT);
	}
	return d;
}

static int mkr_rmdir(struct dentry *dir, struct dentry *d)
{
	int ret;

	inode_lock_nested(d_inode(dir), I_MUTEX_PARENT);
	ret = vfs_rmdir(memcg_kmem_nop_idmap, d_inode(dir), d);
	inode_unlock(d_inode(dir));
	return ret;
}

static struct mem_cgroup *mkr_memcg(struct dentry *d)
{
	struct cgroup_subsys_state *css;

	css = css_tryget_online_from_dir(d, &memory_cgrp_subsys);
	return IS_ERR(css) ? NULL : mem_cgroup_from_css(css);
}

/* Wait up to MKR_WAIT_MS for @done(@arg); true if it came. */
static bool mkr_wait(bool (*done)(void *arg), void *arg)
{
	unsigned int ms;

	for (ms = 0; ms < MKR_WAIT_MS; ms += 20) {
		if (done(arg))
			return true;
		msleep(20);
	}
	return done(arg);
}

static bool mkr_offline(void *memcg)
{
	return !mem_cgroup_online(memcg);
}

/* The emptied orphan @cache is destroyed once its last slab is gone. */
static bool mkr_destroyed(void *cache)
{
	rcu_barrier();		/* slabs freed by RCU */
	flush_workqueue(memcg_kmem_wq);
	return !memcg_kmem_test_listed(cache);
}

/* Charge and uncharge a few bytes on this CPU: its object stock is @objcg's. */
static long mkr_take_stock(void *objcg)
{
	if (!obj_cgroup_charge(objcg, GFP_KERNEL, sizeof(long)))
		obj_cgroup_uncharge(objcg, sizeof(long));
	return 0;
}

/* Drain every CPU's object stock into the scratch cgroup's. */
static void mkr_settle_stocks(struct memcg_kmem_reparent_fixture *fx)
{
	int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		work_on_cpu(cpu, mkr_take_stock, fx->scratch);
	cpus_read_unlock();
}

/* Whether no memcg below @memcg is left, dying ones included. */
static bool mkr_childless(void *memcg)
{
	bool ret;

	rcu_read_lock();
	ret = !css_next_child(NULL, &((struct mem_cgroup *)memcg)->css);
	rcu_read_unlock();
	return ret;
}

/*
 * The parent cgroup, its child with the memory controller, a 256-byte
 * SLAB_ACCOUNT root cache and the child cgroup's child cache of it, made
 * as the workqueue makes it: the child cgroup is never charged per object.
 */
static int memcg_kmem_reparent_init(struct kunit *test)
{
	struct memcg_kmem_reparent_fixture *fx;
	struct file_system_type *type;
	struct mem_cgroup *memcg;
	struct dentry *d;

	fx = kzalloc(sizeof(*fx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx);
	test->priv = fx;

	if (mem_cgroup_disabled() || !memcg_kmem_wq ||
	    !cgroup_subsys_on_dfl(memory_cgrp_subsys))
		kunit_skip(test, "no memory controller on cgroup v2");

	type = get_fs_type("cgroup2");
	KUNIT_ASSERT_NOT_NULL(test, type);
	fx->mnt = kern_mount(type);
	put_filesystem(type);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(fx->mnt), "cgroup2 mount: %ld",
			       PTR_ERR(fx->mnt));

	if (!mkr_top_has_memory(fx->mnt)) {
		KUNIT_ASSERT_EQ(test, mkr_write(fx->mnt, fx->mnt->mnt_root,
						"cgroup.subtree_control",
						"+memory"), 0);
		fx->enabled_memory = true;
	}
	d = mkr_mkdir(fx->mnt->mnt_root, MKR_PARENT);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(d), "mkdir %s: %ld", MKR_PARENT,
			       PTR_ERR(d));
	fx->parent_dir = d;
	KUNIT_ASSERT_EQ(test, mkr_write(fx->mnt, fx->parent_dir,
					"cgroup.subtree_control", "+memory"), 0);
	d = mkr_mkdir(fx->parent_dir, MKR_CHILD);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(d), "mkdir %s: %ld", MKR_CHILD,
			       PTR_ERR(d));
	fx->child_dir = d;

	d = mkr_mkdir(fx->mnt->mnt_root, MKR_SCRATCH);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(d), "mkdir %s: %ld", MKR_SCRATCH,
			       PTR_ERR(d));
	fx->scratch_dir = d;
	memcg = mkr_memcg(fx->scratch_dir);
	KUNIT_ASSERT_NOT_NULL(test, memcg);
	fx->scratch = memcg_kmem_get_objcg(memcg);
	css_put(&memcg->css);
	KUNIT_ASSERT_NOT_NULL(test, fx->scratch);

	fx->parent = mkr_memcg(fx->parent_dir);
	fx->child = mkr_memcg(fx->child_dir);
	KUNIT_ASSERT_NOT_NULL(test, fx->parent);
	KUNIT_ASSERT_NOT_NULL(test, fx->child);
	KUNIT_ASSERT_PTR_EQ(test, parent_mem_cgroup(fx->child), fx->parent);

	/* A usercopy region keeps it from being merged into another cache. */
	fx->root = kmem_cache_create_usercopy("memcg_kmem_kunit_reparent",
					      MKR_OBJECT_SIZE, 0, SLAB_ACCOUNT,
					      0, MKR_OBJECT_SIZE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, fx->root);
	if (!memcg_kmem_cache_accounted(fx->root, GFP_KERNEL))
		kunit_skip(test, "the policy leaves the test cache unaccounted");
	fx->cache = memcg_kmem_create_child(fx->root, fx->child);
	KUNIT_ASSERT_NOT_NULL(test, fx->cache);
	/*
	 * Hold the child as an allocation sleeping for a new slab does, so
	 * that the test decides when the orphan may go. The cgroup is online
	 * until the test deletes it: the child cannot go before this.
	 */
	percpu_ref_get(&fx->cache->memcg_kmem.refcnt);
	fx->cache_ref = true;
	return 0;
}

/* Undo whatever of the fixture exists, in reverse. */
static void memcg_kmem_reparent_exit(struct kunit *test)
{
	struct memcg_kmem_reparent_fixture *fx = test->priv;

	if (!fx)
		return;
	while (fx->nr_objs)
		kmem_cache_free(fx->root, fx->objs[--fx->nr_objs]);
	if (fx->cache_ref)
		percpu_ref_put(&fx->cache->memcg_kmem.refcnt);
	kmem_cache_destroy(fx->root);
	if (fx->child)
		css_put(&fx->child->css);
	if (fx->parent)
		css_put(&fx->parent->css);
	if (fx->child_dir) {
		if (!fx->child_deleted)
			mkr_rmdir(fx->parent_dir, fx->child_dir);
		dput(fx->child_dir);
	}
	if (fx->parent_dir) {
		mkr_rmdir(fx->mnt->mnt_root, fx->parent_dir);
		dput(fx->parent_dir);
	}
	if (fx->scratch)
		obj_cgroup_put(fx->scratch);
	if (fx->scratch_dir) {
		mkr_rmdir(fx->mnt->mnt_root, fx->scratch_dir);
		dput(fx->scratch_dir);
	}
	if (fx->enabled_memory)
		mkr_write(fx->mnt, fx->mnt->mnt_root, "cgroup.subtree_control",
			  "-memory");
	if (!IS_ERR_OR_NULL(fx->mnt))
		kern_unmount(fx->mnt);
	kfree(fx);
}

/* Fill the child cgroup's child cache, charging nothing per object. */
static void mkr_fill(struct kunit *test, struct memcg_kmem_reparent_fixture *fx)
{
	struct mem_cgroup *old = set_active_memcg(fx->child);

	while (fx->nr_objs < MKR_OBJECTS) {
		void *obj = kmem_cache_alloc(fx->root, GFP_KERNEL);

		if (!obj)
			break;
		fx->objs[fx->nr_objs++] = obj;
		if (virt_to_slab(obj)->slab_cache != fx->cache)
			break;
	}
	set_active_memcg(old);
	KUNIT_ASSERT_EQ(test, fx->nr_objs, MKR_OBJECTS);
	KUNIT_ASSERT_PTR_EQ(test,
			    virt_to_slab(fx->objs[MKR_OBJECTS - 1])->slab_cache,
			    fx->cache);
	/*
	 * Give empty slabs and per-cpu caches back now, while the child cgroup
	 * still pays for them: the orphan's own shrinking then has nothing
	 * left to return, and what moves to the parent is exactly the slabs
	 * that hold the objects.
	 */
	kmem_cache_shrink(fx->cache);
}

/* Delete the child cgroup and wait until its child cache is an orphan. */
static void mkr_delete_child(struct kunit *test,
			     struct memcg_kmem_reparent_fixture *fx)
{
	KUNIT_ASSERT_EQ(test, mkr_rmdir(fx->parent_dir, fx->child_dir), 0);
	fx->child_deleted = true;
	KUNIT_ASSERT_TRUE_MSG(test, mkr_wait(mkr_offline, fx->child),
			      "the child cgroup stayed online");
	flush_workqueue(memcg_kmem_wq);		/* the orphan is shrunk */
	KUNIT_EXPECT_NULL(test, READ_ONCE(fx->cache->memcg_kmem.memcg));
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, obj_cgroup_memcg(fx->cache->memcg_kmem.objcg),
			    fx->parent);
	rcu_read_unlock();
}

/*
 * Free the objects; the orphan, shrunk, gives its slabs back, and with the
 * last of them its last reference: it is destroyed.
 */
static void mkr_free_all(struct kunit *test,
			 struct memcg_kmem_reparent_fixture *fx)
{
	struct kmem_cache *cache = fx->cache;

	while (fx->nr_objs)
		kmem_cache_free(fx->root, fx->objs[--fx->nr_objs]);
	kmem_cache_shrink(cache);
	fx->cache_ref = false;
	percpu_ref_put(&cache->memcg_kmem.refcnt);
	KUNIT_EXPECT_TRUE_MSG(test, mkr_wait(mkr_destroyed, cache),
			      "the emptied orphan was not destroyed");
}

/*
 * Deleting a cgroup moves its kernel memory to the parent exactly: the
 * parent's own usage plus the child's is the parent's usage after, and
 * freeing the objects later takes exactly the child's share off it.
 */
static void memcg_kmem_test_reparent_exact(struct kunit *test)
{
	struct memcg_kmem_reparent_fixture *fx = test->priv;
	struct memcg_kmem_reparent_counts p0, c0, p1, p2;
	unsigned long batches = MEMCG_CHARGE_BATCH * num_possible_cpus();

	mkr_fill(test, fx);
	mkr_settle_stocks(fx);
	mkr_counts(fx->parent, &p0);
	mkr_counts(fx->child, &c0);

	/* The child pays for its slabs and nothing else, page for page. */
	KUNIT_EXPECT_GE(test, c0.slab, MKR_OBJECTS * MKR_OBJECT_SIZE);
	KUNIT_EXPECT_EQ(test, c0.slab, c0.kmem * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c0.kmem_stat, c0.kmem);
	KUNIT_EXPECT_GE(test, c0.memory, c0.kmem);
	/* Counters and statistics are hierarchical. */
	KUNIT_EXPECT_GE(test, p0.kmem, c0.kmem);
	KUNIT_EXPECT_GE(test, p0.slab, c0.slab);

	mkr_delete_child(test, fx);
	mkr_counts(fx->parent, &p1);
	kunit_info(test, "parent own %lu + child %lu kmem pages -> %lu",
		   p0.kmem - c0.kmem, c0.kmem, p1.kmem);
	KUNIT_EXPECT_EQ(test, p1.kmem, (p0.kmem - c0.kmem) + c0.kmem);
	KUNIT_EXPECT_EQ(test, p1.slab, (p0.slab - c0.slab) + c0.slab);
	KUNIT_EXPECT_EQ(test, p1.kmem_stat,
			(p0.kmem_stat - c0.kmem_stat) + c0.kmem_stat);
	/* Only the child's unused charge batches went. */
	KUNIT_EXPECT_LE(test, p1.memory, p0.memory);
	KUNIT_EXPECT_GE(test, p1.memory + batches, p0.memory);
	KUNIT_EXPECT_GE(test, p1.memory, c0.kmem);

	mkr_free_all(test, fx);
	mkr_counts(fx->parent, &p2);
	KUNIT_EXPECT_EQ(test, p2.kmem, p1.kmem - c0.kmem);
	KUNIT_EXPECT_EQ(test, p2.slab, p1.slab - c0.slab);
	KUNIT_EXPECT_EQ(test, p2.kmem_stat, p1.kmem_stat - c0.kmem_stat);
	/* Uncharged pages may wait in a per-cpu batch before they go. */
	KUNIT_EXPECT_LE(test, p2.memory, p1.memory);
	KUNIT_EXPECT_LE(test, p2.memory, p1.memory - c0.kmem + batches);
	KUNIT_EXPECT_GE(test, p2.memory + c0.kmem + batches, p1.memory);
}

/*
 * The deleted cgroup's memcg is freed while its orphan still holds objects,
 * and those objects, freed after it is gone, are uncharged from the parent.
 */
static void memcg_kmem_test_reparent_unpinned(struct kunit *test)
{
	struct memcg_kmem_reparent_fixture *fx = test->priv;
	struct memcg_kmem_reparent_counts p1, p2, c0;

	mkr_fill(test, fx);
	mkr_counts(fx->child, &c0);
	mkr_delete_child(test, fx);

	css_put(&fx->child->css);
	fx->child = NULL;
	KUNIT_EXPECT_TRUE_MSG(test, mkr_wait(mkr_childless, fx->parent),
			      "the deleted cgroup stayed dying with %u objects in its orphan",
			      fx->nr_objs);
	KUNIT_EXPECT_TRUE(test, memcg_kmem_test_listed(fx->cache));

	mkr_counts(fx->parent, &p1);
	mkr_free_all(test, fx);
	mkr_counts(fx->parent, &p2);
	/*
	 * The orphan's slabs leave exactly. The parent's own kmem may fall
	 * further meanwhile: the deleted cgroup's structures, charged to the
	 * parent, are freed after an RCU grace period.
	 */
	KUNIT_EXPECT_LE(test, p2.kmem, p1.kmem - c0.kmem);
	KUNIT_EXPECT_EQ(test, p2.slab, p1.slab - c0.slab);
}

/*
 * Objects charged per object are counted by obj_cgroup: once their cgroup
 * is deleted, its obj_cgroup, now its parent's, still counts them, the
 * parent's sum has them, and their frees take the count back to zero. No
 * child cache is made for a cache whose granularity is "never".
 */
static void memcg_kmem_test_reparent_counts(struct kunit *test)
{
	struct memcg_kmem_reparent_fixture *fx = test->priv;
	struct obj_cgroup *objcg;
	struct mem_cgroup *old;
	struct kmem_cache *s;
	void **objs;
	int i, n;

	objs = kunit_kcalloc(test, MKR_OBJECTS, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	s = kmem_cache_create_usercopy("memcg_kmem_kunit_counts",
				       MKR_OBJECT_SIZE, 0, SLAB_ACCOUNT, 0,
				       MKR_OBJECT_SIZE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	WRITE_ONCE(s->memcg_kmem.granularity, MEMCG_KMEM_GRANULARITY_NEVER);
	objcg = memcg_kmem_get_objcg(fx->child);
	KUNIT_ASSERT_NOT_NULL(test, objcg);

	old = set_active_memcg(fx->child);
	for (n = 0; n < MKR_OBJECTS; n++) {
		objs[n] = kmem_cache_alloc(s, GFP_KERNEL);
		if (!objs[n])
			break;
	}
	set_active_memcg(old);
	KUNIT_EXPECT_EQ(test, n, MKR_OBJECTS);
	KUNIT_EXPECT_FALSE(test, memcg_kmem_has_children(s));
	KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s, objcg), n);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, memcg_kmem_memcg_holds(s, fx->child));
	KUNIT_EXPECT_FALSE(test, memcg_kmem_memcg_holds(s, fx->parent));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, memcg_kmem_memcg_held(fx->child, s), n);
	KUNIT_EXPECT_EQ(test, memcg_kmem_memcg_held(fx->parent, s), 0);

	mkr_delete_child(test, fx);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, obj_cgroup_memcg(objcg), fx->parent);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s, objcg), n);
	KUNIT_EXPECT_EQ(test, memcg_kmem_memcg_held(fx->parent, s), n);

	for (i = 0; i < n / 2; i++)
		kmem_cache_free(s, objs[i]);
	KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s, objcg), n - n / 2);
	for (; i < n; i++)
		kmem_cache_free(s, objs[i]);
	KUNIT_EXPECT_EQ(test, memcg_kmem_objects_held(s, objcg), 0);
	KUNIT_EXPECT_EQ(test, memcg_kmem_memcg_held(fx->parent, s), 0);
	obj_cgroup_put(objcg);
	kmem_cache_destroy(s);
}

static struct kunit_case memcg_kmem_reparent_cases[] = {
	KUNIT_CASE(memcg_kmem_test_reparent_exact),
	KUNIT_CASE(memcg_kmem_test_reparent_unpinned),
	KUNIT_CASE(memcg_kmem_test_reparent_counts),
	{}
};

static struct kunit_suite memcg_kmem_reparent_suite = {
	.name = "memcg_kmem_reparent",
	.init = memcg_kmem_reparent_init,
	.exit = memcg_kmem_reparent_exit,
	.test_cases = memcg_kmem_reparent_cases,
};

kunit_test_suite(memcg_kmem_reparent_suite);
