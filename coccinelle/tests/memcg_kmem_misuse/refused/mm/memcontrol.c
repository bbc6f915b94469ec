// SPDX-License-Identifier: GPL-2.0
/* Caches in a file whose caches the framework refuses to account. */
#include <linux/slab.h>

struct memcg_thing {
	int a;
};

static struct kmem_cache *thing_cachep;
static struct kmem_cache *plain_cachep;

void *memcg_thing_alloc(void)
{
	kmem_cache_free(plain_cachep,
			kmem_cache_alloc(plain_cachep, GFP_KERNEL));
	return kmem_cache_alloc(thing_cachep, GFP_KERNEL_ACCOUNT);
}

static int __init memcg_things_init(void)
{
	thing_cachep = KMEM_CACHE(memcg_thing, SLAB_PANIC | SLAB_ACCOUNT);
	plain_cachep = kmem_cache_create("memcg_plain", 8, 0, SLAB_PANIC, NULL);
	return 0;
}
