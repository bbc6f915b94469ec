// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: memory.kmem.slabinfo, the child caches of a
 * cgroup in the format of /proc/slabinfo, named after their root caches.
 */

#include <linux/memcontrol.h>
#include <linux/seq_file.h>

#include "memcg_kmem.h"

/**
 * memcg_kmem_slabinfo_show - show the child caches of a memory cgroup
 * @m: the seq_file of the cgroup's memory.kmem.slabinfo
 * @v: unused
 *
 * Context: process context; takes memcg_kmem_mutex.
 * Return: 0.
 */
int memcg_kmem_slabinfo_show(struct seq_file *m, void *v)
{
	struct mem_cgroup *memcg = mem_cgroup_from_seq(m);
	struct kmem_cache *child;

	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");

	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node) {
		struct slabinfo sinfo = {};

		if (child->memcg_kmem.memcg != memcg)
			continue;

		get_slabinfo(child, &sinfo);
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d",
			   child->memcg_kmem.root->name, sinfo.active_objs,
			   sinfo.num_objs, child->size, sinfo.objects_per_slab,
			   1 << sinfo.cache_order);
		seq_printf(m, " : tunables %4u %4u %4u",
			   sinfo.limit, sinfo.batchcount, sinfo.shared);
		seq_printf(m, " : slabdata %6lu %6lu %6lu\n",
			   sinfo.active_slabs, sinfo.num_slabs,
			   sinfo.shared_avail);
	}
	mutex_unlock(&memcg_kmem_mutex);
	return 0;
}
