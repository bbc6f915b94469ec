/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup slab caches: the state embedded in every struct kmem_cache.
 *
 * A header of its own, so that the allocators' definitions of struct
 * kmem_cache can embed it without pulling in the hooks of mm/slab.h.
 */
#ifndef _LINUX_MEMCG_KMEM_TYPES_H
#define _LINUX_MEMCG_KMEM_TYPES_H

#include <linux/list.h>
#include <linux/llist.h>
#include <linux/percpu-refcount.h>
#include <linux/types.h>

struct kmem_cache;
struct mem_cgroup;
struct obj_cgroup;

/**
 * struct memcg_kmem_array - a root cache's child caches, by memcg id
 * @rcu: frees a replaced array after a grace period
 * @size: number of slots
 * @caches: the child caches; NULL where a cgroup has none. Slots are read
 *	locklessly under RCU by every accounted allocation and written under
 *	memcg_kmem_mutex.
 */
struct memcg_kmem_array {
	struct rcu_head rcu;
	unsigned int size;
	struct kmem_cache *caches[];
};

/* A root cache's accounting policy; see mm/memcg_kmem/policy.c. */
enum memcg_kmem_policy {
	MEMCG_KMEM_POLICY_UNACCOUNTED,	/* only __GFP_ACCOUNT allocations */
	MEMCG_KMEM_POLICY_ACCOUNTED,	/* all but __GFP_NOACCOUNT allocations */
	MEMCG_KMEM_POLICY_REFUSED,	/* none */
};

/* Where a root cache's policy comes from, lowest precedence first. */
enum memcg_kmem_policy_source {
	MEMCG_KMEM_SRC_DEFAULT,
	MEMCG_KMEM_SRC_FLAG,
	MEMCG_KMEM_SRC_KCONFIG,
	MEMCG_KMEM_SRC_BOOT,
	MEMCG_KMEM_SRC_RUNTIME,
};

/* The run-time setting of a root cache's policy. */
enum memcg_kmem_override {
	MEMCG_KMEM_OVERRIDE_NONE,
	MEMCG_KMEM_OVERRIDE_ON,
	MEMCG_KMEM_OVERRIDE_OFF,
};

/*
 * When a cgroup's accounted allocations from a root cache get a child
 * cache of their own; see mm/memcg_kmem/usage.c.
 */
enum memcg_kmem_granularity {
	MEMCG_KMEM_GRANULARITY_AUTO,	/* once its use pays for a child */
	MEMCG_KMEM_GRANULARITY_ALWAYS,	/* on its first allocation */
	MEMCG_KMEM_GRANULARITY_NEVER,	/* never: charged per object */
	/* No run-time setting; also the number of granularities above. */
	MEMCG_KMEM_GRANULARITY_UNSET,
};

/**
 * struct memcg_kmem_cache - per-cgroup cache state of a slab cache
 * @root_cache: NULL in a root cache (one created with kmem_cache_create()).
 *	In a child cache, the root cache whose objects it serves for one
 *	memory cgroup. Set at creation, never changed.
 * @children: root cache only: the child caches indexed by the
 *	mem_cgroup_id() of their cgroup. Read in an RCU read-side section on the allocation path
 *	(memcg_kmem_pick_lock()); replaced and written under memcg_kmem_mutex.
 *	NULL until the first child exists.
 * @objcg: child cache only: the object cgroup its slab pages are charged
 *	to. The child holds a reference. When the cgroup is deleted, the
 *	objcg is reparented by the memory controller and the charges follow.
 * @memcg: child cache only: the cgroup it was created for, compared on
 *	lookup. Cleared under memcg_kmem_mutex when the cgroup goes offline
 *	(the child is then an orphan, kept until it is destroyed with its
 *	root cache), so it is dereferenced only under that mutex.
 * @memcg_id: child cache only: mem_cgroup_id() of @memcg, its slot in the
 *	root's @children.
 * @node: child cache only: entry on the list of all child caches,
 *	protected by memcg_kmem_mutex.
 * @refcnt: child cache only: held by the child while its cgroup is online,
 *	by each of its slabs and by each allocation sleeping for a new slab
 *	of it (other allocations are inside an RCU read-side section). Killed
 *	when the cgroup goes offline; at zero the orphan is destroyed after a
 *	grace period.
 * @shrink_node: child cache only: on the list of orphans to shrink, which
 *	holds a reference on @refcnt until the orphan is shrunk.
 * @root_dying: root cache only: being destroyed; its orphans are no longer
 *	queued for shrinking. Set under memcg_kmem_mutex.
 * @dead_node: child cache only: on the list of orphans to destroy.
 * @policy: root cache only: enum memcg_kmem_policy. Read locklessly
 *	(READ_ONCE()) by every allocation, written under slab_mutex.
 * @policy_source: root cache only: enum memcg_kmem_policy_source of
 *	@policy, under slab_mutex.
 * @policy_override: root cache only: enum memcg_kmem_override, the
 *	run-time setting, under slab_mutex.
 * @granularity: root cache only: enum memcg_kmem_granularity. Read
 *	locklessly (READ_ONCE()) by allocations, written under slab_mutex.
 * @granularity_source: root cache only: enum memcg_kmem_policy_source of
 *	@granularity (default, kconfig, boot or runtime), under slab_mutex.
 * @granularity_override: root cache only: the run-time granularity, or
 *	%MEMCG_KMEM_GRANULARITY_UNSET, under slab_mutex.
 * @usage_id: root cache only: 1 + the cache's slot in the per-object
 *	usage counters of each obj_cgroup; 0 until an object of the cache is
 *	first charged per object, -1 if no slot was left. Set once, by
 *	cmpxchg(), and read locklessly.
 * @child_objects: root cache only: the objects a cgroup must hold in the
 *	cache, charged per object, for a child cache to pay for itself. Set
 *	at creation.
 */
struct memcg_kmem_cache {
	struct kmem_cache *root_cache;
	struct memcg_kmem_array __rcu *children;
	struct obj_cgroup *objcg;
	struct mem_cgroup *memcg;
	int memcg_id;
	struct list_head node;
	struct percpu_ref refcnt;
	struct llist_node shrink_node;
	struct llist_node dead_node;
	bool root_dying;
	u8 policy;
	u8 policy_source;
	u8 policy_override;
	u8 granularity;
	u8 granularity_source;
	u8 granularity_override;
	int usage_id;
	unsigned int child_objects;
};

#endif /* _LINUX_MEMCG_KMEM_TYPES_H */
