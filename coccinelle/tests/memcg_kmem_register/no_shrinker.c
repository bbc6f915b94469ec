// SPDX-License-Identifier: GPL-2.0
/* Must not be reported: objects are freed, but nothing here reclaims them. */
#include <linux/slab.h>

static struct kmem_cache *qux_cachep;

void qux_free(void *p)
{
	kmem_cache_free(qux_cachep, p);
}

static int __init qux_init(void)
{
	qux_cachep = kmem_cache_create("qux", 32, 0, 0, NULL);
	return qux_cachep ? 0 : -ENOMEM;
}
