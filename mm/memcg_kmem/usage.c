// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: what each cgroup holds in a root cache per
 * object, and when that use pays for a child cache of its own.
 *
 * A cgroup's accounted allocations from a root cache start out charged per
 * object from the shared root cache, as without per-cgroup caches. Under the "auto"
 * granularity (granularity.c), one of them asks for the cgroup's child cache,
 * whose slabs are then charged whole, once the child pays for itself:
 *
 *  - the cgroup holds so many objects of the cache, charged per object,
 *    that a child's fixed cost (its struct kmem_cache, per-node and per-CPU
 *    state, and the slabs it keeps however few objects it holds) would be
 *    at most MEMCG_KMEM_CHILD_OVERHEAD_PCT percent of their bytes; or
 *  - it allocates from the cache so fast that the per-object charge is
 *    what its allocations cost: MEMCG_KMEM_HOT_BATCH allocations in less
 *    than MEMCG_KMEM_HOT_WINDOW.
 *
 * The counts are kept per obj_cgroup and root cache. An object charged per
 * object keeps its obj_cgroup, which follows the cgroup's parent when the
 * cgroup is deleted, so the free after reparenting finds the counter that
 * the allocation incremented, and nothing is pinned for it. Each counted
 * object holds a reference on its obj_cgroup: when the obj_cgroup is
 * released, its counts are all zero.
 */

#include <linux/atomic.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>

#include "../internal.h"
#include "memcg_kmem.h"

/* A root cache's slot in the counters; see memcg_kmem_cache.usage_id. */
static DEFINE_IDA(memcg_kmem_usage_ida);

#define MEMCG_KMEM_USAGE_NONE	-1	/* usage_id: no slot was left */

/*
 * The root cache's slot in every obj_cgroup's counters, given on first use.
 * Returns it, MEMCG_KMEM_USAGE_NONE if the cache cannot be counted, or
 * -ENOMEM.
 */
static int memcg_kmem_usage_id(struct kmem_cache *s, gfp_t gfp)
{
	int id = READ_ONCE(s->memcg_kmem.usage_id);
	int new, old;

	if (likely(id > 0))
		return id - 1;
	if (id < 0)
		return MEMCG_KMEM_USAGE_NONE;

	new = ida_alloc_max(&memcg_kmem_usage_ida, MEMCG_KMEM_USAGE_CACHES - 1,
			    (gfp & GFP_RECLAIM_MASK) | __GFP_NOWARN);
	if (new == -ENOSPC) {
		cmpxchg(&s->memcg_kmem.usage_id, 0, MEMCG_KMEM_USAGE_NONE);
		return MEMCG_KMEM_USAGE_NONE;
	}
	if (new < 0)
		return -ENOMEM;
	old = cmpxchg(&s->memcg_kmem.usage_id, 0, new + 1);
	if (!old)
		return new;
	ida_free(&memcg_kmem_usage_ida, new);
	return old > 0 ? old - 1 : MEMCG_KMEM_USAGE_NONE;
}

/**
 * memcg_kmem_usage_lookup - an obj_cgroup's counters for one root cache
 * @objcg: the obj_cgroup
 * @id: the root cache's slot (usage_id - 1)
 *
 * Context: any context; the caller holds a reference on @objcg.
 * Return: the counters, or NULL if no object of the cache was counted yet.
 */
struct memcg_kmem_usage *memcg_kmem_usage_lookup(struct obj_cgroup *objcg,
						 unsigned int id)
{
	struct memcg_kmem_usage_chunk *chunk;
	struct memcg_kmem_usage_dir *dir;

	/*
	 * Both levels pair with cmpxchg_release() in
	 * memcg_kmem_usage_install(): what they point to is zeroed first.
	 */
	dir = smp_load_acquire(&objcg->kmem_usage);
	if (!dir)
		return NULL;
	/* As above. */
	chunk = smp_load_acquire(&dir->chunks[id / MEMCG_KMEM_USAGE_CHUNK]);
	if (!chunk)
		return NULL;
	return &chunk->slots[id % MEMCG_KMEM_USAGE_CHUNK];
}

/* Install *@slot unless another CPU did; returns what is installed. */
static void *memcg_kmem_usage_install(void **slot, size_t size, gfp_t gfp)
{
	void *new, *old;

	new = kmalloc(size, gfp);
	if (!new)
		return NULL;
	/* Zeroed before it is seen: pairs with memcg_kmem_usage_lookup(). */
	old = cmpxchg_release(slot, NULL, new);
	if (!old)
		return new;
	kfree(new);
	return old;
}

/*
 * The counters of @objcg for slot @id, allocated with what @gfp allows the
 * allocation they count: any context.
 */
static struct memcg_kmem_usage *memcg_kmem_usage_get(struct obj_cgroup *objcg,
						     unsigned int id, gfp_t gfp)
{
	struct memcg_kmem_usage_chunk *chunk;
	struct memcg_kmem_usage_dir *dir;
	struct memcg_kmem_usage *usage;

	usage = memcg_kmem_usage_lookup(objcg, id);
	if (likely(usage))
		return usage;

	/* The framework's own metadata: never accounted. */
	gfp = (gfp & GFP_RECLAIM_MASK) | __GFP_NOACCOUNT | __GFP_NOWARN |
	      __GFP_ZERO;
	/* Pairs with cmpxchg_release() in memcg_kmem_usage_install(). */
	dir = smp_load_acquire(&objcg->kmem_usage);
	if (!dir)
		dir = memcg_kmem_usage_install((void **)&objcg->kmem_usage,
					       sizeof(*dir), gfp);
	if (!dir)
		return NULL;
	chunk = memcg_kmem_usage_install((void **)&dir->chunks[id / MEMCG_KMEM_USAGE_CHUNK],
					 sizeof(*chunk), gfp);
	if (!chunk)
		return NULL;
	return &chunk->slots[id % MEMCG_KMEM_USAGE_CHUNK];
}

/**
 * memcg_kmem_child_threshold - the objects for which a child cache pays
 * @object_bytes: what one object costs its cgroup
 * @child_bytes: what a child cache costs, however few objects it holds
 * @overhead_pct: the largest share of the objects' bytes, in percent, that
 *	the child's cost may be
 *
 * Return: the fewest objects whose bytes make @child_bytes at most
 * @overhead_pct percent of them; at least 1, at most UINT_MAX.
 */
unsigned int memcg_kmem_child_threshold(unsigned int object_bytes,
					unsigned long child_bytes,
					unsigned int overhead_pct)
{
	u64 bytes, objects;

	if (!object_bytes || !overhead_pct || overhead_pct > 100)
		return 1;
	bytes = div_u64((u64)child_bytes * 100 + overhead_pct - 1, overhead_pct);
	objects = div_u64(bytes + object_bytes - 1, object_bytes);
	return clamp_val(objects, 1, UINT_MAX);
}

/**
 * memcg_kmem_child_due - tell whether a count calls for a child cache
 * @objects: the objects held after an allocation
 * @threshold: the cache's memcg_kmem_child_threshold()
 *
 * The request is made when the count reaches the threshold, and again every
 * MEMCG_KMEM_CREATE_RETRY objects while the count stays above it, in case an
 * earlier request could not be taken (see memcg_kmem_queue_child()).
 */
bool memcg_kmem_child_due(long objects, unsigned int threshold)
{
	return objects >= threshold &&
	       !((objects - threshold) & (MEMCG_KMEM_CREATE_RETRY - 1));
}

/**
 * memcg_kmem_usage_hot - count an allocation towards the rate rule
 * @usage: the counters of the allocating obj_cgroup and cache
 * @now: the time, in jiffies
 *
 * The allocation count is a plain, racy counter: an increment lost to a
 * concurrent one only delays the rule by an allocation.
 *
 * Return: true when this allocation completes MEMCG_KMEM_HOT_BATCH
 * allocations that took less than MEMCG_KMEM_HOT_WINDOW.
 */
bool memcg_kmem_usage_hot(struct memcg_kmem_usage *usage, unsigned long now)
{
	unsigned int allocs = READ_ONCE(usage->allocs) + 1;

	WRITE_ONCE(usage->allocs, allocs);
	/* The first allocation of a batch starts its clock. */
	if (allocs % MEMCG_KMEM_HOT_BATCH == 1) {
		WRITE_ONCE(usage->stamp, now);
		return false;
	}
	if (allocs % MEMCG_KMEM_HOT_BATCH)
		return false;
	return (unsigned int)now - READ_ONCE(usage->stamp) <
	       MEMCG_KMEM_HOT_WINDOW;
}

/* Ask for the child cache of @s for @objcg's cgroup, unless it was deleted. */
static void memcg_kmem_ask_child(struct kmem_cache *s,
				 struct obj_cgroup *objcg)
{
	struct mem_cgroup *memcg;

	rcu_read_lock();
	memcg = obj_cgroup_memcg(objcg);
	/* A reparented objcg's cgroup is gone: its parent has its own. */
	if (rcu_access_pointer(memcg->objcg) != objcg ||
	    !css_tryget(&memcg->css)) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();
	memcg_kmem_queue_child(s, memcg);
	css_put(&memcg->css);
}

/**
 * __memcg_kmem_count_alloc - count an object charged per object
 * @s: the root cache it is allocated from
 * @objcg: the obj_cgroup it is charged to
 * @gfp: the allocation's GFP flags
 *
 * Under the "auto" granularity, asks for the cgroup's child cache of @s
 * when the count says it pays (see the top of this file).
 *
 * Context: any context, as the allocation; the caller holds a reference on
 * @objcg.
 * Return: true if the object was counted (or @s cannot be counted); false
 * if memory for the counters was short, and the caller must not charge
 * the object, as when its slab's obj_cgroup vector cannot be allocated.
 */
bool __memcg_kmem_count_alloc(struct kmem_cache *s, struct obj_cgroup *objcg,
			      gfp_t gfp)
{
	struct memcg_kmem_usage *usage;
	long objects;
	int id;

	id = memcg_kmem_usage_id(s, gfp);
	if (unlikely(id < 0))
		return id == MEMCG_KMEM_USAGE_NONE;
	usage = memcg_kmem_usage_get(objcg, id, gfp);
	if (unlikely(!usage))
		return false;

	objects = atomic_long_inc_return(&usage->objects);
	if (READ_ONCE(s->memcg_kmem.granularity) != MEMCG_KMEM_GRANULARITY_AUTO)
		return true;
	if (memcg_kmem_usage_hot(usage, jiffies) ||
	    memcg_kmem_child_due(objects, s->memcg_kmem.child_objects))
		memcg_kmem_ask_child(s, objcg);
	return true;
}

/**
 * __memcg_kmem_count_free - uncount an object charged per object
 * @s: the root cache it is freed to
 * @objcg: the obj_cgroup it was charged to, reparented or not
 *
 * Context: any context, as the free.
 */
void __memcg_kmem_count_free(struct kmem_cache *s, struct obj_cgroup *objcg)
{
	int id = READ_ONCE(s->memcg_kmem.usage_id);
	struct memcg_kmem_usage *usage;

	if (id <= 0)
		return;
	usage = memcg_kmem_usage_lookup(objcg, id - 1);
	if (!WARN_ON_ONCE(!usage))
		atomic_long_dec(&usage->objects);
}

/**
 * memcg_kmem_objects_held - the objects an obj_cgroup holds in a root cache
 * @s: the root cache
 * @objcg: the obj_cgroup
 *
 * Context: any context; the caller keeps @objcg alive.
 * Return: the objects of @s charged per object to @objcg and not yet freed.
 */
unsigned long memcg_kmem_objects_held(struct kmem_cache *s,
				      struct obj_cgroup *objcg)
{
	int id = READ_ONCE(s->memcg_kmem.usage_id);
	struct memcg_kmem_usage *usage;

	if (id <= 0)
		return 0;
	usage = memcg_kmem_usage_lookup(objcg, id - 1);
	return usage ? max(atomic_long_read(&usage->objects), 0L) : 0;
}

/**
 * memcg_kmem_memcg_holds - tell whether a cgroup holds objects of a cache
 * @s: a root cache
 * @memcg: a memory cgroup
 *
 * Return: true if @memcg has a live child cache of @s, or holds objects of
 * @s charged per object through its current obj_cgroup.
 *
 * Context: rcu_read_lock().
 */
bool memcg_kmem_memcg_holds(struct kmem_cache *s, struct mem_cgroup *memcg)
{
	struct obj_cgroup *objcg;

	if (memcg_kmem_lookup(s, memcg))
		return true;
	/* An objcg outlives the RCU read side that found it. */
	objcg = rcu_dereference(memcg->objcg);
	return objcg && memcg_kmem_objects_held(s, objcg);
}

/**
 * memcg_kmem_objcg_release - free an obj_cgroup's counters
 * @objcg: the obj_cgroup being released, which no object holds any more
 *
 * Context: any context (a percpu_ref release).
 */
void memcg_kmem_objcg_release(struct obj_cgroup *objcg)
{
	struct memcg_kmem_usage_dir *dir = objcg->kmem_usage;
	int i, j;

	if (!dir)
		return;
	for (i = 0; i < MEMCG_KMEM_USAGE_CHUNKS; i++) {
		struct memcg_kmem_usage_chunk *chunk = dir->chunks[i];

		if (!chunk)
			continue;
		for (j = 0; j < MEMCG_KMEM_USAGE_CHUNK; j++)
			WARN_ON_ONCE(atomic_long_read(&chunk->slots[j].objects));
		kfree(chunk);
	}
	kfree(dir);
}

/**
 * memcg_kmem_usage_release - give back a root cache's slot in the counters
 * @s: the root cache, whose objects have all been freed
 *
 * Every obj_cgroup's count for the slot is zero then; the rate rule's
 * clock of a reused slot may be stale, which moves one child's creation.
 */
void memcg_kmem_usage_release(struct kmem_cache *s)
{
	if (s->memcg_kmem.usage_id > 0)
		ida_free(&memcg_kmem_usage_ida, s->memcg_kmem.usage_id - 1);
}

#ifdef CONFIG_MEMCG_KMEM_CACHES_KUNIT_TEST
#include "usage-test.h"
#endif
