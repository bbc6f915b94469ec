// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: reclaim for the kernel-memory limit.
 *
 * When a charge meets the kmem limit of a cgroup, the kernel objects
 * charged under that cgroup (it and its descendants) are reclaimed in two
 * steps, the charge being retried after each (limit.c):
 *
 *  1. the shrinkers registered with caches by memcg_kmem_register_cache(),
 *     for each cgroup of the subtree that has a child cache of the cache;
 *  2. the memcg-aware shrinkers of each cgroup of the subtree: the dentry
 *     and inode list_lrus of every super block, and any other
 *     SHRINKER_MEMCG_AWARE shrinker. This step runs when the subtree uses a
 *     cache registered as reclaimed that way (with no shrinker of its own),
 *     or has deleted descendants, whose list_lru objects moved to it.
 *
 * Dentries, inodes and other objects freed through RCU go back to their
 * slabs a grace period later: when a step freed anything, the charge waits
 * for pending RCU callbacks before it retries, so that the slabs they empty
 * are uncharged first. With KASAN, freed objects then wait in its
 * quarantine, slabs and charges included, until it overflows: the wait
 * also gives back the quarantined objects of the registered caches' child
 * caches in the subtree, as kmem_cache_shrink() would. Then the subtree's
 * child caches give back the freed objects they keep for reuse (SLAB's
 * per-cpu and shared arrays) and their empty slabs, through
 * __kmem_cache_give_back(), which takes none of the locks of
 * kmem_cache_shrink() that an allocation may not take. What only
 * kmem_cache_shrink() reaches (SLUB's per-cpu slabs) is given back by a
 * work item; charges that cannot sleep queue the same work to reclaim
 * objects for them.
 */

#include <linux/cgroup.h>
#include <linux/kasan.h>
#include <linux/rwsem.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/workqueue.h>

#include "memcg_kmem.h"
#include <trace/events/memcg_kmem.h>

/* Objects a registered shrinker is asked to scan at a time. */
#define MEMCG_KMEM_SHRINK_BATCH		128UL

/**
 * struct memcg_kmem_registration - a root cache and how it is reclaimed
 * @node: in memcg_kmem_registrations
 * @cache: the cache
 * @shrinker: frees @cache's objects charged to sc->memcg, or NULL if they
 *	sit on memcg-aware list_lrus that step 2 shrinks
 */
struct memcg_kmem_registration {
	struct list_head node;
	struct kmem_cache *cache;
	struct shrinker *shrinker;
};

/*
 * Changed with the rwsem held for writing. Reclaim only try-locks it for
 * reading, as shrink_slab() does shrinker_rwsem, so that a registration
 * that allocates never waits on reclaim.
 */
static LIST_HEAD(memcg_kmem_registrations);
static DECLARE_RWSEM(memcg_kmem_registrations_rwsem);

/**
 * memcg_kmem_register_cache - declare how a cache's objects are reclaimed
 * @s: a root cache whose objects are accounted to memory cgroups
 * @shrinker: a shrinker that frees objects of @s charged to the cgroup in
 *	sc->memcg (it must be %SHRINKER_MEMCG_AWARE), or NULL if the objects
 *	sit on memcg-aware list_lrus, as dentries and inodes do
 *
 * When a cgroup meets its kernel-memory limit, @shrinker is called for each
 * cgroup of its subtree that has a child cache of @s, before the
 * memcg-aware shrinkers run. @shrinker need not be registered with
 * register_shrinker(); only its count_objects, scan_objects, batch and
 * %SHRINKER_NUMA_AWARE are used. A cache may be registered with several
 * shrinkers.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a child cache or a shrinker that is not memcg
 * aware, -EEXIST if the pair is registered, or -ENOMEM.
 */
int memcg_kmem_register_cache(struct kmem_cache *s, struct shrinker *shrinker)
{
	struct memcg_kmem_registration *reg, *pos;
	int ret = 0;

	if (WARN_ON_ONCE(!s || memcg_kmem_is_child(s)))
		return -EINVAL;
	if (shrinker && WARN_ON_ONCE(!(shrinker->flags & SHRINKER_MEMCG_AWARE)))
		return -EINVAL;

	reg = kmalloc(sizeof(*reg), GFP_KERNEL | __GFP_NOACCOUNT);
	if (!reg)
		return -ENOMEM;
	reg->cache = s;
	reg->shrinker = shrinker;

	down_write(&memcg_kmem_registrations_rwsem);
	list_for_each_entry(pos, &memcg_kmem_registrations, node) {
		if (pos->cache == s && pos->shrinker == shrinker) {
			ret = -EEXIST;
			break;
		}
	}
	if (!ret)
		list_add_tail(&reg->node, &memcg_kmem_registrations);
	up_write(&memcg_kmem_registrations_rwsem);

	if (ret)
		kfree(reg);
	return ret;
}
EXPORT_SYMBOL(memcg_kmem_register_cache);

/**
 * memcg_kmem_unregister_cache - undo memcg_kmem_register_cache()
 * @s: the cache
 * @shrinker: the shrinker it was registered with, or NULL
 *
 * Returns once no reclaim uses the registration: @shrinker may then go.
 *
 * Context: process context, may sleep.
 */
void memcg_kmem_unregister_cache(struct kmem_cache *s,
				 struct shrinker *shrinker)
{
	struct memcg_kmem_registration *reg, *found = NULL;

	down_write(&memcg_kmem_registrations_rwsem);
	list_for_each_entry(reg, &memcg_kmem_registrations, node) {
		if (reg->cache == s && reg->shrinker == shrinker) {
			list_del(&reg->node);
			found = reg;
			break;
		}
	}
	up_write(&memcg_kmem_registrations_rwsem);
	kfree(found);
}
EXPORT_SYMBOL(memcg_kmem_unregister_cache);

/*
 * Whether @memcg holds objects of @root: a live child cache of it, or
 * objects charged per object.
 */
static bool memcg_kmem_uses(struct kmem_cache *root, struct mem_cgroup *memcg)
{
	bool used;

	rcu_read_lock();
	used = memcg_kmem_memcg_holds(root, memcg);
	rcu_read_unlock();
	return used;
}

/**
 * memcg_kmem_run_shrinker - let a shrinker free objects of one cgroup
 * @shrinker: the shrinker
 * @sc: its control, with gfp_mask, nid and memcg set
 * @priority: scan 1/2^@priority of the objects it counts, at least a batch
 *
 * Return: the number of objects freed.
 */
unsigned long memcg_kmem_run_shrinker(struct shrinker *shrinker,
				      struct shrink_control *sc, int priority)
{
	unsigned long batch = shrinker->batch ?: MEMCG_KMEM_SHRINK_BATCH;
	unsigned long freeable, to_scan, freed = 0;

	freeable = shrinker->count_objects(shrinker, sc);
	if (!freeable || freeable == SHRINK_EMPTY)
		return 0;

	to_scan = max(freeable >> priority, min(freeable, batch));
	while (to_scan) {
		unsigned long ret;

		sc->nr_to_scan = min(batch, to_scan);
		sc->nr_scanned = sc->nr_to_scan;
		ret = shrinker->scan_objects(shrinker, sc);
		if (ret == SHRINK_STOP)
			break;
		freed += ret;
		to_scan -= min(to_scan, max(sc->nr_scanned, 1UL));
		cond_resched();
	}
	return freed;
}

static unsigned long memcg_kmem_shrink_one(struct memcg_kmem_registration *reg,
					   struct mem_cgroup *memcg, gfp_t gfp,
					   int priority)
{
	struct shrink_control sc = { .gfp_mask = gfp, .memcg = memcg };
	unsigned long freed = 0;
	int nid;

	if (!(reg->shrinker->flags & SHRINKER_NUMA_AWARE)) {
		freed = memcg_kmem_run_shrinker(reg->shrinker, &sc, priority);
	} else {
		for_each_node_state(nid, N_MEMORY) {
			sc.nid = nid;
			freed += memcg_kmem_run_shrinker(reg->shrinker, &sc,
							 priority);
		}
	}
	trace_memcg_kmem_shrink(memcg, reg->cache->name, priority, freed);
	return freed;
}

/**
 * memcg_kmem_shrink_registered - step 1: the registered shrinkers
 * @over: the kmem counter of the cgroup whose limit was met
 * @gfp: the reclaim context
 * @priority: the scan priority
 *
 * Return: the number of objects freed.
 */
unsigned long memcg_kmem_shrink_registered(struct page_counter *over,
					   gfp_t gfp, int priority)
{
	struct mem_cgroup *root = memcg_kmem_counter_memcg(over);
	struct memcg_kmem_registration *reg;
	struct mem_cgroup *memcg;
	unsigned long freed = 0;

	if (!down_read_trylock(&memcg_kmem_registrations_rwsem))
		return 0;
	memcg = mem_cgroup_iter(root, NULL, NULL);
	do {
		list_for_each_entry(reg, &memcg_kmem_registrations, node) {
			if (reg->shrinker && memcg_kmem_uses(reg->cache, memcg))
				freed += memcg_kmem_shrink_one(reg, memcg, gfp,
							       priority);
		}
	} while ((memcg = mem_cgroup_iter(root, memcg, NULL)));
	up_read(&memcg_kmem_registrations_rwsem);
	return freed;
}

/* Whether @root's subtree may hold objects on memcg-aware list_lrus. */
static bool memcg_kmem_uses_list_lrus(struct mem_cgroup *root)
{
	struct memcg_kmem_registration *reg;
	struct mem_cgroup *memcg;
	bool used = false;

	if (READ_ONCE(root->css.cgroup->nr_dying_descendants))
		return true;
	if (!down_read_trylock(&memcg_kmem_registrations_rwsem))
		return true;
	memcg = mem_cgroup_iter(root, NULL, NULL);
	do {
		list_for_each_entry(reg, &memcg_kmem_registrations, node) {
			if (!reg->shrinker && memcg_kmem_uses(reg->cache, memcg)) {
				used = true;
				break;
			}
		}
		if (used) {
			mem_cgroup_iter_break(root, memcg);
			break;
		}
	} while ((memcg = mem_cgroup_iter(root, memcg, NULL)));
	up_read(&memcg_kmem_registrations_rwsem);
	return used;
}

/**
 * memcg_kmem_shrink_memcg_aware - step 2: the memcg-aware shrinkers
 * @over: the kmem counter of the cgroup whose limit was met
 * @gfp: the reclaim context
 * @priority: the scan priority
 *
 * Return: the number of objects freed.
 */
unsigned long memcg_kmem_shrink_memcg_aware(struct page_counter *over,
					    gfp_t gfp, int priority)
{
	struct mem_cgroup *root = memcg_kmem_counter_memcg(over);
	struct mem_cgroup *memcg;
	unsigned long freed = 0;

	if (!memcg_kmem_uses_list_lrus(root))
		return 0;
	memcg = mem_cgroup_iter(root, NULL, NULL);
	do {
		unsigned long ret = memcg_kmem_shrink_slab(memcg, gfp, priority);

		trace_memcg_kmem_shrink(memcg, "memcg_aware", priority, ret);
		freed += ret;
	} while ((memcg = mem_cgroup_iter(root, memcg, NULL)));
	return freed;
}

/*
 * Give back the objects KASAN holds in its quarantine for the child caches
 * of registered caches in @root's subtree: those are the objects the
 * reclaim steps free. Takes no lock of the slab or cgroup core; each cache
 * costs a cross-CPU call and an SRCU grace period, on KASAN kernels only.
 * The registrations are read under their rwsem (try-locked, as in the
 * reclaim steps); mem_cgroup_iter() pins each cgroup until the next call
 * and the walk always completes; each child is pinned while it is shrunk,
 * so that an orphan is not destroyed under kasan_cache_shrink().
 */
static void memcg_kmem_unquarantine(struct mem_cgroup *root)
{
	struct memcg_kmem_registration *reg;
	struct mem_cgroup *memcg;
	struct kmem_cache *child;

	if (!IS_ENABLED(CONFIG_KASAN_GENERIC) ||
	    !down_read_trylock(&memcg_kmem_registrations_rwsem))
		return;
	memcg = mem_cgroup_iter(root, NULL, NULL);
	do {
		list_for_each_entry(reg, &memcg_kmem_registrations, node) {
			rcu_read_lock();
			child = memcg_kmem_lookup(reg->cache, memcg);
			if (child &&
			    !percpu_ref_tryget_live(&child->memcg_kmem.refcnt))
				child = NULL;
			rcu_read_unlock();
			if (!child)
				continue;
			kasan_cache_shrink(child);
			percpu_ref_put(&child->memcg_kmem.refcnt);
		}
	} while ((memcg = mem_cgroup_iter(root, memcg, NULL)));
	up_read(&memcg_kmem_registrations_rwsem);
}

/*
 * Give back what the live child caches of @root's subtree keep of freed
 * objects: SLAB holds them in per-cpu and shared arrays, and their slabs
 * stay charged until the periodic reap; both allocators keep empty slabs
 * for reuse. Under memcg_kmem_mutex, which keeps each listed child alive
 * and its cgroup set while it is live (offlining clears it under the
 * mutex). Only try-locked: the charging task may hold it or wait for a
 * holder, and __kmem_cache_give_back() takes no lock that nests outside
 * it. Walks every child, one test each; shrinks only the subtree's.
 */
static void memcg_kmem_give_back(struct mem_cgroup *root)
{
	struct kmem_cache *child;
	struct mem_cgroup *memcg;

	if (!mutex_trylock(&memcg_kmem_mutex))
		return;
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node) {
		memcg = child->memcg_kmem.memcg;
		if (memcg && mem_cgroup_is_descendant(memcg, root))
			__kmem_cache_give_back(child);
	}
	mutex_unlock(&memcg_kmem_mutex);
}

/**
 * memcg_kmem_wait_for_frees - let freed objects reach their slabs
 * @over: the kmem counter of the cgroup reclaimed for
 *
 * Objects freed through RCU, on KASAN kernels those in the quarantine, and
 * those the child caches keep for reuse: the slabs they empty are freed
 * and uncharged before the charge is retried.
 *
 * Context: process context, may sleep.
 */
void memcg_kmem_wait_for_frees(struct page_counter *over)
{
	struct mem_cgroup *memcg = memcg_kmem_counter_memcg(over);

	rcu_barrier();
	memcg_kmem_unquarantine(memcg);
	memcg_kmem_give_back(memcg);
}

/*
 * Reclaim on behalf of charges that could not: one cgroup at a time, the
 * cgroup pinned in memcg_kmem_reclaim_target until the work takes it. A
 * request made while another is pending is dropped; the next charge at the
 * limit asks again.
 */
static struct mem_cgroup *memcg_kmem_reclaim_target;
static void memcg_kmem_reclaim_workfn(struct work_struct *work);
static DECLARE_WORK(memcg_kmem_reclaim_work, memcg_kmem_reclaim_workfn);

/**
 * memcg_kmem_queue_reclaim - reclaim for a cgroup's limit from a work item
 * @over: the kmem counter of the cgroup whose limit was met
 *
 * Context: any context.
 */
void memcg_kmem_queue_reclaim(struct page_counter *over)
{
	struct mem_cgroup *memcg = memcg_kmem_counter_memcg(over);

	if (READ_ONCE(memcg_kmem_reclaim_target) ||
	    !css_tryget(&memcg->css))
		return;
	if (cmpxchg(&memcg_kmem_reclaim_target, NULL, memcg)) {
		css_put(&memcg->css);
		return;
	}
	/* Not on memcg_kmem_wq: it would wait behind orphans' teardown. */
	queue_work(system_unbound_wq, &memcg_kmem_reclaim_work);
}

/**
 * memcg_kmem_reclaim_flush - wait for the reclaim work
 *
 * For memcg_kmem_cache_flush(): the work shrinks child caches, and a root
 * cache must not destroy them under it.
 */
void memcg_kmem_reclaim_flush(void)
{
	flush_work(&memcg_kmem_reclaim_work);
}

/*
 * Give back the empty slabs the live child caches of @root's subtree keep.
 * Runs from memcg_kmem_reclaim_work.
 */
static void memcg_kmem_shrink_caches(struct mem_cgroup *root)
{
	struct kmem_cache *child, **pinned;
	unsigned int nr = 0, i;

	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node)
		nr++;
	pinned = kmalloc_array(nr, sizeof(*pinned),
			       GFP_KERNEL | __GFP_NOACCOUNT);
	if (!pinned) {
		mutex_unlock(&memcg_kmem_mutex);
		return;
	}
	nr = 0;
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node) {
		/*
		 * Orphans give their empty slabs back on their own, and
		 * their cgroups may be gone: live children only. Children
		 * of a dying root are left alone: memcg_kmem_cache_flush()
		 * waits for this work before the root destroys them.
		 */
		if (child->memcg_kmem.root_cache->memcg_kmem.root_dying ||
		    !percpu_ref_tryget_live(&child->memcg_kmem.refcnt))
			continue;
		if (mem_cgroup_is_descendant(child->memcg_kmem.memcg, root))
			pinned[nr++] = child;
		else
			percpu_ref_put(&child->memcg_kmem.refcnt);
	}
	mutex_unlock(&memcg_kmem_mutex);

	for (i = 0; i < nr; i++) {
		kmem_cache_shrink(pinned[i]);
		percpu_ref_put(&pinned[i]->memcg_kmem.refcnt);
	}
	kfree(pinned);
}

/**
 * memcg_kmem_flush_reclaim - run the reclaim work for a cgroup and wait
 * @over: the kmem counter of the cgroup
 *
 * For a limit being lowered: reclaims objects and gives back the empty
 * slabs the subtree's child caches keep, which a charge cannot do itself.
 * The work may be busy with another cgroup first: two rounds.
 *
 * Context: process context, may sleep; no slab or cgroup locks held.
 */
void memcg_kmem_flush_reclaim(struct page_counter *over)
{
	int i;

	for (i = 0; i < 2; i++) {
		memcg_kmem_queue_reclaim(over);
		flush_work(&memcg_kmem_reclaim_work);
	}
}

static void memcg_kmem_reclaim_workfn(struct work_struct *work)
{
	struct mem_cgroup *memcg = xchg(&memcg_kmem_reclaim_target, NULL);
	unsigned int noreclaim;
	int step;

	if (!memcg)
		return;

	noreclaim = memalloc_noreclaim_save();
	for (step = 0; step < MEMCG_KMEM_NR_STEPS; step++)
		if (memcg_kmem_limit_ops.shrink[step](&memcg->kmem, GFP_KERNEL,
						      MEMCG_KMEM_RECLAIM_PRIORITY))
			memcg_kmem_wait_for_frees(&memcg->kmem);
	memalloc_noreclaim_restore(noreclaim);

	memcg_kmem_shrink_caches(memcg);
	css_put(&memcg->css);
}
