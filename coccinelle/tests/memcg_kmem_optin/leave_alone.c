// SPDX-License-Identifier: GPL-2.0
/*
 * Caches that must not be reported: already accounted, accounted at the
 * call site, or only allocated from kernel-internal paths.
 */
#include <linux/fs.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/timer.h>

static struct kmem_cache *acct_cachep;
static struct kmem_cache *site_cachep;
static struct kmem_cache *timer_cachep;
static struct kmem_cache *shrink_cachep;

static int foo_open(struct inode *inode, struct file *file)
{
	void *a = kmem_cache_alloc(acct_cachep, GFP_KERNEL);
	void *b = kmem_cache_alloc(site_cachep, GFP_KERNEL_ACCOUNT);

	return a && b ? 0 : -ENOMEM;
}

static const struct file_operations foo_fops = {
	.open = foo_open,
};

static void foo_timer_fn(struct timer_list *t)
{
	kmem_cache_free(timer_cachep,
			kmem_cache_alloc(timer_cachep, GFP_ATOMIC));
}

static unsigned long foo_scan(struct shrinker *s, struct shrink_control *sc)
{
	return kmem_cache_alloc(shrink_cachep, GFP_KERNEL) ? 1 : 0;
}

static struct shrinker foo_shrinker = {
	.scan_objects = foo_scan,
};

static int __init foo_init(void)
{
	acct_cachep = kmem_cache_create("foo_acct", 32, 0,
					SLAB_PANIC | SLAB_ACCOUNT, NULL);
	site_cachep = kmem_cache_create("foo_site", 32, 0, SLAB_PANIC, NULL);
	timer_cachep = kmem_cache_create("foo_timer", 32, 0, SLAB_PANIC, NULL);
	shrink_cachep = kmem_cache_create("foo_shr", 32, 0, SLAB_PANIC, NULL);
	return 0;
}
