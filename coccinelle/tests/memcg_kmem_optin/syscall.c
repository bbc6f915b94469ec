// SPDX-License-Identifier: GPL-2.0
/* A cache allocated from a syscall and a syscall's direct callee. */
#include <linux/slab.h>
#include <linux/syscalls.h>

struct foo {
	int a;
};

struct bar {
	long b;
};

static struct kmem_cache *foo_cachep;
static struct kmem_cache *bar_cachep;

static struct bar *bar_new(void)
{
	return kmem_cache_zalloc(bar_cachep, GFP_KERNEL);
}

SYSCALL_DEFINE2(foo, int, a, unsigned long, b)
{
	struct foo *f = kmem_cache_alloc(foo_cachep, GFP_KERNEL);
	struct bar *g = bar_new();

	if (!f || !g)
		return -ENOMEM;
	return 0;
}

static int __init foo_init(void)
{
	foo_cachep = KMEM_CACHE(foo, 0);
	bar_cachep = kmem_cache_create("bar", sizeof(struct bar), 0,
				       SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	return 0;
}
