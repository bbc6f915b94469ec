// SPDX-License-Identifier: GPL-2.0
/* One file-scope shrinker that reclaims a cache's objects: convert. */
#include <linux/shrinker.h>
#include <linux/slab.h>

struct foo {
	struct list_head lru;
};

static struct kmem_cache *foo_cachep;
static LIST_HEAD(foo_free_list);

static unsigned long foo_count(struct shrinker *s, struct shrink_control *sc)
{
	return list_empty(&foo_free_list) ? 0 : 1;
}

static unsigned long foo_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct foo *f, *n;
	unsigned long freed = 0;

	list_for_each_entry_safe(f, n, &foo_free_list, lru) {
		list_del(&f->lru);
		kmem_cache_free(foo_cachep, f);
		freed++;
	}
	return freed;
}

static struct shrinker foo_shrinker = {
	.count_objects = foo_count,
	.scan_objects = foo_scan,
	.seeks = DEFAULT_SEEKS,
};

static int __init foo_init(void)
{
	int err;

	foo_cachep = KMEM_CACHE(foo, SLAB_PANIC);
	err = register_shrinker(&foo_shrinker, "foo");
	if (err)
		return err;
	return 0;
}
