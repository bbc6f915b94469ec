// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: memory.kmem.slabinfo, the child caches of a
 * cgroup and what it holds per object in root caches, in the format of
 * /proc/slabinfo, named after their root caches.
 */

#include <linux/cgroup.h>
#include <linux/init.h>
#include <linux/memcontrol.h>
#include <linux/seq_file.h>

#include "memcg_kmem.h"

/*
 * The per-object rows: for each root cache, the objects charged to @memcg
 * per object (its own obj_cgroup's and its deleted descendants'), of the
 * size each is charged, with no slab of their own. slab_mutex held.
 */
static void memcg_kmem_slabinfo_objects(struct seq_file *m,
					struct mem_cgroup *memcg)
{
	struct kmem_cache *s;

	lockdep_assert_held(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		unsigned long objects;

		/* Never charged per object: no count to read. */
		if (memcg_kmem_is_child(s) ||
		    READ_ONCE(s->memcg_kmem.usage_id) <= 0)
			continue;
		objects = memcg_kmem_memcg_held(memcg, s);
		if (!objects)
			continue;
		seq_printf(m, "%-17s %6lu %6lu %6zu %4u %4d",
			   s->name, objects, objects,
			   obj_full_size(s), 0, 0);
		seq_printf(m, " : tunables %4u %4u %4u", 0, 0, 0);
		seq_printf(m, " : slabdata %6u %6u %6u : per-object\n", 0, 0, 0);
	}
}

/**
 * memcg_kmem_slabinfo_show - show the slab caches of a memory cgroup
 * @m: the seq_file of the cgroup's memory.kmem.slabinfo
 * @v: unused
 *
 * One line per child cache of the cgroup, then one per root cache in which
 * the cgroup holds objects charged per object. Those lines end in
 * ": per-object"; their slab columns are zero, as the objects live in the
 * slabs of the shared root cache, and the object size is what each object
 * is charged.
 *
 * Context: process context; takes slab_mutex and memcg_kmem_mutex.
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

	mutex_lock(&slab_mutex);
	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node) {
		struct slabinfo sinfo = {};

		if (child->memcg_kmem.memcg != memcg)
			continue;

		get_slabinfo(child, &sinfo);
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d",
			   child->memcg_kmem.root_cache->name, sinfo.active_objs,
			   sinfo.num_objs, child->size, sinfo.objects_per_slab,
			   1 << sinfo.cache_order);
		seq_printf(m, " : tunables %4u %4u %4u",
			   sinfo.limit, sinfo.batchcount, sinfo.shared);
		seq_printf(m, " : slabdata %6lu %6lu %6lu\n",
			   sinfo.active_slabs, sinfo.num_slabs,
			   sinfo.shared_avail);
	}
	mutex_unlock(&memcg_kmem_mutex);
	memcg_kmem_slabinfo_objects(m, memcg);
	mutex_unlock(&slab_mutex);
	return 0;
}

/* memory.kmem.slabinfo on cgroup v2, in the root too (memcg_kmem.track_root). */
static struct cftype memcg_kmem_slabinfo_files[] = {
	{
		.name = "kmem.slabinfo",
		.seq_show = memcg_kmem_slabinfo_show,
	},
	{ }	/* terminate */
};

static int __init memcg_kmem_slabinfo_files_init(void)
{
	WARN_ON(cgroup_add_dfl_cftypes(&memory_cgrp_subsys,
				       memcg_kmem_slabinfo_files));
	return 0;
}
subsys_initcall(memcg_kmem_slabinfo_files_init);
