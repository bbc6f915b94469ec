// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_kmem_test - drive accounted slab allocations from user space.
 *
 * On load, creates the cache "memcg_kmem_test" (512-byte objects,
 * SLAB_ACCOUNT), four caches of the same object size for the accounting
 * policy (memory.kmem.cache_policy), one of page-sized objects, and
 * the command file memcg_kmem_test in debugfs:
 *
 *   memcg_kmem_test_plain      no flag: the default policy decides
 *   memcg_kmem_test_noaccount  SLAB_NOACCOUNT
 *   memcg_kmem_test_kconfig    no flag; accounted through the Kconfig
 *                              list CONFIG_MEMCG_KMEM_ACCOUNT_CACHES
 *   memcg_kmem_test_boot       SLAB_ACCOUNT; a test boot unaccounts it
 *                              with memcg_kmem.noaccount=
 *   memcg_kmem_test_page       SLAB_ACCOUNT, PAGE_SIZE objects
 *
 * Commands written to the command file run in the writer's context, so the
 * writer's memory cgroup is charged for what is accounted:
 *
 *   alloc N    allocate N objects from the cache (GFP_KERNEL)
 *   calloc CACHE N [noaccount|account|nofail]...
 *              allocate N objects from CACHE: test (the cache of alloc),
 *              plain, noaccount, kconfig, boot, page (PAGE_SIZE objects,
 *              SLAB_ACCOUNT, used by nothing else) or kmalloc (256 bytes,
 *              held with those of kmalloc), with GFP_KERNEL and each mark's
 *              flag added: __GFP_NOACCOUNT, __GFP_ACCOUNT, __GFP_NOFAIL
 *   kmalloc N  do N kmalloc(256, GFP_KERNEL_ACCOUNT)
 *   kmalloc-plain N
 *              do N kmalloc(256, GFP_KERNEL): accounted only if the
 *              kmalloc caches are (the opt-out default)
 *   ralloc N   allocate N objects from "memcg_kmem_test_reclaimable", a
 *              cache registered with a shrinker that frees them, per
 *              cgroup, when a cgroup meets its kernel-memory limit
 *   atomic N   allocate N objects from the cache with GFP_ATOMIC under a
 *              spinlock
 *   irqoff N   the same with interrupts disabled
 *   softirq N  the same from a timer callback (softirq context), which no
 *              cgroup is charged for
 *   warm       allocate and free one object of each cache but page (a cgroup's
 *              first allocation from an accounted cache asks for its
 *              child cache, made by a workqueue)
 *   free       free everything the module holds
 *   leak       on unload, leave the objects of alloc allocated (told to
 *              kmemleak): kmem_cache_destroy() then meets child caches
 *              that still have objects
 *
 * Reading the file prints one "NAME COUNT" line each for objects (held
 * from the cache of alloc), kmalloc, kmalloc-plain, plain, noaccount,
 * kconfig, boot (held from those caches), reclaimable and shrunk (objects
 * the shrinker freed since the module was loaded).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/list.h>
#include <linux/memcg_kmem.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

#define MKT_NAME	"memcg_kmem_test"
#define MKT_RNAME	"memcg_kmem_test_reclaimable"
#define MKT_OBJ_SIZE	512
#define MKT_KMALLOC_SIZE	256
#define MKT_CMD_MAX	64

/* Every kind of object starts with its list link. */
struct mkt_obj {
	struct list_head node;
};

static struct kmem_cache *mkt_cache;
static struct dentry *mkt_cmd_file;

/* mkt_lock guards the lists of objects and their counts. */
static DEFINE_MUTEX(mkt_lock);
static LIST_HEAD(mkt_objs);
static LIST_HEAD(mkt_kmallocs);
static LIST_HEAD(mkt_kmallocs_plain);
static unsigned long mkt_nr_objs;
static unsigned long mkt_nr_kmallocs;
static unsigned long mkt_nr_kmallocs_plain;
static bool mkt_leak;	/* the objects of alloc outlive the module */

/* The caches of the accounting policy tests, each with its objects. */
struct mkt_pcache {
	const char *word;	/* in calloc and in the command file */
	const char *name;
	slab_flags_t flags;
	unsigned int size;	/* MKT_OBJ_SIZE if 0 */
	struct kmem_cache *cache;
	struct list_head objs;
	unsigned long nr;
};

static struct mkt_pcache mkt_pcaches[] = {
	{ .word = "plain",	.name = MKT_NAME "_plain" },
	{ .word = "noaccount",	.name = MKT_NAME "_noaccount",
	  .flags = SLAB_NOACCOUNT },
	{ .word = "kconfig",	.name = MKT_NAME "_kconfig" },
	{ .word = "boot",	.name = MKT_NAME "_boot",
	  .flags = SLAB_ACCOUNT },
	/*
	 * Objects of a page: a cgroup's first one, charged on its own while
	 * the child cache is made, always needs a page of its own.
	 */
	{ .word = "page",	.name = MKT_NAME "_page",
	  .flags = SLAB_ACCOUNT, .size = PAGE_SIZE },
};

/*
 * The policy caches' constructor, which does nothing. A cache with a
 * constructor is never merged with another (find_mergeable()), so each of
 * them stays a root cache of its own, under its own name and with its own
 * policy, rather than an alias of another cache of the same object size.
 */
static void mkt_ctor(void *obj)
{
}

/*
 * Reclaimable objects remember the cgroup they were allocated in (only to
 * compare: no reference). A spinlock, not mkt_lock, guards them: the
 * shrinker runs inside allocations, including this module's.
 */
struct mkt_robj {
	struct list_head node;
	struct mem_cgroup *memcg;
};

static struct kmem_cache *mkt_rcache;
static DEFINE_SPINLOCK(mkt_rlock);
static LIST_HEAD(mkt_robjs);
static unsigned long mkt_nr_robjs;
static unsigned long mkt_nr_shrunk;

/*
 * Allocate @n objects from @cache, or of MKT_KMALLOC_SIZE bytes with
 * kmalloc() if @cache is NULL, onto @objs, counted in @nr.
 */
static int mkt_alloc_to(struct kmem_cache *cache, gfp_t gfp, unsigned long n,
			struct list_head *objs, unsigned long *nr)
{
	unsigned long i;

	mutex_lock(&mkt_lock);
	for (i = 0; i < n && !fatal_signal_pending(current); i++) {
		struct mkt_obj *obj;

		if (cache)
			obj = kmem_cache_alloc(cache, gfp);
		else
			obj = kmalloc(MKT_KMALLOC_SIZE, gfp);
		if (!obj)
			break;
		list_add(&obj->node, objs);
		(*nr)++;
		cond_resched();
	}
	mutex_unlock(&mkt_lock);
	return i == n ? 0 : -ENOMEM;
}

static int mkt_alloc(unsigned long n)
{
	return mkt_alloc_to(mkt_cache, GFP_KERNEL, n, &mkt_objs, &mkt_nr_objs);
}

static int mkt_kmalloc(unsigned long n)
{
	return mkt_alloc_to(NULL, GFP_KERNEL_ACCOUNT, n, &mkt_kmallocs,
			    &mkt_nr_kmallocs);
}

static int mkt_kmalloc_plain(unsigned long n)
{
	return mkt_alloc_to(NULL, GFP_KERNEL, n, &mkt_kmallocs_plain,
			    &mkt_nr_kmallocs_plain);
}

static struct mkt_pcache *mkt_pcache_find(const char *word)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(mkt_pcaches); i++) {
		if (!strcmp(mkt_pcaches[i].word, word))
			return &mkt_pcaches[i];
	}
	return NULL;
}

/* The next word of *@s (NULL if none), moving *@s past it. */
static char *mkt_next_word(char **s)
{
	if (!*s)
		return NULL;
	*s = skip_spaces(*s);
	if (!**s)
		return NULL;
	return strsep(s, " \t");
}

/* calloc CACHE N [noaccount|account|nofail]... */
static int mkt_calloc(char *args)
{
	char *word = mkt_next_word(&args);
	char *num = mkt_next_word(&args);
	struct mkt_pcache *pc;
	gfp_t gfp = GFP_KERNEL;
	unsigned long n;
	char *mark;

	if (!num || kstrtoul(num, 0, &n))
		return -EINVAL;
	while ((mark = mkt_next_word(&args))) {
		if (!strcmp(mark, "noaccount"))
			gfp |= __GFP_NOACCOUNT;
		else if (!strcmp(mark, "account"))
			gfp |= __GFP_ACCOUNT;
		else if (!strcmp(mark, "nofail"))
			gfp |= __GFP_NOFAIL;
		else
			return -EINVAL;
	}

	if (!strcmp(word, "test"))
		return mkt_alloc_to(mkt_cache, gfp, n, &mkt_objs,
				    &mkt_nr_objs);
	if (!strcmp(word, "kmalloc"))
		return mkt_alloc_to(NULL, gfp, n, &mkt_kmallocs,
				    &mkt_nr_kmallocs);
	pc = mkt_pcache_find(word);
	if (!pc)
		return -EINVAL;
	return mkt_alloc_to(pc->cache, gfp, n, &pc->objs, &pc->nr);
}

static struct mem_cgroup *mkt_current_memcg(void)
{
	struct mem_cgroup *memcg = get_mem_cgroup_from_mm(current->mm);

	/* Compared, never dereferenced: drop the reference at once. */
	if (memcg)
		css_put(&memcg->css);
	return memcg;
}

static int mkt_ralloc(unsigned long n)
{
	struct mem_cgroup *memcg = mkt_current_memcg();
	unsigned long i;

	for (i = 0; i < n && !fatal_signal_pending(current); i++) {
		/* No lock held: the allocation may run the shrinker. */
		struct mkt_robj *obj = kmem_cache_alloc(mkt_rcache, GFP_KERNEL);

		if (!obj)
			break;
		obj->memcg = memcg;
		spin_lock(&mkt_rlock);
		list_add_tail(&obj->node, &mkt_robjs);
		mkt_nr_robjs++;
		spin_unlock(&mkt_rlock);
		cond_resched();
	}
	return i == n ? 0 : -ENOMEM;
}

static unsigned long mkt_rcount(struct shrinker *shrinker,
				struct shrink_control *sc)
{
	struct mkt_robj *obj;
	unsigned long n = 0;

	spin_lock(&mkt_rlock);
	list_for_each_entry(obj, &mkt_robjs, node)
		n += obj->memcg == sc->memcg;
	spin_unlock(&mkt_rlock);
	return n ?: SHRINK_EMPTY;
}

/* Free the oldest objects of sc->memcg. */
static unsigned long mkt_rscan(struct shrinker *shrinker,
			       struct shrink_control *sc)
{
	struct mkt_robj *obj, *tmp;
	unsigned long n = 0;
	LIST_HEAD(victims);

	spin_lock(&mkt_rlock);
	list_for_each_entry_safe(obj, tmp, &mkt_robjs, node) {
		if (n == sc->nr_to_scan)
			break;
		if (obj->memcg != sc->memcg)
			continue;
		list_move(&obj->node, &victims);
		n++;
	}
	mkt_nr_robjs -= n;
	mkt_nr_shrunk += n;
	spin_unlock(&mkt_rlock);

	list_for_each_entry_safe(obj, tmp, &victims, node)
		kmem_cache_free(mkt_rcache, obj);
	return n;
}

static struct shrinker mkt_shrinker = {
	.count_objects	= mkt_rcount,
	.scan_objects	= mkt_rscan,
	.seeks		= DEFAULT_SEEKS,
	.flags		= SHRINKER_MEMCG_AWARE,
};

/* Contexts that may not sleep (N at most MKT_ATOMIC_MAX at a time). */
#define MKT_ATOMIC_MAX	4096

enum mkt_context { MKT_SPINLOCK, MKT_IRQOFF, MKT_SOFTIRQ };

static DEFINE_SPINLOCK(mkt_atomic_lock);

/* Allocate @n objects onto @objs without sleeping; returns how many. */
static unsigned long mkt_alloc_atomic(unsigned long n, struct list_head *objs)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		struct mkt_obj *obj = kmem_cache_alloc(mkt_cache, GFP_ATOMIC);

		if (!obj)
			break;
		list_add(&obj->node, objs);
	}
	return i;
}

struct mkt_timer_work {
	struct timer_list timer;
	unsigned long n, done;
	struct list_head objs;
	struct completion completion;
};

static void mkt_timer_fn(struct timer_list *t)
{
	struct mkt_timer_work *w = from_timer(w, t, timer);

	w->done = mkt_alloc_atomic(w->n, &w->objs);
	complete(&w->completion);
}

static int mkt_alloc_context(unsigned long n, enum mkt_context ctx)
{
	struct mkt_timer_work w;
	unsigned long flags, done;
	LIST_HEAD(objs);

	if (n > MKT_ATOMIC_MAX)
		return -EINVAL;

	switch (ctx) {
	case MKT_SPINLOCK:
		spin_lock(&mkt_atomic_lock);
		done = mkt_alloc_atomic(n, &objs);
		spin_unlock(&mkt_atomic_lock);
		break;
	case MKT_IRQOFF:
		local_irq_save(flags);
		done = mkt_alloc_atomic(n, &objs);
		local_irq_restore(flags);
		break;
	default:
		w.n = n;
		INIT_LIST_HEAD(&w.objs);
		init_completion(&w.completion);
		timer_setup_on_stack(&w.timer, mkt_timer_fn, 0);
		mod_timer(&w.timer, jiffies + 1);
		wait_for_completion(&w.completion);
		del_timer_sync(&w.timer);
		destroy_timer_on_stack(&w.timer);
		done = w.done;
		list_splice(&w.objs, &objs);
		break;
	}

	mutex_lock(&mkt_lock);
	list_splice(&objs, &mkt_objs);
	mkt_nr_objs += done;
	mutex_unlock(&mkt_lock);
	return done == n ? 0 : -ENOMEM;
}

/* Free the objects on @objs, from @cache or kmalloc() if NULL; mkt_lock. */
static void mkt_free_list(struct kmem_cache *cache, struct list_head *objs,
			  unsigned long *nr)
{
	struct mkt_obj *obj, *tmp;

	list_for_each_entry_safe(obj, tmp, objs, node) {
		list_del(&obj->node);
		if (cache)
			kmem_cache_free(cache, obj);
		else
			kfree(obj);
		cond_resched();
	}
	*nr = 0;
}

static void mkt_free_all(void)
{
	struct mkt_robj *robj, *rtmp;
	LIST_HEAD(robjs);
	int i;

	mutex_lock(&mkt_lock);
	mkt_free_list(mkt_cache, &mkt_objs, &mkt_nr_objs);
	mkt_free_list(NULL, &mkt_kmallocs, &mkt_nr_kmallocs);
	mkt_free_list(NULL, &mkt_kmallocs_plain, &mkt_nr_kmallocs_plain);
	for (i = 0; i < ARRAY_SIZE(mkt_pcaches); i++)
		mkt_free_list(mkt_pcaches[i].cache, &mkt_pcaches[i].objs,
			      &mkt_pcaches[i].nr);
	mutex_unlock(&mkt_lock);

	spin_lock(&mkt_rlock);
	list_splice_init(&mkt_robjs, &robjs);
	mkt_nr_robjs = 0;
	spin_unlock(&mkt_rlock);
	list_for_each_entry_safe(robj, rtmp, &robjs, node) {
		kmem_cache_free(mkt_rcache, robj);
		cond_resched();
	}
}

/*
 * Allocate and free one object of each cache: in a cgroup, the first
 * accounted allocation from a cache asks for the cgroup's child cache.
 * Unaccounted caches make no child: warming them does nothing.
 */
static int mkt_warm(void)
{
	struct kmem_cache *caches[ARRAY_SIZE(mkt_pcaches) + 2];
	int i, n = 0;

	caches[n++] = mkt_cache;
	caches[n++] = mkt_rcache;
	for (i = 0; i < ARRAY_SIZE(mkt_pcaches); i++)
		if (!mkt_pcaches[i].size)	/* page: used by calloc only */
			caches[n++] = mkt_pcaches[i].cache;
	for (i = 0; i < n; i++) {
		void *obj = kmem_cache_alloc(caches[i], GFP_KERNEL);

		if (!obj)
			return -ENOMEM;
		kmem_cache_free(caches[i], obj);
	}
	return 0;
}

static ssize_t mkt_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char buf[MKT_CMD_MAX];
	unsigned long n;
	char *cmd, *arg;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	arg = strim(buf);
	cmd = strsep(&arg, " \t");
	if (arg)
		arg = skip_spaces(arg);

	if (!strcmp(cmd, "warm")) {
		if (arg && *arg)
			return -EINVAL;
		ret = mkt_warm();
		return ret ? ret : count;
	}

	if (!strcmp(cmd, "calloc")) {
		ret = mkt_calloc(arg);
		return ret ? ret : count;
	}

	if (!strcmp(cmd, "free")) {
		if (arg && *arg)
			return -EINVAL;
		mkt_free_all();
		return count;
	}

	if (!strcmp(cmd, "leak")) {
		if (arg && *arg)
			return -EINVAL;
		WRITE_ONCE(mkt_leak, true);
		return count;
	}

	if (!arg || kstrtoul(arg, 0, &n))
		return -EINVAL;

	if (!strcmp(cmd, "alloc"))
		ret = mkt_alloc(n);
	else if (!strcmp(cmd, "kmalloc"))
		ret = mkt_kmalloc(n);
	else if (!strcmp(cmd, "kmalloc-plain"))
		ret = mkt_kmalloc_plain(n);
	else if (!strcmp(cmd, "ralloc"))
		ret = mkt_ralloc(n);
	else if (!strcmp(cmd, "atomic"))
		ret = mkt_alloc_context(n, MKT_SPINLOCK);
	else if (!strcmp(cmd, "irqoff"))
		ret = mkt_alloc_context(n, MKT_IRQOFF);
	else if (!strcmp(cmd, "softirq"))
		ret = mkt_alloc_context(n, MKT_SOFTIRQ);
	else
		ret = -EINVAL;

	return ret ? ret : count;
}

static int mkt_show(struct seq_file *m, void *v)
{
	int i;

	mutex_lock(&mkt_lock);
	seq_printf(m, "objects %lu\nkmalloc %lu\nkmalloc-plain %lu\n",
		   mkt_nr_objs, mkt_nr_kmallocs, mkt_nr_kmallocs_plain);
	for (i = 0; i < ARRAY_SIZE(mkt_pcaches); i++)
		seq_printf(m, "%s %lu\n", mkt_pcaches[i].word,
			   mkt_pcaches[i].nr);
	mutex_unlock(&mkt_lock);
	spin_lock(&mkt_rlock);
	seq_printf(m, "reclaimable %lu\nshrunk %lu\n",
		   mkt_nr_robjs, mkt_nr_shrunk);
	spin_unlock(&mkt_rlock);
	return 0;
}

static int mkt_open(struct inode *inode, struct file *file)
{
	return single_open(file, mkt_show, NULL);
}

static const struct file_operations mkt_cmd_fops = {
	.owner		= THIS_MODULE,
	.open		= mkt_open,
	.read		= seq_read,
	.write		= mkt_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static void mkt_destroy_pcaches(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(mkt_pcaches); i++) {
		kmem_cache_destroy(mkt_pcaches[i].cache);
		mkt_pcaches[i].cache = NULL;
	}
}

static int mkt_create_pcaches(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(mkt_pcaches); i++) {
		struct mkt_pcache *pc = &mkt_pcaches[i];

		INIT_LIST_HEAD(&pc->objs);
		pc->cache = kmem_cache_create(pc->name,
					      pc->size ?: MKT_OBJ_SIZE, 0,
					      pc->flags, mkt_ctor);
		if (!pc->cache) {
			mkt_destroy_pcaches();
			return -ENOMEM;
		}
	}
	return 0;
}

static int __init mkt_init(void)
{
	mkt_cache = kmem_cache_create(MKT_NAME, MKT_OBJ_SIZE, 0,
				      SLAB_ACCOUNT, NULL);
	if (!mkt_cache)
		return -ENOMEM;
	mkt_rcache = kmem_cache_create(MKT_RNAME, MKT_OBJ_SIZE, 0,
				       SLAB_ACCOUNT, NULL);
	if (!mkt_rcache)
		goto err_cache;
	if (memcg_kmem_register_cache(mkt_rcache, &mkt_shrinker))
		goto err_rcache;
	if (mkt_create_pcaches())
		goto err_register;

	/* A debugfs file needs no check: a test without it fails to open it. */
	mkt_cmd_file = debugfs_create_file(MKT_NAME, 0600, NULL, NULL,
					   &mkt_cmd_fops);
	return 0;

err_register:
	memcg_kmem_unregister_cache(mkt_rcache, &mkt_shrinker);
err_rcache:
	kmem_cache_destroy(mkt_rcache);
err_cache:
	kmem_cache_destroy(mkt_cache);
	return -ENOMEM;
}

/* Forget the objects of alloc: they stay allocated, on purpose. */
static void mkt_leak_objs(void)
{
	struct mkt_obj *obj;

	list_for_each_entry(obj, &mkt_objs, node)
		kmemleak_not_leak(obj);
	INIT_LIST_HEAD(&mkt_objs);
	pr_info("leaving %lu objects of %s allocated\n", mkt_nr_objs, MKT_NAME);
	mkt_nr_objs = 0;
}

static void __exit mkt_exit(void)
{
	debugfs_remove(mkt_cmd_file);
	memcg_kmem_unregister_cache(mkt_rcache, &mkt_shrinker);
	if (mkt_leak)
		mkt_leak_objs();
	mkt_free_all();
	mkt_destroy_pcaches();
	kmem_cache_destroy(mkt_rcache);
	kmem_cache_destroy(mkt_cache);
}

module_init(mkt_init);
module_exit(mkt_exit);

MODULE_DESCRIPTION("memcg-kmem test module: accounted slab allocations on demand");
MODULE_LICENSE("GPL");
