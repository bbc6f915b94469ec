// SPDX-License-Identifier: GPL-2.0
/*
 * A per-instance shrinker and a list_lru: report, but do not convert
 * (a human has to pick the shrinker).
 */
#include <linux/list_lru.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

struct bar {
	struct list_head lru;
};

struct bar_sb {
	struct shrinker shrinker;
	struct list_lru lru;
};

static struct kmem_cache *bar_cachep;

static unsigned long bar_scan(struct shrinker *s, struct shrink_control *sc)
{
	return 0;
}

void bar_put(struct bar_sb *sb, struct bar *b)
{
	if (!list_lru_add(&sb->lru, &b->lru))
		kmem_cache_free(bar_cachep, b);
}

int bar_fill_super(struct bar_sb *sb)
{
	sb->shrinker.scan_objects = bar_scan;
	sb->shrinker.seeks = DEFAULT_SEEKS;
	return register_shrinker(&sb->shrinker, "bar");
}

static int __init bar_init(void)
{
	bar_cachep = kmem_cache_create("bar", sizeof(struct bar), 0, 0, NULL);
	return bar_cachep ? 0 : -ENOMEM;
}
