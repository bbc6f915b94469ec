// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: charging the slab pages of child caches.
 *
 * A child cache charges whole slabs to its cgroup when the allocator gets
 * them from the page allocator and uncharges them when it gives them back,
 * so objects are allocated and freed without any per-object accounting.
 * The charge goes through the child's obj_cgroup: after the cgroup is
 * deleted it lands on the parent, where it is uncharged as well.
 */

#include <linux/memcontrol.h>

#include "memcg_kmem.h"

/**
 * memcg_kmem_slab_bytes - the bytes a slab of a given order charges
 * @order: page order of the slab
 *
 * Return: the slab's size in bytes.
 */
unsigned long memcg_kmem_slab_bytes(int order)
{
	return PAGE_SIZE << order;
}

/* Account @bytes of slab in the memory.stat of the child's cgroup. */
static void memcg_kmem_mod_slab_state(struct kmem_cache *s, struct slab *slab,
				      int bytes)
{
	struct mem_cgroup *memcg;
	struct lruvec *lruvec;

	rcu_read_lock();
	memcg = obj_cgroup_memcg(s->memcg_kmem.objcg);
	lruvec = mem_cgroup_lruvec(memcg, slab_pgdat(slab));
	mod_memcg_lruvec_state(lruvec, cache_vmstat_idx(s), bytes);
	rcu_read_unlock();
}

int __memcg_kmem_charge_slab(struct kmem_cache *s, struct slab *slab,
			     int order, gfp_t gfp)
{
	int ret;

	ret = obj_cgroup_charge_pages(s->memcg_kmem.objcg, gfp, 1U << order);
	if (ret)
		return ret;

	memcg_kmem_mod_slab_state(s, slab, memcg_kmem_slab_bytes(order));
	percpu_ref_get(&s->memcg_kmem.refcnt);
	return 0;
}

void __memcg_kmem_uncharge_slab(struct kmem_cache *s, struct slab *slab,
				int order)
{
	memcg_kmem_mod_slab_state(s, slab, -(int)memcg_kmem_slab_bytes(order));
	obj_cgroup_uncharge_pages(s->memcg_kmem.objcg, 1U << order);
	/* The last slab of an orphan: @s may be destroyed from here on. */
	percpu_ref_put(&s->memcg_kmem.refcnt);
}
