// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_kmem_test - drive accounted slab allocations from user space.
 *
 * On load, creates the cache "memcg_kmem_test" (512-byte objects,
 * SLAB_ACCOUNT) and /proc/memcg_kmem_test.  Commands written to the
 * proc file run in the writer's context, so the writer's memory cgroup
 * is charged:
 *
 *   alloc N    allocate N objects from the cache (GFP_KERNEL)
 *   kmalloc N  do N kmalloc(256, GFP_KERNEL_ACCOUNT)
 *   ralloc N   allocate N objects from "memcg_kmem_test_reclaimable", a
 *              cache registered with a shrinker that frees them, per
 *              cgroup, when a cgroup meets its kernel-memory limit
 *   atomic N   allocate N objects from the cache with GFP_ATOMIC under a
 *              spinlock
 *   irqoff N   the same with interrupts disabled
 *   softirq N  the same from a timer callback (softirq context), which no
 *              cgroup is charged for
 *   warm       allocate and free one object of each cache (a cgroup's
 *              first allocation asks for its child cache, made by a
 *              workqueue)
 *   free       free everything the module holds
 *
 * Reading the file prints "objects N\nkmalloc N\nreclaimable N\nshrunk N\n"
 * (shrunk: objects the shrinker freed since the module was loaded).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/memcg_kmem.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
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

/* Both kinds of object start with their list link. */
struct mkt_obj {
	struct list_head node;
};

static struct kmem_cache *mkt_cache;
static struct proc_dir_entry *mkt_proc;

static DEFINE_MUTEX(mkt_lock);
static LIST_HEAD(mkt_objs);
static LIST_HEAD(mkt_kmallocs);
static unsigned long mkt_nr_objs;
static unsigned long mkt_nr_kmallocs;

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

static int mkt_alloc(unsigned long n)
{
	unsigned long i;

	mutex_lock(&mkt_lock);
	for (i = 0; i < n && !fatal_signal_pending(current); i++) {
		struct mkt_obj *obj = kmem_cache_alloc(mkt_cache, GFP_KERNEL);

		if (!obj)
			break;
		list_add(&obj->node, &mkt_objs);
		mkt_nr_objs++;
		cond_resched();
	}
	mutex_unlock(&mkt_lock);
	return i == n ? 0 : -ENOMEM;
}

static int mkt_kmalloc(unsigned long n)
{
	unsigned long i;

	mutex_lock(&mkt_lock);
	for (i = 0; i < n && !fatal_signal_pending(current); i++) {
		struct mkt_obj *obj = kmalloc(MKT_KMALLOC_SIZE,
					      GFP_KERNEL_ACCOUNT);

		if (!obj)
			break;
		list_add(&obj->node, &mkt_kmallocs);
		mkt_nr_kmallocs++;
		cond_resched();
	}
	mutex_unlock(&mkt_lock);
	return i == n ? 0 : -ENOMEM;
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

static void mkt_free_all(void)
{
	struct mkt_robj *robj, *rtmp;
	LIST_HEAD(robjs);

	struct mkt_obj *obj, *tmp;

	mutex_lock(&mkt_lock);
	list_for_each_entry_safe(obj, tmp, &mkt_objs, node) {
		list_del(&obj->node);
		kmem_cache_free(mkt_cache, obj);
		cond_resched();
	}
	list_for_each_entry_safe(obj, tmp, &mkt_kmallocs, node) {
		list_del(&obj->node);
		kfree(obj);
		cond_resched();
	}
	mkt_nr_objs = 0;
	mkt_nr_kmallocs = 0;
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
		void *obj;

		if (arg && *arg)
			return -EINVAL;
		obj = kmem_cache_alloc(mkt_cache, GFP_KERNEL);
		if (!obj)
			return -ENOMEM;
		kmem_cache_free(mkt_cache, obj);
		obj = kmem_cache_alloc(mkt_rcache, GFP_KERNEL);
		if (!obj)
			return -ENOMEM;
		kmem_cache_free(mkt_rcache, obj);
		return count;
	}

	if (!strcmp(cmd, "free")) {
		if (arg && *arg)
			return -EINVAL;
		mkt_free_all();
		return count;
	}

	if (!arg || kstrtoul(arg, 0, &n))
		return -EINVAL;

	if (!strcmp(cmd, "alloc"))
		ret = mkt_alloc(n);
	else if (!strcmp(cmd, "kmalloc"))
		ret = mkt_kmalloc(n);
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
	mutex_lock(&mkt_lock);
	seq_printf(m, "objects %lu\nkmalloc %lu\n",
		   mkt_nr_objs, mkt_nr_kmallocs);
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

static const struct proc_ops mkt_proc_ops = {
	.proc_open	= mkt_open,
	.proc_read	= seq_read,
	.proc_write	= mkt_write,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

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

	mkt_proc = proc_create(MKT_NAME, 0600, NULL, &mkt_proc_ops);
	if (!mkt_proc)
		goto err_register;
	return 0;

err_register:
	memcg_kmem_unregister_cache(mkt_rcache, &mkt_shrinker);
err_rcache:
	kmem_cache_destroy(mkt_rcache);
err_cache:
	kmem_cache_destroy(mkt_cache);
	return -ENOMEM;
}

static void __exit mkt_exit(void)
{
	proc_remove(mkt_proc);
	memcg_kmem_unregister_cache(mkt_rcache, &mkt_shrinker);
	mkt_free_all();
	kmem_cache_destroy(mkt_rcache);
	kmem_cache_destroy(mkt_cache);
}

module_init(mkt_init);
module_exit(mkt_exit);

MODULE_DESCRIPTION("memcg-kmem test module: accounted slab allocations on demand");
MODULE_LICENSE("GPL");
