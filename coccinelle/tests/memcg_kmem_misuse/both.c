// SPDX-License-Identifier: GPL-2.0
/* Contradicting accounting flags, and their correct uses. */
#include <linux/slab.h>

struct foo {
	int a;
};

static struct kmem_cache *foo_cachep;
static struct kmem_cache *bar_cachep;

void *foo_both(void)
{
	gfp_t gfp;

	gfp = GFP_KERNEL_ACCOUNT | __GFP_NOACCOUNT;
	kfree(kmalloc(8, gfp));
	return kzalloc(16, GFP_KERNEL | __GFP_ACCOUNT | __GFP_NOACCOUNT);
}

void *foo_fine(void)
{
	kfree(kmalloc(8, GFP_KERNEL | __GFP_NOACCOUNT));
	return kmalloc(8, GFP_KERNEL_ACCOUNT);
}

static int __init foo_init(void)
{
	foo_cachep = KMEM_CACHE(foo, SLAB_ACCOUNT | SLAB_NOACCOUNT);
	bar_cachep = kmem_cache_create("bar", 8, 0, SLAB_NOACCOUNT, NULL);
	return 0;
}
