// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: the per-root-cache arrays of child caches, the
 * lockless lookup on the allocation path, and the creation, orphaning and
 * destruction of child caches.
 *
 * A child cache serves one root cache for one memory cgroup. It sits in slot
 * mem_cgroup_id(memcg) of the root's array. Memory cgroup ids are recycled
 * by the memory controller, so the arrays grow to the highest id in use, not
 * with cgroup churn. When its cgroup goes offline a child leaves the array
 * and becomes an orphan: its charges follow the reparented obj_cgroup, it
 * stops caching empty slabs, and it is destroyed once its last slab and the
 * last allocation sleeping for a new slab of it are gone (its percpu_ref
 * drops to zero), after a grace period that the allocations still in the
 * read-side section of memcg_kmem_pick_cache() end before.
 */

#include <linux/cgroup.h>
#include <linux/cpu.h>
#include <linux/list_lru.h>
#include <linux/memory_hotplug.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "memcg_kmem.h"

/* Serialises child creation, orphaning and destruction: see memcg_kmem.h. */
DEFINE_MUTEX(memcg_kmem_mutex);
LIST_HEAD(memcg_kmem_children);

/*
 * Orphans are shrunk and destroyed in batches by two work items on an
 * ordered workqueue, so that an orphan's destruction never overtakes its
 * shrinking and one RCU grace period covers a whole batch.
 */
struct workqueue_struct *memcg_kmem_wq;
static LLIST_HEAD(memcg_kmem_to_shrink);
static LLIST_HEAD(memcg_kmem_dead);
static void memcg_kmem_shrink_workfn(struct work_struct *work);
static void memcg_kmem_destroy_workfn(struct work_struct *work);
static DECLARE_WORK(memcg_kmem_shrink_work, memcg_kmem_shrink_workfn);
static DECLARE_WORK(memcg_kmem_destroy_work, memcg_kmem_destroy_workfn);

/*
 * Children are created by memcg_kmem_create_work, never in the allocating
 * context, which may hold locks that cache creation must not nest in;
 * meanwhile the cgroup's allocations are charged per object. A request
 * pins its cgroup; its root cache stays valid because
 * memcg_kmem_cache_flush() waits for the work before a root goes.
 * At most MEMCG_KMEM_CREATE_MAX requests wait, one per root and cgroup; after
 * a creation fails, none is taken for a second, so that failures are
 * retried later and not in a loop.
 */
struct memcg_kmem_create_request {
	struct list_head node;
	struct kmem_cache *root;
	struct mem_cgroup *memcg;
};

#define MEMCG_KMEM_CREATE_MAX	64
static DEFINE_SPINLOCK(memcg_kmem_create_lock);
static LIST_HEAD(memcg_kmem_create_requests);	/* under the lock */
static unsigned int memcg_kmem_create_nr;	/* under the lock */
static unsigned long memcg_kmem_create_resume;	/* jiffies */
static void memcg_kmem_create_workfn(struct work_struct *work);
static DECLARE_WORK(memcg_kmem_create_work, memcg_kmem_create_workfn);

/**
 * memcg_kmem_array_grow - make a copy of an array with room for an id
 * @old: the current array, or NULL
 * @id: the memcg id (mem_cgroup_id()) that needs a slot
 * @gfp: allocation flags
 *
 * Return: a new array of at least MEMCG_KMEM_ARRAY_MIN slots, a power of two
 * larger than @id, holding the entries of @old; NULL on failure.
 */
struct memcg_kmem_array *memcg_kmem_array_grow(const struct memcg_kmem_array *old,
					       int id, gfp_t gfp)
{
	struct memcg_kmem_array *arr;
	unsigned int size;

	if (id < 0 || id >= INT_MAX / 2)
		return NULL;

	size = max_t(unsigned int, MEMCG_KMEM_ARRAY_MIN,
		     roundup_pow_of_two(id + 1));
	if (old && old->size >= size)
		size = old->size;

	arr = kzalloc(struct_size(arr, caches, size), gfp | __GFP_NOACCOUNT);
	if (!arr)
		return NULL;

	arr->size = size;
	if (old)
		memcpy(arr->caches, old->caches,
		       old->size * sizeof(old->caches[0]));
	return arr;
}

/**
 * memcg_kmem_child_name - the name of a child cache
 * @root_name: the root cache's name
 * @id: the memcg id of the cgroup
 * @cgroup_name: the cgroup's directory name
 * @gfp: allocation flags
 *
 * Child caches show up under this name in /proc/slabinfo, e.g.
 * "dentry(7:web)".
 *
 * Return: a kmalloc()ed string, or NULL.
 */
char *memcg_kmem_child_name(const char *root_name, int id,
			    const char *cgroup_name, gfp_t gfp)
{
	return kasprintf(gfp | __GFP_NOACCOUNT, "%s(%d:%s)", root_name, id,
			 cgroup_name);
}

static struct memcg_kmem_array *memcg_kmem_children_of(struct kmem_cache *root)
{
	return rcu_dereference_check(root->memcg_kmem.children,
				     lockdep_is_held(&memcg_kmem_mutex));
}

/*
 * Make sure @root's array has slot @id, growing it if needed. Returns the
 * array, or NULL if memory is short. memcg_kmem_mutex held.
 */
static struct memcg_kmem_array *memcg_kmem_reserve_slot(struct kmem_cache *root,
							int id)
{
	struct memcg_kmem_array *arr, *grown;

	lockdep_assert_held(&memcg_kmem_mutex);

	arr = memcg_kmem_children_of(root);
	if (arr && id < arr->size)
		return arr;

	grown = memcg_kmem_array_grow(arr, id, GFP_KERNEL);
	if (!grown)
		return NULL;
	rcu_assign_pointer(root->memcg_kmem.children, grown);
	if (arr)
		kfree_rcu(arr, rcu);
	return grown;
}

/* Make a new child visible to lookups. memcg_kmem_mutex held. */
static void memcg_kmem_publish_child(struct memcg_kmem_array *arr,
				     struct kmem_cache *child)
{
	lockdep_assert_held(&memcg_kmem_mutex);

	list_add(&child->memcg_kmem.node, &memcg_kmem_children);
	/*
	 * Lockless readers must see the child fully set up: pairs with the
	 * READ_ONCE() of memcg_kmem_array_lookup().
	 */
	smp_store_release(&arr->caches[child->memcg_kmem.memcg_id], child);
}

static struct obj_cgroup *memcg_kmem_get_objcg(struct mem_cgroup *memcg)
{
	struct obj_cgroup *objcg;

	rcu_read_lock();
	objcg = rcu_dereference(memcg->objcg);
	if (objcg && !obj_cgroup_tryget(objcg))
		objcg = NULL;
	rcu_read_unlock();
	return objcg;
}

/* An orphan lost its last slab and allocation: destroy it. Any context. */
static void memcg_kmem_child_release(struct percpu_ref *ref)
{
	struct kmem_cache *child;

	child = container_of(ref, struct kmem_cache, memcg_kmem.refcnt);
	if (llist_add(&child->memcg_kmem.dead_node, &memcg_kmem_dead))
		queue_work(memcg_kmem_wq, &memcg_kmem_destroy_work);
}

/* Make orphans give back their cached empty slabs, and keep none. */
static void memcg_kmem_shrink_workfn(struct work_struct *work)
{
	struct llist_node *batch = llist_del_all(&memcg_kmem_to_shrink);
	struct kmem_cache *child, *tmp;

	llist_for_each_entry_safe(child, tmp, batch, memcg_kmem.shrink_node) {
		__kmem_cache_deactivate(child);
		kmem_cache_shrink(child);
		/* The list's reference: @child may be released from here on. */
		percpu_ref_put(&child->memcg_kmem.refcnt);
	}
}

static void memcg_kmem_destroy_workfn(struct work_struct *work)
{
	struct llist_node *batch = llist_del_all(&memcg_kmem_dead);
	struct kmem_cache *child, *tmp;

	if (!batch)
		return;
	/* Whoever dropped a last reference may still be leaving the allocator. */
	synchronize_rcu();

	cpus_read_lock();
	mutex_lock(&slab_mutex);
	mutex_lock(&memcg_kmem_mutex);
	llist_for_each_entry(child, batch, memcg_kmem.dead_node)
		list_del_init(&child->memcg_kmem.node);
	mutex_unlock(&memcg_kmem_mutex);
	llist_for_each_entry_safe(child, tmp, batch, memcg_kmem.dead_node)
		kmem_cache_destroy_child(child);
	mutex_unlock(&slab_mutex);
	cpus_read_unlock();
}

/*
 * Install a child cache of @root for @memcg, from memcg_kmem_create_work
 * (process context, no lock held: it may reclaim as GFP_KERNEL does).
 * Returns the child, or NULL if @memcg is going offline or memory is short.
 */
static struct kmem_cache *memcg_kmem_create_child(struct kmem_cache *root,
						  struct mem_cgroup *memcg)
{
	struct memcg_kmem_cache params = { .root_cache = root };
	struct memcg_kmem_array *arr;
	struct kmem_cache *child = NULL;
	struct mem_cgroup *old_memcg;
	char *name = NULL, *cgname;
	int id = mem_cgroup_id(memcg);

	/* The cache's own metadata is not charged, nor given children. */
	old_memcg = set_active_memcg(root_mem_cgroup);

	params.objcg = memcg_kmem_get_objcg(memcg);
	if (!params.objcg)
		goto out;

	cgname = kmalloc(NAME_MAX + 1, GFP_KERNEL | __GFP_NOACCOUNT);
	if (cgname) {
		cgroup_name(memcg->css.cgroup, cgname, NAME_MAX + 1);
		name = memcg_kmem_child_name(root->name, id, cgname,
					     GFP_KERNEL);
		kfree(cgname);
	}
	if (!name)
		goto out_put;

	cpus_read_lock();
	get_online_mems();
	mutex_lock(&slab_mutex);
	mutex_lock(&memcg_kmem_mutex);

	/*
	 * memcg_offline_kmem() clears ->objcg before it orphans the cgroup's
	 * children under memcg_kmem_mutex: no child is born after that.
	 */
	child = memcg_kmem_lookup(root, memcg);
	if (child) {
		/* Lost a race with another creator: use its child. */
		goto unlock;
	}
	if (!memcg_kmem_wq || !rcu_access_pointer(memcg->objcg))
		goto unlock;

	arr = memcg_kmem_reserve_slot(root, id);
	if (!arr)
		goto unlock;

	params.memcg = memcg;
	params.memcg_id = id;
	child = kmem_cache_create_child(root, name, &params);
	if (IS_ERR(child)) {
		child = NULL;
		goto unlock;
	}
	/* The child owns the name and the objcg reference now. */
	name = NULL;
	params.objcg = NULL;
	if (percpu_ref_init(&child->memcg_kmem.refcnt, memcg_kmem_child_release,
			    0, GFP_KERNEL)) {
		kmem_cache_destroy_child(child);
		child = NULL;
		goto unlock;
	}
	memcg_kmem_publish_child(arr, child);
unlock:
	mutex_unlock(&memcg_kmem_mutex);
	mutex_unlock(&slab_mutex);
	put_online_mems();
	cpus_read_unlock();
out_put:
	kfree(name);
	if (params.objcg)
		obj_cgroup_put(params.objcg);
out:
	set_active_memcg(old_memcg);
	return child;
}

/**
 * memcg_kmem_create_admit - tell whether a child cache may be asked for now
 * @root: the root cache
 * @now: the time, in jiffies
 * @resume: when requests may be taken again after a failed creation
 * @nr: how many requests wait
 *
 * Return: true if the workqueue exists, @root is not being destroyed, the
 * pause after a failure is over and fewer than MEMCG_KMEM_CREATE_MAX wait.
 */
static bool memcg_kmem_create_admit(const struct kmem_cache *root,
				    unsigned long now, unsigned long resume,
				    unsigned int nr)
{
	return memcg_kmem_wq && !READ_ONCE(root->memcg_kmem.root_dying) &&
	       !time_before(now, resume) && nr < MEMCG_KMEM_CREATE_MAX;
}

/* Whether @memcg's child of @root is asked for already; the lock held. */
static bool memcg_kmem_create_pending(struct kmem_cache *root,
				      struct mem_cgroup *memcg)
{
	struct memcg_kmem_create_request *pos;

	lockdep_assert_held(&memcg_kmem_create_lock);
	list_for_each_entry(pos, &memcg_kmem_create_requests, node) {
		if (pos->root == root && pos->memcg == memcg)
			return true;
	}
	return false;
}

/*
 * Ask for @memcg's child of @root to be created from the workqueue. Any
 * context; @memcg is pinned by the caller.
 *
 * memcg_kmem_create_resume and memcg_kmem_create_nr are read without the
 * lock: they are hints, and a request taken just after a failure, or one
 * missed while the list drains, only moves a creation by one work run.
 */
void memcg_kmem_queue_child(struct kmem_cache *root, struct mem_cgroup *memcg)
{
	struct memcg_kmem_create_request *req;
	unsigned long flags;
	bool queued = false;

	if (!memcg_kmem_create_admit(root, jiffies,
				     READ_ONCE(memcg_kmem_create_resume),
				     READ_ONCE(memcg_kmem_create_nr)))
		return;

	/*
	 * Until the work runs, every allocation of the cgroup from @root
	 * comes here: find its request without allocating another.
	 */
	spin_lock_irqsave(&memcg_kmem_create_lock, flags);
	queued = memcg_kmem_create_pending(root, memcg);
	spin_unlock_irqrestore(&memcg_kmem_create_lock, flags);
	if (queued)
		return;

	/*
	 * The framework's own metadata: never accounted, which would also
	 * recurse here if the kmalloc cache were accounted.
	 */
	req = kmalloc(sizeof(*req), GFP_NOWAIT | __GFP_NOWARN |
		      __GFP_NOACCOUNT);
	if (!req)
		return;
	req->root = root;
	req->memcg = memcg;

	spin_lock_irqsave(&memcg_kmem_create_lock, flags);
	if (!memcg_kmem_create_pending(root, memcg) &&
	    memcg_kmem_create_nr < MEMCG_KMEM_CREATE_MAX) {
		css_get(&memcg->css);
		list_add_tail(&req->node, &memcg_kmem_create_requests);
		memcg_kmem_create_nr++;
		queued = true;
	}
	spin_unlock_irqrestore(&memcg_kmem_create_lock, flags);

	/*
	 * Behind the teardown of orphans on the ordered workqueue: under
	 * cgroup churn, creation waits for teardown, which bounds the number
	 * of child caches alive at once.
	 */
	if (queued)
		queue_work(memcg_kmem_wq, &memcg_kmem_create_work);
	else
		kfree(req);
}

static void memcg_kmem_create_workfn(struct work_struct *work)
{
	struct memcg_kmem_create_request *req, *tmp;
	LIST_HEAD(batch);

	spin_lock_irq(&memcg_kmem_create_lock);
	list_splice_init(&memcg_kmem_create_requests, &batch);
	memcg_kmem_create_nr = 0;
	spin_unlock_irq(&memcg_kmem_create_lock);

	list_for_each_entry_safe(req, tmp, &batch, node) {
		struct kmem_cache *child = NULL;

		/* A root being destroyed waits for this work: leave it be. */
		if (!READ_ONCE(req->root->memcg_kmem.root_dying))
			child = memcg_kmem_create_child(req->root, req->memcg);
		if (!child && mem_cgroup_online(req->memcg))
			WRITE_ONCE(memcg_kmem_create_resume, jiffies + HZ);
		css_put(&req->memcg->css);
		kfree(req);
	}
}

/*
 * Whether an allocation of @memcg from @s, which has no child for it, asks
 * for one at once; otherwise it is charged per object and counted, and the
 * count asks when the child pays (usage.c). The root cgroup is never
 * charged per object, so nothing would count for it.
 */
static bool memcg_kmem_child_at_first(struct kmem_cache *s,
				      struct mem_cgroup *memcg)
{
	switch (READ_ONCE(s->memcg_kmem.granularity)) {
	case MEMCG_KMEM_GRANULARITY_ALWAYS:
		return true;
	case MEMCG_KMEM_GRANULARITY_AUTO:
		/* A cache that cannot be counted gets children as "always". */
		return mem_cgroup_is_root(memcg) ||
		       READ_ONCE(s->memcg_kmem.usage_id) < 0;
	default:
		return false;
	}
}

/*
 * Charge @objects objects of @s per object to @memcg, which has no child
 * cache of @s, as memcg_slab_pre_alloc_hook() does: its obj_cgroup
 * (or the nearest ancestor's) with what the objects cost, after the list
 * heads of @lru for the objcg's cgroup. Called in the pick's section, which
 * it ends.
 * Returns the charged obj_cgroup, NULL if there is none to charge, or an
 * ERR_PTR() if the charge or the list heads were refused.
 */
static struct obj_cgroup *memcg_kmem_charge_objects(struct kmem_cache *s,
						    struct mem_cgroup *memcg,
						    struct list_lru *lru,
						    gfp_t gfp, size_t objects)
{
	struct obj_cgroup *objcg;

	/* For lockdep, which cannot see the pick's section. */
	rcu_read_lock();
	objcg = __get_obj_cgroup_from_memcg(memcg);
	rcu_read_unlock();
	memcg_kmem_pick_unlock();
	if (!objcg)
		return NULL;
	if (!memcg_slab_charge_objcg(s, lru, objcg, objects, gfp))
		return ERR_PTR(-ENOMEM);
	return objcg;
}

/*
 * Allocate @lru's list heads for @memcg, whose child cache @child is found
 * but not its heads: the child and the cgroup are pinned while the
 * allocation may sleep. Called in the pick's section, and returns in it.
 * Returns 0,
 * -ENOMEM, or -ENOENT if @memcg is being freed (it has no child then).
 */
static int memcg_kmem_child_lru_alloc(struct kmem_cache *child,
				      struct mem_cgroup *memcg,
				      struct list_lru *lru, gfp_t gfp)
{
	int ret;

	if (!css_tryget(&memcg->css))
		return -ENOENT;
	percpu_ref_get(&child->memcg_kmem.refcnt);
	memcg_kmem_pick_unlock();
	ret = memcg_list_lru_alloc(memcg, lru, gfp);
	css_put(&memcg->css);
	memcg_kmem_pick_lock();
	/* The last reference of an orphan: destroyed after this section. */
	percpu_ref_put(&child->memcg_kmem.refcnt);
	return ret;
}

/**
 * __memcg_kmem_pick_cache - the slow part of memcg_kmem_pick_cache()
 * @s: the root cache allocated from
 * @memcg: the cgroup to charge, found by memcg_kmem_pick_cache()
 * @child: @memcg's child cache of @s, or NULL if it has none
 * @lru: the list_lru the object will be added to, or NULL
 * @gfp: the allocation's GFP flags
 * @objects: how many objects the allocation asks for
 *
 * Called when @memcg has no child cache of @s, or when it has one but not
 * the list heads of @lru yet, which are allocated then. Without a child,
 * the objects are charged per object, as memcg_slab_pre_alloc_hook()
 * charges them, and a child is asked for if @s gets one on a cgroup's
 * first allocation; the root cgroup (tracked) is not charged per object.
 *
 * Context: called in the pick's read-side section (memcg_kmem_pick_lock()),
 * from any context; returns in it if it returns a child cache, out of it
 * otherwise.
 * Return: the cache as memcg_kmem_pick_cache() returns it, and the
 * obj_cgroup charged per object, or NULL.
 */
struct memcg_kmem_pick __memcg_kmem_pick_cache(struct kmem_cache *s,
					       struct mem_cgroup *memcg,
					       struct kmem_cache *child,
					       struct list_lru *lru, gfp_t gfp,
					       size_t objects)
{
	struct memcg_kmem_pick pick = { .cache = s };

	if (child) {
		switch (memcg_kmem_child_lru_alloc(child, memcg, lru, gfp)) {
		case 0:
			pick.cache = child;
			return pick;
		case -ENOENT:
			break;
		default:
			memcg_kmem_pick_unlock();
			pick.cache = NULL;
			return pick;
		}
	}

	/*
	 * Never create the child here: the caller may hold locks (e.g.
	 * kernfs_rwsem in a lookup) that CPU hotplug takes under
	 * cpu_hotplug_lock, which creating a cache takes. The request pins
	 * @memcg, which must not be on its way to be freed.
	 */
	if (!child && memcg_kmem_child_at_first(s, memcg) &&
	    css_tryget(&memcg->css)) {
		memcg_kmem_queue_child(s, memcg);
		css_put(&memcg->css);
	}

	/* The root cgroup is not charged per object. */
	if (mem_cgroup_is_root(memcg)) {
		memcg_kmem_pick_unlock();
		return pick;
	}

	pick.objcg = memcg_kmem_charge_objects(s, memcg, lru, gfp, objects);
	if (IS_ERR(pick.objcg)) {
		pick.cache = NULL;
		pick.objcg = NULL;
	}
	return pick;
}

/**
 * memcg_kmem_cache_init - initialise the per-cgroup state of a new cache
 * @s: the cache being created
 * @params: NULL for a root cache; the state of a child cache
 *
 * Context: slab_mutex held, before the cache is usable.
 */
void memcg_kmem_cache_init(struct kmem_cache *s,
			   const struct memcg_kmem_cache *params)
{
	if (params)
		s->memcg_kmem = *params;
	else
		memset(&s->memcg_kmem, 0, sizeof(s->memcg_kmem));
}

/**
 * memcg_kmem_cache_flush - let the dying orphans of a root cache go
 * @root: the root cache about to be destroyed
 *
 * Waits for queued orphans of @root to be shrunk and for orphans whose last
 * reference is gone to be destroyed, so that memcg_kmem_cache_destroy()
 * only meets children that nothing else will touch.
 *
 * Context: process context, no slab locks held.
 */
void memcg_kmem_cache_flush(struct kmem_cache *root)
{
	int i;

	/*
	 * No orphan of @root is queued for shrinking, and no child of it is
	 * asked for, after this; a request already queued is served or
	 * dropped when flush_work() returns.
	 */
	mutex_lock(&memcg_kmem_mutex);
	root->memcg_kmem.root_dying = true;
	mutex_unlock(&memcg_kmem_mutex);
	flush_work(&memcg_kmem_create_work);

	if (!memcg_kmem_has_children(root) || !memcg_kmem_wq)
		return;

	/*
	 * Killed references are released after a grace period; shrinking an
	 * orphan can release it in turn: two rounds drain both.
	 */
	for (i = 0; i < 2; i++) {
		rcu_barrier();
		flush_workqueue(memcg_kmem_wq);
	}
	/* Reclaim for a kmem limit may be shrinking children of @root. */
	memcg_kmem_reclaim_flush();
}

/**
 * memcg_kmem_cache_destroy - destroy the child caches of a root cache
 * @root: the root cache being destroyed
 *
 * Children still holding objects are reported and left alone, as a root
 * cache with objects is by kmem_cache_destroy(). An orphan left alone is
 * destroyed when its last object is freed.
 *
 * Context: slab_mutex held; no allocation from @root may run or follow.
 */
void memcg_kmem_cache_destroy(struct kmem_cache *root)
{
	struct kmem_cache *child, *tmp;
	struct memcg_kmem_array *arr;

	lockdep_assert_held(&slab_mutex);

	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry_safe(child, tmp, &memcg_kmem_children,
				 memcg_kmem.node) {
		if (child->memcg_kmem.root_cache != root)
			continue;
		/* Released already: the destroy work has it. */
		if (percpu_ref_is_zero(&child->memcg_kmem.refcnt))
			continue;
		/*
		 * Shutting an orphan down frees its last slabs: hold it, so that
		 * they do not release it too. The reference dies with the cache,
		 * or keeps a child that still has objects from being released.
		 */
		percpu_ref_get(&child->memcg_kmem.refcnt);
		list_del_init(&child->memcg_kmem.node);
		kmem_cache_destroy_child(child);
	}
	arr = rcu_replace_pointer(root->memcg_kmem.children, NULL,
				  lockdep_is_held(&memcg_kmem_mutex));
	mutex_unlock(&memcg_kmem_mutex);

	if (arr)
		kfree_rcu(arr, rcu);
}

/**
 * memcg_kmem_cache_release - free the per-cgroup state of a cache
 * @s: the cache, whose slabs have all been freed
 *
 * Context: process context, after any RCU-deferred slab frees of @s.
 */
void memcg_kmem_cache_release(struct kmem_cache *s)
{
	if (!memcg_kmem_is_child(s)) {
		memcg_kmem_usage_release(s);
		return;
	}
	percpu_ref_exit(&s->memcg_kmem.refcnt);
	if (s->memcg_kmem.objcg)
		obj_cgroup_put(s->memcg_kmem.objcg);
}

/**
 * memcg_kmem_cgroup_offline - stop using a cgroup's child caches
 * @memcg: the cgroup going offline, whose obj_cgroup is already reparented
 *
 * The children leave the arrays and become orphans: objects in them stay
 * charged to the reparented obj_cgroup until they are freed, and nothing
 * here pins @memcg. Each orphan is shrunk, and destroyed from the
 * workqueue once its references are gone.
 *
 * Context: process context, cgroup_mutex held.
 */
void memcg_kmem_cgroup_offline(struct mem_cgroup *memcg)
{
	struct kmem_cache *child;
	struct memcg_kmem_array *arr;

	mutex_lock(&memcg_kmem_mutex);
	list_for_each_entry(child, &memcg_kmem_children, memcg_kmem.node) {
		if (child->memcg_kmem.memcg != memcg)
			continue;
		arr = memcg_kmem_children_of(child->memcg_kmem.root_cache);
		WRITE_ONCE(arr->caches[child->memcg_kmem.memcg_id], NULL);
		WRITE_ONCE(child->memcg_kmem.memcg, NULL);
		/*
		 * The shrink list holds a reference: an orphan is never
		 * destroyed before it is shrunk. Orphans of a root cache being
		 * destroyed are left to memcg_kmem_cache_destroy().
		 */
		if (!child->memcg_kmem.root_cache->memcg_kmem.root_dying) {
			percpu_ref_get(&child->memcg_kmem.refcnt);
			llist_add(&child->memcg_kmem.shrink_node,
				  &memcg_kmem_to_shrink);
			queue_work(memcg_kmem_wq, &memcg_kmem_shrink_work);
		}
		percpu_ref_kill(&child->memcg_kmem.refcnt);
	}
	mutex_unlock(&memcg_kmem_mutex);
}

static int __init memcg_kmem_init(void)
{
	memcg_kmem_wq = alloc_ordered_workqueue("memcg_kmem", WQ_MEM_RECLAIM);
	/* Without it no child cache is made: accounting stays per object. */
	WARN_ON(!memcg_kmem_wq);
	return 0;
}
subsys_initcall(memcg_kmem_init);

#ifdef CONFIG_MEMCG_KMEM_CACHES_KUNIT_TEST
#include "core-test.h"
#include "reparent-test.h"
#endif
