/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup slab caches: definitions shared by the core's files and its
 * KUnit tests. Not for use outside mm/memcg_kmem/.
 */
#ifndef _MM_MEMCG_KMEM_H
#define _MM_MEMCG_KMEM_H

#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "../slab.h"

/*
 * Serialises creation, orphaning and destruction of child caches, and
 * writes to the per-root arrays. Lock order:
 *   cgroup_mutex -> cpu_hotplug_lock -> mem_hotplug_lock -> slab_mutex
 *     -> memcg_kmem_mutex
 */
extern struct mutex memcg_kmem_mutex;

/* All child caches, linked by memcg_kmem.node; under memcg_kmem_mutex. */
extern struct list_head memcg_kmem_children;

/* Arrays start with this many slots and double as kmem ids grow. */
#define MEMCG_KMEM_ARRAY_MIN	16

/**
 * struct memcg_kmem_array - a root cache's child caches, by kmem id
 * @rcu: frees a replaced array after a grace period
 * @size: number of slots
 * @caches: the child caches; NULL where a cgroup has none. Slots are read
 *	locklessly under RCU and written under memcg_kmem_mutex.
 */
struct memcg_kmem_array {
	struct rcu_head rcu;
	unsigned int size;
	struct kmem_cache *caches[];
};

struct memcg_kmem_array *memcg_kmem_array_grow(const struct memcg_kmem_array *old,
					       int id, gfp_t gfp);
struct kmem_cache *memcg_kmem_array_lookup(const struct memcg_kmem_array *arr,
					   int id);
char *memcg_kmem_child_name(const char *root_name, int id,
			    const char *cgroup_name, gfp_t gfp);
unsigned long memcg_kmem_slab_bytes(int order);

#endif /* _MM_MEMCG_KMEM_H */
