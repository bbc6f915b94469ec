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
#include <linux/memcg_kmem_types.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>

struct list_lru;
struct seq_file;
struct slab;

/* Slab-page charging, provided by mm/memcontrol.c. */
int obj_cgroup_charge_pages(struct obj_cgroup *objcg, gfp_t gfp,
			    unsigned int nr_pages);
void obj_cgroup_uncharge_pages(struct obj_cgroup *objcg,
			       unsigned int nr_pages);

/* memory.kmem.slabinfo, called by mm/memcontrol.c. */
int memcg_kmem_slabinfo_show(struct seq_file *m, void *v);

struct shrinker;

#ifdef CONFIG_MEMCG_KMEM_CACHES

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

	if (gfp & __GFP_NOACCOUNT)
		return false;
	if (policy == MEMCG_KMEM_POLICY_ACCOUNTED)
		return true;
	return (gfp & __GFP_ACCOUNT) && policy != MEMCG_KMEM_POLICY_REFUSED;
}

struct kmem_cache *__memcg_kmem_pick_cache(struct kmem_cache *s,
					   struct list_lru *lru, gfp_t gfp,
					   bool *charge_object);
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

/**
 * memcg_kmem_pick_cache - choose the cache an allocation is served from
 * @s: the cache the caller allocates from
 * @lru: the list_lru the object will be added to, or NULL
 * @gfp: the allocation's GFP flags
 * @charge_object: set to whether the caller must charge the object itself
 *
 * Context: any context. On the first allocation of a cgroup from @s, asks
 * for the child cache to be created from a workqueue; until it exists the
 * cgroup's allocations are charged per object.
 * Return: @s, or the current memory cgroup's child cache of @s, pinned until
 * memcg_kmem_put_cache(). *@charge_object is true when @s is returned for
 * an accounted allocation that has a cgroup to charge (no child cache yet);
 * false when nothing is to be charged (not accounted, or the root cgroup,
 * or a context without a cgroup), so that the caller need not look the
 * cgroup up again, and false with a child cache, which charges its slabs.
 */
static __always_inline struct kmem_cache *
memcg_kmem_pick_cache(struct kmem_cache *s, struct list_lru *lru, gfp_t gfp,
		      bool *charge_object)
{
	*charge_object = false;
	if (!memcg_kmem_enabled() || !memcg_kmem_cache_accounted(s, gfp))
		return s;
	return __memcg_kmem_pick_cache(s, lru, gfp, charge_object);
}

/**
 * memcg_kmem_put_cache - end an allocation from a picked cache
 * @s: the cache memcg_kmem_pick_cache() returned
 *
 * Drops the reference memcg_kmem_pick_cache() took on a child cache, which
 * keeps an orphaned child alive while an allocation from it is in flight.
 *
 * Context: any context.
 */
static __always_inline void memcg_kmem_put_cache(struct kmem_cache *s)
{
	/* No child exists before the key is on. */
	if (memcg_kmem_enabled() && memcg_kmem_is_child(s))
		percpu_ref_put(&s->memcg_kmem.refcnt);
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

/* Provided by mm/memcontrol.c for the core. */
struct mem_cgroup *memcg_kmem_current_memcg(void);

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
		      bool *charge_object)
{
	*charge_object = true;
	return s;
}

static __always_inline void memcg_kmem_put_cache(struct kmem_cache *s)
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
