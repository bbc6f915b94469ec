// SPDX-License-Identifier: GPL-2.0
/*
 * Must not be reported: a cache already registered, a cache whose objects
 * are not freed in this file, and a file-scope cache without a shrinker.
 */
#include <linux/memcg_kmem.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

static struct kmem_cache *done_cachep;
static struct kmem_cache *other_cachep;

static unsigned long baz_scan(struct shrinker *s, struct shrink_control *sc)
{
	kmem_cache_free(done_cachep, NULL);
	return 0;
}

static struct shrinker baz_shrinker = {
	.scan_objects = baz_scan,
};

static int __init baz_init(void)
{
	done_cachep = kmem_cache_create("baz_done", 32, 0, 0, NULL);
	other_cachep = kmem_cache_create("baz_other", 32, 0, 0, NULL);
	if (register_shrinker(&baz_shrinker, "baz"))
		return -ENOMEM;
	return memcg_kmem_register_cache(done_cachep, &baz_shrinker);
}
