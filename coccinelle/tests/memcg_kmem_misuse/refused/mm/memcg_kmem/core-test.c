// SPDX-License-Identifier: GPL-2.0
/* The framework's own tests create accounted caches on purpose: no report. */
#include <linux/slab.h>

static int memcg_kmem_test_cache(void)
{
	struct kmem_cache *s;

	s = kmem_cache_create("memcg_kmem_kunit", 96, 0, SLAB_ACCOUNT, NULL);
	if (!s)
		return -ENOMEM;
	kmem_cache_destroy(s);
	return 0;
}
