// SPDX-License-Identifier: GPL-2.0
/* The framework's refused caches by name, wherever they are created. */
#include <linux/slab.h>

static struct kmem_cache *kmem_cache_node;
static struct kmem_cache *foo_cachep;

void __init foo_caches_init(void)
{
	kmem_cache_node = kmem_cache_create("kmem_cache_node", 64, 0,
					    SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT,
					    NULL);
	create_kmalloc_cache("kmalloc-foo-64", 64, SLAB_ACCOUNT, 0, 0);
	foo_cachep = kmem_cache_create("foo", 64, 0, SLAB_ACCOUNT, NULL);
	foo_cachep = kmem_cache_create("kmemleak_object", 64, 0,
				       SLAB_NOLEAKTRACE | SLAB_ACCOUNT, NULL);
}
