/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup slab caches: definitions shared by the core's files and its
 * KUnit tests. Not for use outside mm/memcg_kmem/.
 */
#ifndef _MM_MEMCG_KMEM_H
#define _MM_MEMCG_KMEM_H

#include <linux/mm.h>
#include <linux/memcg_kmem.h>
#include <linux/memcontrol.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../internal.h"
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

/*
 * Ordered: shrinks and destroys orphans, and reclaims for charges that
 * could not. memcg_kmem_cache_flush() drains it before a root cache goes.
 */
extern struct workqueue_struct *memcg_kmem_wq;

/* Arrays start with this many slots and double as memcg ids grow. */
#define MEMCG_KMEM_ARRAY_MIN	16

struct memcg_kmem_array *memcg_kmem_array_grow(const struct memcg_kmem_array *old,
					       int id, gfp_t gfp);
char *memcg_kmem_child_name(const char *root_name, int id,
			    const char *cgroup_name, gfp_t gfp);
unsigned long memcg_kmem_slab_bytes(int order);

void memcg_kmem_queue_child(struct kmem_cache *root, struct mem_cgroup *memcg);

/*
 * What cgroups hold per object, and when a child pays (usage.c).
 *
 * A child cache is asked for when its cost is at most
 * MEMCG_KMEM_CHILD_OVERHEAD_PCT percent of the bytes a cgroup holds in the
 * root cache per object, and again every MEMCG_KMEM_CREATE_RETRY objects
 * past that; or when MEMCG_KMEM_HOT_BATCH allocations (a power of two)
 * took less than MEMCG_KMEM_HOT_WINDOW jiffies.
 */
#define MEMCG_KMEM_CHILD_OVERHEAD_PCT	10
#define MEMCG_KMEM_CREATE_RETRY		64	/* a power of two */
#define MEMCG_KMEM_HOT_BATCH		4096
#define MEMCG_KMEM_HOT_WINDOW		(HZ / 10)

/**
 * struct memcg_kmem_usage - what one obj_cgroup holds in one root cache
 * @objects: objects charged per object and not yet freed; atomic
 * @allocs: objects charged per object, wrapping; a racy count (see
 *	memcg_kmem_usage_hot())
 * @stamp: the jiffies of the first allocation of the current batch of
 *	MEMCG_KMEM_HOT_BATCH, as racy as @allocs
 */
struct memcg_kmem_usage {
	atomic_long_t objects;
	unsigned int allocs;
	unsigned int stamp;
};

/*
 * An obj_cgroup's counters, by root cache slot: a directory of chunks of
 * MEMCG_KMEM_USAGE_CHUNK, each allocated when an object of one of its
 * caches is first charged to the obj_cgroup, installed by cmpxchg() and
 * freed with the obj_cgroup.
 */
#define MEMCG_KMEM_USAGE_CHUNK	16
#define MEMCG_KMEM_USAGE_CHUNKS	64
#define MEMCG_KMEM_USAGE_CACHES	(MEMCG_KMEM_USAGE_CHUNK * MEMCG_KMEM_USAGE_CHUNKS)

struct memcg_kmem_usage_chunk {
	struct memcg_kmem_usage slots[MEMCG_KMEM_USAGE_CHUNK];
};

struct memcg_kmem_usage_dir {
	struct memcg_kmem_usage_chunk *chunks[MEMCG_KMEM_USAGE_CHUNKS];
};

struct memcg_kmem_usage *memcg_kmem_usage_lookup(struct obj_cgroup *objcg,
						 unsigned int id);
unsigned int memcg_kmem_child_threshold(unsigned int object_bytes,
					unsigned long child_bytes,
					unsigned int overhead_pct);
bool memcg_kmem_child_due(long objects, unsigned int threshold);
bool memcg_kmem_usage_hot(struct memcg_kmem_usage *usage, unsigned long now);
bool memcg_kmem_memcg_holds(struct kmem_cache *s, struct mem_cgroup *memcg);
void memcg_kmem_usage_release(struct kmem_cache *s);

/*
 * Cache names given by the administrator, at boot or at run time, have at
 * most MEMCG_KMEM_NAME_MAX characters; a list of names (a boot parameter)
 * at most MEMCG_KMEM_LIST_NAMES names (granularity.c).
 */
#define MEMCG_KMEM_NAME_MAX	64
#define MEMCG_KMEM_LIST_NAMES	16
#define MEMCG_KMEM_LIST_LEN \
	(MEMCG_KMEM_LIST_NAMES * (MEMCG_KMEM_NAME_MAX + 1))

struct kernel_param;

bool memcg_kmem_name_valid(const char *name, size_t len);
bool memcg_kmem_list_has(const char *list, const char *name);
int memcg_kmem_list_check(const char *list, const char *other);
int memcg_kmem_list_get(char *buf, const struct kernel_param *kp);

/**
 * struct memcg_kmem_granularity_config - what decides an unset granularity
 * @fallback: the granularity of caches in no list (Kconfig, or
 *	memcg_kmem.granularity=)
 * @boot: memcg_kmem.granularity_auto=, _always= and _never=, by
 *	granularity; comma-separated cache names, each may be NULL
 */
struct memcg_kmem_granularity_config {
	enum memcg_kmem_granularity fallback;
	const char *boot[MEMCG_KMEM_GRANULARITY_UNSET];
};

const char *memcg_kmem_granularity_name(enum memcg_kmem_granularity granularity);
enum memcg_kmem_granularity memcg_kmem_granularity_named(const char *word);
enum memcg_kmem_granularity
memcg_kmem_granularity_resolve(const struct memcg_kmem_granularity_config *cfg,
			       const char *name, enum memcg_kmem_granularity override,
			       enum memcg_kmem_policy_source *source);
void memcg_kmem_granularity_apply(struct kmem_cache *s);

/**
 * struct memcg_kmem_policy_config - what decides an unforced policy
 * @opt_out: unmarked caches are accounted
 * @kconfig_account: CONFIG_MEMCG_KMEM_ACCOUNT_CACHES, or NULL
 * @kconfig_noaccount: CONFIG_MEMCG_KMEM_NOACCOUNT_CACHES, or NULL
 * @boot_account: memcg_kmem.account=, or NULL
 * @boot_noaccount: memcg_kmem.noaccount=, or NULL
 *
 * The lists are comma-separated cache names (policy.c).
 */
struct memcg_kmem_policy_config {
	bool opt_out;
	const char *kconfig_account;
	const char *kconfig_noaccount;
	const char *boot_account;
	const char *boot_noaccount;
};

/**
 * struct memcg_kmem_setting - what a write to memory.kmem.cache_policy sets
 * @policy: whether it sets the run-time policy
 * @override: the run-time policy
 * @granularity: whether it sets the run-time granularity
 * @granularity_override: the run-time granularity (%MEMCG_KMEM_GRANULARITY_UNSET: none)
 */
struct memcg_kmem_setting {
	bool policy;
	enum memcg_kmem_override override;
	bool granularity;
	enum memcg_kmem_granularity granularity_override;
};

enum memcg_kmem_policy
memcg_kmem_policy_resolve(const struct memcg_kmem_policy_config *cfg,
			  const char *name, slab_flags_t flags,
			  enum memcg_kmem_override override,
			  enum memcg_kmem_policy_source *source);
int memcg_kmem_policy_parse(char *buf, char **name,
			    struct memcg_kmem_setting *set);

/*
 * The kernel-memory limit (limit.c) and its reclaim (reclaim.c).
 *
 * A charge that meets a limit runs up to MEMCG_KMEM_RECLAIM_ROUNDS rounds
 * of reclaim for the cgroup whose limit it met, scanning 1/2^priority of
 * the reclaimable objects, from MEMCG_KMEM_RECLAIM_PRIORITY down to all of
 * them in the last round. Each round runs the steps in order and retries
 * the charge after each.
 */
#define MEMCG_KMEM_RECLAIM_ROUNDS	5
#define MEMCG_KMEM_RECLAIM_PRIORITY	(MEMCG_KMEM_RECLAIM_ROUNDS - 1)

enum memcg_kmem_reclaim_step {
	MEMCG_KMEM_SHRINK_REGISTERED,	/* shrinkers registered with caches */
	MEMCG_KMEM_SHRINK_MEMCG_AWARE,	/* memcg-aware shrinkers: list_lrus */
	MEMCG_KMEM_NR_STEPS,
};

/**
 * struct memcg_kmem_limit_ops - what a charge at a limit does
 * @shrink: the reclaim steps, in order; each frees objects charged under
 *	the cgroup of the page counter whose limit was met and returns how
 *	many it freed
 * @wait_for_frees: wait until objects that the steps freed under the
 *	cgroup of @over are back in their slabs (freed through RCU, or held
 *	in KASAN's quarantine), so that the slabs they empty are uncharged
 * @queue_reclaim: reclaim later, for a charge that could not
 * @event: count and trace an event at the limit
 *
 * The kernel uses memcg_kmem_limit_ops; the KUnit tests use fakes.
 */
struct memcg_kmem_limit_ops {
	unsigned long (*shrink[MEMCG_KMEM_NR_STEPS])(struct page_counter *over,
						     gfp_t gfp, int priority);
	void (*wait_for_frees)(struct page_counter *over);
	void (*queue_reclaim)(struct page_counter *over);
	void (*event)(struct page_counter *over, enum memcg_kmem_event event,
		      unsigned long nr_pages, gfp_t gfp);
};

extern const struct memcg_kmem_limit_ops memcg_kmem_limit_ops;

/**
 * struct memcg_kmem_charge_rule - how a charge proceeds at a limit
 * @rounds: reclaim rounds to run
 * @force: whether to go past the limit, rather than fail, after them
 */
struct memcg_kmem_charge_rule {
	unsigned int rounds;
	bool force;
};

enum memcg_kmem_charge_result {
	MEMCG_KMEM_CHARGED,	/* within every limit */
	MEMCG_KMEM_FORCED,	/* past a limit, as the rule says */
	MEMCG_KMEM_REFUSED,	/* not charged */
};

struct memcg_kmem_charge_rule memcg_kmem_charge_rule(gfp_t gfp,
						     unsigned int task_flags,
						     bool user_fault);
enum memcg_kmem_charge_result
memcg_kmem_charge_counter(struct page_counter *counter, unsigned long nr_pages,
			  gfp_t gfp, unsigned int task_flags, bool user_fault,
			  const struct memcg_kmem_limit_ops *ops,
			  struct page_counter **overp);

unsigned long memcg_kmem_run_shrinker(struct shrinker *shrinker,
				      struct shrink_control *sc, int priority);
unsigned long memcg_kmem_shrink_registered(struct page_counter *over,
					   gfp_t gfp, int priority);
unsigned long memcg_kmem_shrink_memcg_aware(struct page_counter *over,
					    gfp_t gfp, int priority);
void memcg_kmem_wait_for_frees(struct page_counter *over);
void memcg_kmem_queue_reclaim(struct page_counter *over);
void memcg_kmem_flush_reclaim(struct page_counter *over);
void memcg_kmem_reclaim_flush(void);

/* The cgroup whose kmem counter @counter is. */
static inline struct mem_cgroup *
memcg_kmem_counter_memcg(struct page_counter *counter)
{
	return container_of(counter, struct mem_cgroup, kmem);
}

#endif /* _MM_MEMCG_KMEM_H */
