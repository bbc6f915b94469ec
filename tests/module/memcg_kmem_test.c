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
 *   free       free everything the module holds
 *
 * Reading the file prints "objects N\nkmalloc M\n".
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define MKT_NAME	"memcg_kmem_test"
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

static void mkt_free_all(void)
{
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

	mkt_proc = proc_create(MKT_NAME, 0600, NULL, &mkt_proc_ops);
	if (!mkt_proc) {
		kmem_cache_destroy(mkt_cache);
		return -ENOMEM;
	}
	return 0;
}

static void __exit mkt_exit(void)
{
	proc_remove(mkt_proc);
	mkt_free_all();
	kmem_cache_destroy(mkt_cache);
}

module_init(mkt_init);
module_exit(mkt_exit);

MODULE_DESCRIPTION("memcg-kmem test module: accounted slab allocations on demand");
MODULE_LICENSE("GPL");
