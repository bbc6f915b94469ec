/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup slab caches: what code outside mm/ calls.
 *
 * A cgroup that meets its kernel-memory limit first reclaims its own
 * reclaimable kernel objects. The owner of an accounted slab cache says how
 * with memcg_kmem_register_cache(): with a memcg-aware shrinker run only
 * for the limit, or with none when the objects sit on memcg-aware list_lrus
 * (as dentries and inodes do), which the memcg-aware shrinkers reclaim.
 */
#ifndef _LINUX_MEMCG_KMEM_H
#define _LINUX_MEMCG_KMEM_H

struct kmem_cache;
struct shrinker;

#ifdef CONFIG_MEMCG_KMEM_CACHES

int memcg_kmem_register_cache(struct kmem_cache *s, struct shrinker *shrinker);
void memcg_kmem_unregister_cache(struct kmem_cache *s,
				 struct shrinker *shrinker);

#else /* !CONFIG_MEMCG_KMEM_CACHES */

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
#endif /* _LINUX_MEMCG_KMEM_H */
