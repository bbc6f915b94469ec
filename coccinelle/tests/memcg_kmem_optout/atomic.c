// SPDX-License-Identifier: GPL-2.0
/* Atomic allocations: may run in interrupt context. */
#include <linux/slab.h>

struct foo {
	int a;
};

static struct kmem_cache *foo_cachep;

struct foo *foo_get(void)
{
	return kmem_cache_alloc(foo_cachep, GFP_ATOMIC);
}

void *foo_buf(size_t n)
{
	return kcalloc(n, sizeof(struct foo), GFP_NOWAIT | __GFP_ZERO);
}

char *foo_name(const char *s)
{
	return kstrdup(s, GFP_ATOMIC);
}
