/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup slab caches: the hook API called by SLAB and SLUB.
 *
 * An accounted allocation from a task in a non-root memory cgroup is served
 * from a child cache of the requested (root) cache, created for that cgroup
 * on first use. The child's slab pages are charged to the cgroup page by
 * page, so the allocation and free fast paths do no per-object charging.
 *
 * The allocators call, and only call:
 *  - memcg_kmem_pick_cache()	 to choose the cache for an allocation, and
 *    memcg_kmem_put_cache()	 when that allocation is done;
 *  - memcg_kmem_grow_begin() and memcg_kmem_grow_end() around the part of
 *				 growing a cache by a slab that may sleep;
 *  - memcg_kmem_charge_slab()	 when a new slab of a cache is allocated;
 *  - memcg_kmem_uncharge_slab() when a slab of a cache is freed;
 *  - memcg_kmem_slab_fits()	 before a first attempt at a new slab that
 *				 may not reclaim and that another attempt
 *				 follows (SLAB's exact-node attempts);
 *  - memcg_kmem_root_cache()	 to check that a freed object belongs to the
 *				 cache it is freed to;
 *  - memcg_kmem_count_object()	 when an object is charged per object, and
 *    memcg_kmem_uncount_object() when it is uncharged;
 * and mm/slab_common.c tells the core when caches are created and destroyed.
 *
 * Those hooks need the definition of struct kmem_cache and are only seen by
 * files that include <linux/slab_def.h> or <linux/slub_def.h> first, as
 * mm/slab.h does. Everyone else sees the kernel-memory limit's interface:
 * memcg_kmem_register_cache() declares how a cache's objects are reclaimed
 * when a cgroup meets its limit.
 */
#ifndef _LINUX_MEMCG_KMEM_H
#define _LINUX_MEMCG_KMEM_H

#include <linux/gfp.h>
#include <linux/list_lru.h>
#include <linux/memcg_kmem_types.h>
#include <linux/memcontrol.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct seq_file;
struct slab;

/* Slab-page charging, provided by mm/memcontrol.c. */
int obj_cgroup_charge_pages(struct obj_cgroup *objcg, gfp_t gfp,
			    unsigned int nr_pages);
void obj_cgroup_uncharge_pages(struct obj_cgroup *objcg,
			       unsigned int nr_pages);
/* A cgroup's obj_cgroup or its nearest ancestor's, referenced; under RCU. */
struct obj_cgroup *__get_obj_cgroup_from_memcg(struct mem_cgroup *memcg);

/* memory.kmem.slabinfo, called by mm/memcontrol.c. */
int memcg_kmem_slabinfo_show(struct seq_file *m, void *v);

struct shrinker;

#ifdef CONFIG_MEMCG_KMEM_CACHES

/* memcg_kmem.track_root (policy.c), read by memcg_kmem_pick_cache(). */
extern bool memcg_kmem_track_root;

bool memcg_kmem_tracks_root(void);
void memcg_kmem_objcg_release(struct obj_cgroup *objcg);
int memcg_kmem_register_cache(struct kmem_cache *s, struct shrinker *shrinker);
void memcg_kmem_unregister_cache(struct kmem_cache *s,
				 struct shrinker *shrinker);

/* The kernel-memory limit, called by mm/memcontrol.c. */
int memcg_kmem_try_charge(struct mem_cgroup *memcg, gfp_t gfp,
			  unsigned int nr_pages, struct page_counter **overp);
void memcg_kmem_charged_over(struct page_counter *over, unsigned int nr_pages,
			     gfp_t gfp);
int memcg_kmem_parse_limit(const char *buf, const char *max_token,
			   unsigned long *nr_pages);
int memcg_kmem_set_max(struct mem_cgroup *memcg, unsigned long max,
		       bool strict);
int memcg_kmem_events_show(struct seq_file *m, void *v);

/* memory.kmem.cache_policy of the root cgroup, called by mm/memcontrol.c. */
struct kernfs_open_file;
int memcg_kmem_policy_show(struct seq_file *m, void *v);
ssize_t memcg_kmem_policy_write(struct kernfs_open_file *of, char *buf,
				size_t nbytes, loff_t off);

/* The per-object counts: of an obj_cgroup, and of a cgroup's (memcontrol.c). */
unsigned long memcg_kmem_objects_held(struct kmem_cache *s,
				      struct obj_cgroup *objcg);
unsigned long memcg_kmem_memcg_held(struct mem_cgroup *memcg,
				    struct kmem_cache *s);

/* Provided by mm/vmscan.c for the limit's reclaim. */
unsigned long memcg_kmem_shrink_slab(struct mem_cgroup *memcg, gfp_t gfp,
				     int priority);

#else /* !CONFIG_MEMCG_KMEM_CACHES */

static inline bool memcg_kmem_tracks_root(void)
{
	return false;
}

static inline void memcg_kmem_objcg_release(struct obj_cgroup *objcg)
{
}

static inline int memcg_kmem_register_cache(struct kmem_cache *s,
					    struct shrinker *shrinker)
{
	return 0;
}

static inline void memcg_kmem_unregister_cache(struct kmem_cache *s,
					       struct shrinker *shrinker)
{
}

#endif /* CONFIG_MEMCG_KMEM_CACHES */

#if defined(_LINUX_SLAB_DEF_H) || defined(_LINUX_SLUB_DEF_H)

#ifdef CONFIG_MEMCG_KMEM_CACHES

/**
 * memcg_kmem_cache_accounted - the accounting policy for one allocation
 * @s: the root cache allocated from
 * @gfp: the allocation's GFP flags
 *
 * An allocation with %__GFP_NOACCOUNT is never accounted. Otherwise one
 * from an accounted cache is, and one from an unaccounted cache is if it
 * asks with %__GFP_ACCOUNT; nothing from a refused cache is. The cache's
 * policy is decided by mm/memcg_kmem/policy.c.
 *
 * Return: true if the allocation is charged to the current memory cgroup.
 */
static __always_inline bool memcg_kmem_cache_accounted(struct kmem_cache *s,
						       gfp_t gfp)
{
	unsigned int policy = READ_ONCE(s->memcg_kmem.policy);

	/* Ordered for the common cases: fewest tests for either policy. */
	if (policy == MEMCG_KMEM_POLICY_ACCOUNTED)
		return !(gfp & __GFP_NOACCOUNT);
	return (gfp & (__GFP_ACCOUNT | __GFP_NOACCOUNT)) == __GFP_ACCOUNT &&
	       policy != MEMCG_KMEM_POLICY_REFUSED;
}

/*
 * What the slow part of the pick decides: the cache, and the obj_cgroup
 * charged per object or NULL. Returned in registers, so that the caller's
 * obj_cgroup stays in one on the fast path.
 */
struct memcg_kmem_pick {
	struct kmem_cache *cache;
	struct obj_cgroup *objcg;
};

struct memcg_kmem_pick __memcg_kmem_pick_cache(struct kmem_cache *s,
					       struct mem_cgroup *memcg,
					       struct kmem_cache *child,
					       struct list_lru *lru, gfp_t gfp,
					       size_t objects);
int __memcg_kmem_charge_slab(struct kmem_cache *s, struct slab *slab,
			     int order, gfp_t gfp);
void __memcg_kmem_uncharge_slab(struct kmem_cache *s, struct slab *slab,
				int order);
bool __memcg_kmem_slab_fits(struct kmem_cache *s, int order);
bool __memcg_kmem_count_alloc(struct kmem_cache *s, struct obj_cgroup *objcg,
			      gfp_t gfp);
void __memcg_kmem_count_free(struct kmem_cache *s, struct obj_cgroup *objcg);

/**
 * memcg_kmem_is_child - tell whether a cache is a per-cgroup child cache
 * @s: the cache
 *
 * Return: true if @s serves one memory cgroup on behalf of a root cache.
 */
static __always_inline bool memcg_kmem_is_child(const struct kmem_cache *s)
{
	return s->memcg_kmem.root;
}

/**
 * memcg_kmem_root_cache - the root cache of a cache
 * @s: a root or child cache
 *
 * Return: @s if it is a root cache, else the root cache it serves.
 */
static __always_inline struct kmem_cache *
memcg_kmem_root_cache(struct kmem_cache *s)
{
	return s->memcg_kmem.root ?: s;
}

/**
 * memcg_kmem_has_children - tell whether a root cache ever had a child
 * @s: a root cache
 *
 * Return: true once a child cache of @s has been created. Objects freed to
 * @s may then live in a child cache.
 */
static __always_inline bool memcg_kmem_has_children(const struct kmem_cache *s)
{
	return rcu_access_pointer(s->memcg_kmem.children);
}

/*
 * The read-side section in which memcg_kmem_pick_cache() finds a child
 * cache and the allocator takes an object from it: preemption off, which
 * synchronize_rcu() waits for as for rcu_read_lock() (an RCU-sched
 * reader). It costs less than rcu_read_lock() where RCU is preemptible,
 * and nothing where the kernel keeps no preempt count. PREEMPT_RT, whose
 * allocators take sleeping locks, gets an RCU read-side section. Neither
 * is annotated for sparse or lockdep: the section ends in another hook
 * than the one that began it. A might_sleep() in it still warns.
 */
static __always_inline void memcg_kmem_pick_lock(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		__rcu_read_lock();
	else
		preempt_disable();
}

static __always_inline void memcg_kmem_pick_unlock(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		__rcu_read_unlock();
	else
		preempt_enable();
}

/**
 * memcg_kmem_current_memcg - the memory cgroup charged for kernel memory now
 *
 * As get_obj_cgroup_from_current() decides, reading the context once: in a
 * task, its active memcg or else its own cgroup, unless it is a kernel
 * thread or has no mm (it is exiting); in an interrupt, only the
 * interrupt's own active memcg, never the interrupted task's cgroup.
 *
 * Context: an RCU read-side section (rcu_read_lock(), or preemption off as
 * in memcg_kmem_pick_lock()); the result is valid until it ends.
 * Return: the cgroup, or NULL where none is charged.
 */
static __always_inline struct mem_cgroup *memcg_kmem_current_memcg(void)
{
	struct mem_cgroup *memcg;

	if (unlikely(!in_task()))
		return this_cpu_read(int_active_memcg);
	memcg = current->active_memcg;
	if (unlikely(memcg))
		return memcg;
	if (unlikely(!current->mm || (current->flags & PF_KTHREAD)))
		return NULL;
	/*
	 * A task always has a memory css while the controller is enabled.
	 * Checked as the caller's context says, which lockdep cannot see.
	 */
	return container_of(task_css_check(current, memory_cgrp_id, true),
			    struct mem_cgroup, css);
}

/**
 * memcg_kmem_array_lookup - the child cache in a slot
 * @arr: an array, or NULL
 * @id: a kmem id
 *
 * Context: an RCU read-side section or memcg_kmem_mutex.
 * Return: the cache in slot @id, or NULL if there is none.
 */
static __always_inline struct kmem_cache *
memcg_kmem_array_lookup(const struct memcg_kmem_array *arr, int id)
{
	if (!arr || (unsigned int)id >= arr->size)
		return NULL;
	/* Pairs with smp_store_release() in memcg_kmem_publish_child(). */
	return READ_ONCE(arr->caches[id]);
}

/**
 * memcg_kmem_lookup - the live child cache of a root cache for a cgroup
 * @root: a root cache
 * @memcg: a memory cgroup
 *
 * Context: an RCU read-side section or memcg_kmem_mutex.
 * Return: the child cache, or NULL if @memcg has none.
 */
static __always_inline struct kmem_cache *
memcg_kmem_lookup(struct kmem_cache *root, struct mem_cgroup *memcg)
{
	struct kmem_cache *child;

	/*
	 * Under RCU or memcg_kmem_mutex, which lockdep cannot see from here:
	 * the array is freed after a grace period.
	 * The id as mem_cgroup_id() has it, the controller being enabled.
	 */
	child = memcg_kmem_array_lookup(rcu_dereference_raw(root->memcg_kmem.children),
					memcg->id.id);
	/*
	 * The slot may hold the child of a cgroup that reused the id of a
	 * deleted one that still charges through active_memcg: compare owners.
	 */
	if (child && READ_ONCE(child->memcg_kmem.memcg) != memcg)
		return NULL;
	return child;
}

/*
 * Whether an object of @memcg can go on @lru without allocating the
 * cgroup's list heads first: what memcg_list_lru_alloc() checks before it
 * allocates. xa_load() is safe under RCU.
 */
static __always_inline bool memcg_kmem_lru_ready(struct mem_cgroup *memcg,
						 struct list_lru *lru)
{
	return !lru || !lru->memcg_aware || memcg->kmemcg_id < 0 ||
	       xa_load(&lru->xa, memcg->kmemcg_id);
}

/**
 * memcg_kmem_pick_cache - choose the cache an allocation is served from
 * @s: the cache the caller allocates from
 * @lru: the list_lru the object will be added to, or NULL
 * @gfp: the allocation's GFP flags
 * @objects: how many objects the allocation asks for
 * @objcgp: set to the obj_cgroup charged for the objects, when they are
 *	charged per object; to NULL or left alone otherwise
 *
 * Inline, and without a call or an atomic operation when the current
 * cgroup has a child cache of @s (and @lru has the cgroup's list heads):
 * the steady state of an accounted allocation. Otherwise
 * __memcg_kmem_pick_cache() charges the objects per object, asks for the
 * child to be created from a workqueue, or allocates the list heads.
 *
 * A child cache is returned inside an RCU read-side section
 * (memcg_kmem_pick_lock()), which keeps it alive without a reference until
 * memcg_kmem_put_cache(): an orphan is destroyed only after a grace period
 * that follows its last reference (memcg_kmem_destroy_workfn()). Where the
 * allocator may sleep for a new slab, memcg_kmem_grow_begin() trades the
 * section for a reference.
 *
 * The reference cannot be zero while the section lasts, so that a new
 * slab's charge or memcg_kmem_grow_begin() may take one without a tryget:
 * offlining clears the slot before it kills the reference, and the kill
 * drops the child's own reference only after a grace period
 * (percpu_ref_kill()), which a section that read the slot before it was
 * cleared ends before.
 *
 * Context: any context.
 * Return: @s or a child cache of it; NULL if the allocation must fail (the
 * cgroup refused the per-object charge).
 */
static __always_inline struct kmem_cache *
memcg_kmem_pick_cache(struct kmem_cache *s, struct list_lru *lru, gfp_t gfp,
		      size_t objects, struct obj_cgroup **objcgp)
{
	struct memcg_kmem_pick pick;
	struct mem_cgroup *memcg;
	struct kmem_cache *child;

	if (!memcg_kmem_enabled() || !memcg_kmem_cache_accounted(s, gfp))
		return s;

	memcg_kmem_pick_lock();
	memcg = memcg_kmem_current_memcg();
	/* Nothing to charge: no context cgroup, or the root's, untracked. */
	if (unlikely(!memcg) ||
	    (mem_cgroup_is_root(memcg) && !memcg_kmem_track_root)) {
		memcg_kmem_pick_unlock();
		return s;
	}
	child = memcg_kmem_lookup(s, memcg);
	if (likely(child && memcg_kmem_lru_ready(memcg, lru)))
		return child;
	pick = __memcg_kmem_pick_cache(s, memcg, child, lru, gfp, objects);
	*objcgp = pick.objcg;
	return pick.cache;
}

/**
 * memcg_kmem_put_cache - end the allocation from a child cache
 * @s: the cache memcg_kmem_pick_cache() returned
 *
 * Ends the read-side section in which memcg_kmem_pick_cache() returned a
 * child cache. Called once an object of @s exists, which pins the child
 * through its slab, or after the allocation failed.
 *
 * Context: any context.
 */
static __always_inline void memcg_kmem_put_cache(struct kmem_cache *s)
{
	if (memcg_kmem_is_child(s))
		memcg_kmem_pick_unlock();
}

/**
 * memcg_kmem_grow_begin - let an allocation sleep for a new slab
 * @s: the cache being grown
 * @gfp: the allocation's GFP flags
 *
 * The allocator calls this before it allocates and charges a new slab of
 * @s, and memcg_kmem_grow_end() after. For a child cache and an allocation
 * that may sleep, it trades the read-side section that keeps the child
 * alive for a reference, so that the page allocator and the cgroup's
 * reclaim may sleep.
 *
 * Context: inside the allocation, before a section that may sleep.
 */
static __always_inline void memcg_kmem_grow_begin(struct kmem_cache *s,
						  gfp_t gfp)
{
	if (memcg_kmem_is_child(s) && gfpflags_allow_blocking(gfp)) {
		percpu_ref_get(&s->memcg_kmem.refcnt);
		memcg_kmem_pick_unlock();
	}
}

/**
 * memcg_kmem_grow_end - end what memcg_kmem_grow_begin() began
 * @s: the cache being grown
 * @gfp: the same GFP flags
 *
 * Re-enters the read-side section and drops the reference. If that was
 * the last reference (an orphan whose new slab could not be had), the
 * orphan's destruction waits for the section to end.
 *
 * Context: inside the allocation, after the section that may sleep.
 */
static __always_inline void memcg_kmem_grow_end(struct kmem_cache *s,
						gfp_t gfp)
{
	if (memcg_kmem_is_child(s) && gfpflags_allow_blocking(gfp)) {
		memcg_kmem_pick_lock();
		percpu_ref_put(&s->memcg_kmem.refcnt);
	}
}

/**
 * memcg_kmem_charge_slab - charge a new slab of a cache
 * @s: the cache the slab belongs to
 * @slab: the new slab
 * @order: its page order
 * @gfp: the GFP flags of the allocation the slab is for, as far as this
 *	attempt may use them
 *
 * Charges the slab's pages to the cgroup of a child cache and accounts them
 * in its slab statistics; the slab pins the child. Does nothing for root
 * caches.
 *
 * @gfp decides what the charge does at the cgroup's limit: whether it may
 * sleep to reclaim, and whether it may go past the limit rather than fail
 * (%__GFP_NOFAIL, %__GFP_HIGH). An allocator that takes %__GFP_NOFAIL off
 * the page allocation of an attempt it does not follow with another must
 * still pass it here, or a cgroup at its limit returns NULL to a caller
 * that asked never to fail.
 *
 * Context: as the slab page allocation.
 * Return: 0 on success, -ENOMEM if the cgroup is over its limit; the
 * allocator then frees the pages and fails the slab allocation.
 */
static __always_inline int memcg_kmem_charge_slab(struct kmem_cache *s,
						  struct slab *slab, int order,
						  gfp_t gfp)
{
	if (!memcg_kmem_is_child(s))
		return 0;
	return __memcg_kmem_charge_slab(s, slab, order, gfp);
}

/**
 * memcg_kmem_uncharge_slab - uncharge a slab that is being freed
 * @s: the cache the slab belongs to
 * @slab: the slab
 * @order: its page order
 *
 * Context: any context, including RCU callbacks.
 */
static __always_inline void memcg_kmem_uncharge_slab(struct kmem_cache *s,
						     struct slab *slab,
						     int order)
{
	if (memcg_kmem_is_child(s))
		__memcg_kmem_uncharge_slab(s, slab, order);
}

/**
 * memcg_kmem_slab_fits - tell whether a new slab fits under the kmem limits
 * @s: the cache the slab is for
 * @order: its page order
 *
 * For an allocator's attempt at a slab that may not reclaim while its
 * caller may, and that another attempt with the caller's flags follows
 * (SLAB's exact-node attempts on NUMA, followed by fallback_alloc()): at
 * a cgroup's kmem limit such an attempt cannot make room, and its refused
 * charge would count as a failure at the limit. The allocator skips the
 * attempt instead. A lockless read of the counters: the charge decides.
 *
 * Context: any context.
 * Return: false if @s is a child cache and its cgroup or an ancestor has
 * no room for the slab under its kmem limit, true otherwise.
 */
static __always_inline bool memcg_kmem_slab_fits(struct kmem_cache *s,
						 int order)
{
	if (!memcg_kmem_is_child(s))
		return true;
	return __memcg_kmem_slab_fits(s, order);
}

/**
 * memcg_kmem_count_object - count an object charged per object
 * @s: the root cache the object comes from
 * @objcg: the obj_cgroup it is charged to
 * @gfp: the allocation's GFP flags
 *
 * Called for each object whose charge the allocator records in its slab's
 * obj_cgroup vector. The count tells what the cgroup holds in @s and, once
 * that pays for a child cache, asks for one (mm/memcg_kmem/usage.c).
 *
 * Context: as the allocation.
 * Return: false if the counters could not be allocated: the allocator then
 * leaves the object uncharged, as when the obj_cgroup vector cannot be.
 */
static __always_inline bool memcg_kmem_count_object(struct kmem_cache *s,
						    struct obj_cgroup *objcg,
						    gfp_t gfp)
{
	return __memcg_kmem_count_alloc(s, objcg, gfp);
}

/**
 * memcg_kmem_uncount_object - uncount an object charged per object
 * @s: the root cache it is freed to
 * @objcg: the obj_cgroup in its slab's vector, reparented or not
 *
 * Context: as the free.
 */
static __always_inline void memcg_kmem_uncount_object(struct kmem_cache *s,
						      struct obj_cgroup *objcg)
{
	__memcg_kmem_count_free(s, objcg);
}

/**
 * memcg_kmem_slab_memcg - the memory cgroup a child cache's slab is charged to
 * @slab: a slab
 *
 * Context: rcu_read_lock() or another guarantee of the memcg's lifetime.
 * Return: the cgroup, or NULL if @slab belongs to a root cache.
 */
static __always_inline struct mem_cgroup *memcg_kmem_slab_memcg(struct slab *slab)
{
	struct kmem_cache *s = slab->slab_cache;

	if (!memcg_kmem_is_child(s))
		return NULL;
	return obj_cgroup_memcg(s->memcg_kmem.objcg);
}

/* Called by mm/slab_common.c. */
void memcg_kmem_cache_init(struct kmem_cache *s,
			   const struct memcg_kmem_cache *params);
void memcg_kmem_cache_flush(struct kmem_cache *root);
void memcg_kmem_cache_destroy(struct kmem_cache *root);
void memcg_kmem_cache_release(struct kmem_cache *s);

/* Called by mm/slab_common.c for root caches: the accounting policy. */
void memcg_kmem_policy_init(struct kmem_cache *s);
bool memcg_kmem_policy_named(const char *name);

/* Called by mm/memcontrol.c. */
void memcg_kmem_cgroup_offline(struct mem_cgroup *memcg);

/* Provided by mm/slab_common.c for the core; slab_mutex held. */
struct kmem_cache *kmem_cache_create_child(struct kmem_cache *root,
					   const char *name,
					   const struct memcg_kmem_cache *params);
void kmem_cache_destroy_child(struct kmem_cache *child);

#else /* !CONFIG_MEMCG_KMEM_CACHES */

static __always_inline bool memcg_kmem_cache_accounted(struct kmem_cache *s,
						       gfp_t gfp)
{
	if (gfp & __GFP_NOACCOUNT)
		return false;
	return (s->flags & SLAB_ACCOUNT) || (gfp & __GFP_ACCOUNT);
}

static __always_inline bool memcg_kmem_is_child(const struct kmem_cache *s)
{
	return false;
}

static __always_inline struct kmem_cache *
memcg_kmem_root_cache(struct kmem_cache *s)
{
	return s;
}

static __always_inline bool memcg_kmem_has_children(const struct kmem_cache *s)
{
	return false;
}

static __always_inline struct kmem_cache *
memcg_kmem_pick_cache(struct kmem_cache *s, struct list_lru *lru, gfp_t gfp,
		      size_t objects, struct obj_cgroup **objcgp)
{
	return s;
}

static __always_inline void memcg_kmem_put_cache(struct kmem_cache *s)
{
}

static __always_inline void memcg_kmem_grow_begin(struct kmem_cache *s,
						  gfp_t gfp)
{
}

static __always_inline void memcg_kmem_grow_end(struct kmem_cache *s,
						gfp_t gfp)
{
}

static __always_inline int memcg_kmem_charge_slab(struct kmem_cache *s,
						  struct slab *slab, int order,
						  gfp_t gfp)
{
	return 0;
}

static __always_inline void memcg_kmem_uncharge_slab(struct kmem_cache *s,
						     struct slab *slab,
						     int order)
{
}

static __always_inline bool memcg_kmem_slab_fits(struct kmem_cache *s,
						 int order)
{
	return true;
}

static __always_inline bool memcg_kmem_count_object(struct kmem_cache *s,
						    struct obj_cgroup *objcg,
						    gfp_t gfp)
{
	return true;
}

static __always_inline void memcg_kmem_uncount_object(struct kmem_cache *s,
						      struct obj_cgroup *objcg)
{
}

static __always_inline struct mem_cgroup *memcg_kmem_slab_memcg(struct slab *slab)
{
	return NULL;
}

static inline void memcg_kmem_cache_init(struct kmem_cache *s,
					 const struct memcg_kmem_cache *params)
{
}

static inline void memcg_kmem_cache_flush(struct kmem_cache *root)
{
}

static inline void memcg_kmem_cache_destroy(struct kmem_cache *root)
{
}

static inline void memcg_kmem_cache_release(struct kmem_cache *s)
{
}

static inline void memcg_kmem_policy_init(struct kmem_cache *s)
{
}

static inline bool memcg_kmem_policy_named(const char *name)
{
	return false;
}

static inline void memcg_kmem_cgroup_offline(struct mem_cgroup *memcg)
{
}

#endif /* CONFIG_MEMCG_KMEM_CACHES */
#endif /* slab_def.h or slub_def.h */

#endif /* _LINUX_MEMCG_KMEM_H */
