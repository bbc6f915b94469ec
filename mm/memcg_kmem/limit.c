// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: the kernel-memory limit.
 *
 * memcg->kmem counts all kernel memory charged to a cgroup (the slabs of its
 * child caches, objects charged one by one, __GFP_ACCOUNT pages) on both
 * cgroup versions, and its limit is enforced: memory.kmem.max on v2,
 * memory.kmem.limit_in_bytes on v1. A charge that would take a cgroup or an
 * ancestor past its limit first reclaims the kernel objects charged under
 * the cgroup whose limit it met (reclaim.c) and retries, a bounded number of
 * rounds. Then it fails, or goes past the limit where the rule below says
 * so. The limit never invokes the OOM killer and never loops unbounded.
 */

#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/page_counter.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "memcg_kmem.h"

#define CREATE_TRACE_POINTS
#include <trace/events/memcg_kmem.h>

/**
 * memcg_kmem_charge_rule - how a charge proceeds when it meets a limit
 * @gfp: the allocation's GFP flags
 * @task_flags: the allocating task's flags, 0 outside task context
 * @user_fault: the allocation serves a page fault of user space
 *
 * - A task that is reclaiming already (PF_MEMALLOC) goes past the limit:
 *   reclaiming again from inside reclaim would recurse.
 * - An allocation that may sleep reclaims: one round with __GFP_NORETRY,
 *   MEMCG_KMEM_RECLAIM_ROUNDS otherwise.
 * - One that may not sleep cannot reclaim; reclaim is queued instead, and
 *   the charge goes past the limit if the allocation may use reserves
 *   (__GFP_HIGH, e.g. GFP_ATOMIC), as memory.max lets it, and fails if not
 *   (e.g. GFP_NOWAIT).
 * - __GFP_NOFAIL charges, and charges of user page faults (page tables),
 *   go past the limit once reclaim did what it could: a failed fault would
 *   only be retried, forever if nothing frees.
 *
 * Return: the rounds of reclaim to run and what to do when they fail.
 */
struct memcg_kmem_charge_rule memcg_kmem_charge_rule(gfp_t gfp,
						     unsigned int task_flags,
						     bool user_fault)
{
	struct memcg_kmem_charge_rule rule = {};

	if (task_flags & PF_MEMALLOC) {
		rule.force = true;
		return rule;
	}
	if (gfpflags_allow_blocking(gfp))
		rule.rounds = gfp & __GFP_NORETRY ? 1 : MEMCG_KMEM_RECLAIM_ROUNDS;
	else if (gfp & __GFP_HIGH)
		rule.force = true;
	if ((gfp & __GFP_NOFAIL) || user_fault)
		rule.force = true;
	return rule;
}

/**
 * memcg_kmem_charge_counter - charge a kmem counter, reclaiming at its limits
 * @counter: the kmem page counter of the cgroup charged
 * @nr_pages: the number of pages
 * @gfp: the allocation's GFP flags
 * @task_flags: the allocating task's flags, 0 outside task context
 * @user_fault: the allocation serves a page fault of user space
 * @ops: reclaim and events
 * @overp: set to the counter whose limit a charge went past, NULL if none
 *
 * The counter is hierarchical: the limit met may be an ancestor's, and the
 * reclaim is for the cgroup whose limit it is. A charge let past the limit
 * is not counted here: the caller counts it (MEMCG_KMEM_OVER on *@overp)
 * once no other limit undoes it.
 *
 * Return: whether @nr_pages were charged, within the limits or past them.
 */
enum memcg_kmem_charge_result
memcg_kmem_charge_counter(struct page_counter *counter, unsigned long nr_pages,
			  gfp_t gfp, unsigned int task_flags, bool user_fault,
			  const struct memcg_kmem_limit_ops *ops,
			  struct page_counter **overp)
{
	struct memcg_kmem_charge_rule rule;
	struct page_counter *over;
	unsigned int round, noreclaim;
	int step;

	*overp = NULL;
	if (page_counter_try_charge(counter, nr_pages, &over))
		return MEMCG_KMEM_CHARGED;

	ops->event(over, MEMCG_KMEM_MAX, nr_pages, gfp);
	rule = memcg_kmem_charge_rule(gfp, task_flags, user_fault);

	/* Allocations made while reclaiming go past the limit: no recursion. */
	noreclaim = rule.rounds ? memalloc_noreclaim_save() : 0;
	for (round = 0; round < rule.rounds; round++) {
		int priority = max_t(int, MEMCG_KMEM_RECLAIM_PRIORITY - round, 0);
		bool freed = false;

		ops->event(over, MEMCG_KMEM_RECLAIM, nr_pages, gfp);
		for (step = 0; step < MEMCG_KMEM_NR_STEPS; step++) {
			if (ops->shrink[step](over, gfp, priority)) {
				ops->wait_for_frees(over);
				freed = true;
			}
			if (page_counter_try_charge(counter, nr_pages, &over))
				goto charged;
		}
		/*
		 * Nothing freed: the cgroup's other reclaimers may have its
		 * objects on their way back to the slabs (isolated from the
		 * LRUs, or in RCU callbacks). Let them arrive before the next
		 * round, rather than spend the rounds in microseconds.
		 */
		if (!freed) {
			ops->wait_for_frees(over);
			if (page_counter_try_charge(counter, nr_pages, &over))
				goto charged;
		}
	}
	if (rule.rounds)
		memalloc_noreclaim_restore(noreclaim);

	/* Give back empty slabs and reclaim where it may sleep. */
	ops->queue_reclaim(over);

	if (rule.force) {
		page_counter_charge(counter, nr_pages);
		*overp = over;
		return MEMCG_KMEM_FORCED;
	}
	ops->event(over, MEMCG_KMEM_FAIL, nr_pages, gfp);
	return MEMCG_KMEM_REFUSED;

charged:
	memalloc_noreclaim_restore(noreclaim);
	return MEMCG_KMEM_CHARGED;
}

/* Count an event in the cgroup whose limit it is and in its ancestors. */
static void memcg_kmem_limit_event(struct page_counter *over,
				   enum memcg_kmem_event event,
				   unsigned long nr_pages, gfp_t gfp)
{
	struct mem_cgroup *memcg = memcg_kmem_counter_memcg(over);

	switch (event) {
	case MEMCG_KMEM_MAX:
		trace_memcg_kmem_limit_hit(memcg, nr_pages, gfp);
		break;
	case MEMCG_KMEM_OVER:
		trace_memcg_kmem_charge_over(memcg, nr_pages, gfp);
		break;
	case MEMCG_KMEM_FAIL:
		trace_memcg_kmem_charge_fail(memcg, nr_pages, gfp);
		break;
	default:
		break;
	}

	for (; memcg && !mem_cgroup_is_root(memcg);
	     memcg = parent_mem_cgroup(memcg)) {
		atomic_long_inc(&memcg->kmem_events[event]);
		cgroup_file_notify(&memcg->kmem_events_file);
	}
}

const struct memcg_kmem_limit_ops memcg_kmem_limit_ops = {
	.shrink = {
		[MEMCG_KMEM_SHRINK_REGISTERED] = memcg_kmem_shrink_registered,
		[MEMCG_KMEM_SHRINK_MEMCG_AWARE] = memcg_kmem_shrink_memcg_aware,
	},
	.wait_for_frees = memcg_kmem_wait_for_frees,
	.queue_reclaim = memcg_kmem_queue_reclaim,
	.event = memcg_kmem_limit_event,
};

/**
 * memcg_kmem_try_charge - charge kernel pages against the kmem limits
 * @memcg: the cgroup charged (not the root)
 * @gfp: the allocation's GFP flags
 * @nr_pages: the number of pages
 * @overp: set to the kmem counter whose limit the charge went past, or NULL
 *
 * Charges @memcg->kmem and its ancestors, reclaiming kernel objects at a
 * limit as memcg_kmem_charge_rule() says. Called by mm/memcontrol.c for every
 * kernel-memory charge; memory.max is charged after it, and a charge that
 * went past a kmem limit is counted with memcg_kmem_charged_over() only
 * once memory.max took it too.
 *
 * Context: as the allocation; may sleep if @gfp allows.
 * Return: 0 if charged, -ENOMEM if not.
 */
int memcg_kmem_try_charge(struct mem_cgroup *memcg, gfp_t gfp,
			  unsigned int nr_pages, struct page_counter **overp)
{
	unsigned int task_flags = in_task() ? current->flags : 0;
	bool user_fault = in_task() && current->in_user_fault;

	if (memcg_kmem_charge_counter(&memcg->kmem, nr_pages, gfp, task_flags,
				      user_fault, &memcg_kmem_limit_ops,
				      overp) == MEMCG_KMEM_REFUSED)
		return -ENOMEM;
	return 0;
}

/**
 * memcg_kmem_charged_over - count a charge that went past a kmem limit
 * @over: the kmem counter whose limit it went past (memcg_kmem_try_charge())
 * @nr_pages: the number of pages
 * @gfp: the allocation's GFP flags
 *
 * Counts MEMCG_KMEM_OVER in the cgroup of @over and its ancestors, and
 * traces it: memory.kmem.events "over" counts exactly the charges that
 * stand past a kmem limit.
 *
 * Context: any context.
 */
void memcg_kmem_charged_over(struct page_counter *over, unsigned int nr_pages,
			     gfp_t gfp)
{
	memcg_kmem_limit_ops.event(over, MEMCG_KMEM_OVER, nr_pages, gfp);
}

/**
 * __memcg_kmem_slab_fits - whether a child cache's new slab fits its limits
 * @s: a child cache
 * @order: the slab's page order
 *
 * See memcg_kmem_slab_fits(). The counters are read without a lock; the
 * objcg's cgroup is stable under RCU, and its ancestors with it.
 *
 * Context: any context.
 * Return: true if the cgroup of @s and each ancestor have room for the slab.
 */
bool __memcg_kmem_slab_fits(struct kmem_cache *s, int order)
{
	unsigned long nr_pages = 1UL << order;
	struct page_counter *counter;
	struct mem_cgroup *memcg;
	bool fits = true;

	rcu_read_lock();
	memcg = obj_cgroup_memcg(s->memcg_kmem.objcg);
	for (counter = &memcg->kmem; counter; counter = counter->parent) {
		if (page_counter_read(counter) + nr_pages >
		    READ_ONCE(counter->max)) {
			fits = false;
			break;
		}
	}
	rcu_read_unlock();
	return fits;
}

/**
 * memcg_kmem_parse_limit - parse a value written to a kmem limit file
 * @buf: the stripped string written
 * @max_token: the word for "no limit" ("max" on v2, "-1" on v1)
 * @nr_pages: the limit in pages
 *
 * Takes what the cgroup's memory limit files take (page_counter_memparse():
 * @max_token, or a number of bytes in any base memparse() reads with an
 * optional K, M, G, T, P or E suffix, rounded down to pages, a value past
 * the largest limit being that limit), and refuses what memparse() would
 * silently misread: no digits (read as 0) and a value that does not fit in
 * 64 bits (wrapped).
 *
 * Context: process context.
 * Return: 0; -EINVAL for an empty or malformed value; -ERANGE for a value
 * beyond 64 bits.
 */
int memcg_kmem_parse_limit(const char *buf, const char *max_token,
			   unsigned long *nr_pages)
{
	static const char suffixes[] = "KMGTPE";
	unsigned long long bytes;
	unsigned int shift = 0;
	const char *unit;
	size_t len;
	char *num;
	int ret;

	if (!strcmp(buf, max_token))
		return page_counter_memparse(buf, max_token, nr_pages);

	len = strlen(buf);
	if (!len)
		return -EINVAL;
	unit = strchr(suffixes, toupper(buf[len - 1]));
	/* In hex, a last E is a digit: memparse() reads it as one. */
	if (unit && *unit == 'E' && len > 2 && buf[0] == '0' &&
	    tolower(buf[1]) == 'x')
		unit = NULL;
	if (unit && *unit) {
		shift = 10 * (unit - suffixes + 1);
		len--;
	}
	num = kstrndup(buf, len, GFP_KERNEL | __GFP_NOACCOUNT);
	if (!num)
		return -ENOMEM;
	ret = kstrtoull(num, 0, &bytes);
	kfree(num);
	if (ret == -ERANGE || (!ret && bytes > (ULLONG_MAX >> shift)))
		return -ERANGE;
	if (ret)
		return -EINVAL;
	/* The digits are sound: parse as the memory limit files do. */
	return page_counter_memparse(buf, max_token, nr_pages);
}

/**
 * memcg_kmem_set_max - set a cgroup's kmem limit, reclaiming down to it
 * @memcg: the cgroup (not the root)
 * @max: the new limit in pages
 * @strict: keep the old limit if the usage cannot get under the new one
 *
 * A limit below the usage makes the cgroup's kernel objects be reclaimed,
 * MEMCG_KMEM_RECLAIM_ROUNDS rounds at most, then the empty slabs its child
 * caches keep be given back. If the usage stays above:
 * strict (v1's memory.kmem.limit_in_bytes, like its memory.limit_in_bytes)
 * keeps the old limit and fails with -EBUSY; otherwise (v2's
 * memory.kmem.max, like memory.max) the new limit stays and charges fail
 * until frees bring the usage under it.
 *
 * Context: process context, may sleep.
 * Return: 0, -EBUSY (strict only) or -EINTR if a signal is pending.
 */
int memcg_kmem_set_max(struct mem_cgroup *memcg, unsigned long max,
		       bool strict)
{
	unsigned int round;
	unsigned int noreclaim;
	int step;

	if (!strict)
		xchg(&memcg->kmem.max, max);

	for (round = 0; ; round++) {
		int priority = max_t(int, MEMCG_KMEM_RECLAIM_PRIORITY - round, 0);

		if (strict) {
			if (!page_counter_set_max(&memcg->kmem, max))
				return 0;
		} else if (page_counter_read(&memcg->kmem) <= max ||
			   READ_ONCE(memcg->kmem.max) != max) {
			return 0;
		}
		if (round > MEMCG_KMEM_RECLAIM_ROUNDS)
			return strict ? -EBUSY : 0;
		if (signal_pending(current))
			return -EINTR;
		if (round == MEMCG_KMEM_RECLAIM_ROUNDS) {
			/* Last: the empty slabs the caches keep, too. */
			memcg_kmem_flush_reclaim(&memcg->kmem);
			continue;
		}

		noreclaim = memalloc_noreclaim_save();
		for (step = 0; step < MEMCG_KMEM_NR_STEPS; step++)
			if (memcg_kmem_limit_ops.shrink[step](&memcg->kmem,
							      GFP_KERNEL,
							      priority))
				memcg_kmem_wait_for_frees(&memcg->kmem);
		memalloc_noreclaim_restore(noreclaim);
	}
}

/* memory.kmem.events: events at the limits of the cgroup and its descendants. */
static int memcg_kmem_events_show(struct seq_file *m, void *v)
{
	struct mem_cgroup *memcg = mem_cgroup_from_seq(m);

	seq_printf(m, "max %lu\n",
		   atomic_long_read(&memcg->kmem_events[MEMCG_KMEM_MAX]));
	seq_printf(m, "reclaim %lu\n",
		   atomic_long_read(&memcg->kmem_events[MEMCG_KMEM_RECLAIM]));
	seq_printf(m, "over %lu\n",
		   atomic_long_read(&memcg->kmem_events[MEMCG_KMEM_OVER]));
	seq_printf(m, "fail %lu\n",
		   atomic_long_read(&memcg->kmem_events[MEMCG_KMEM_FAIL]));
	return 0;
}

static u64 memcg_kmem_current_read(struct cgroup_subsys_state *css,
				   struct cftype *cft)
{
	return (u64)page_counter_read(&mem_cgroup_from_css(css)->kmem) *
	       PAGE_SIZE;
}

static int memcg_kmem_max_show(struct seq_file *m, void *v)
{
	unsigned long max = READ_ONCE(mem_cgroup_from_seq(m)->kmem.max);

	if (max == PAGE_COUNTER_MAX)
		seq_puts(m, "max\n");
	else
		seq_printf(m, "%llu\n", (u64)max * PAGE_SIZE);
	return 0;
}

static ssize_t memcg_kmem_max_write(struct kernfs_open_file *of, char *buf,
				    size_t nbytes, loff_t off)
{
	struct mem_cgroup *memcg = mem_cgroup_from_css(of_css(of));
	unsigned long max;
	int err;

	err = memcg_kmem_parse_limit(strstrip(buf), "max", &max);
	if (err)
		return err;
	err = memcg_kmem_set_max(memcg, max, false);
	return err ?: nbytes;
}

/* The limit's cgroup v2 files; v1 has memory.kmem.limit_in_bytes already. */
static struct cftype memcg_kmem_limit_files[] = {
	{
		.name = "kmem.current",
		.flags = CFTYPE_NOT_ON_ROOT,
		.read_u64 = memcg_kmem_current_read,
	},
	{
		.name = "kmem.max",
		.flags = CFTYPE_NOT_ON_ROOT,
		.seq_show = memcg_kmem_max_show,
		.write = memcg_kmem_max_write,
	},
	{
		.name = "kmem.events",
		.flags = CFTYPE_NOT_ON_ROOT,
		.file_offset = offsetof(struct mem_cgroup, kmem_events_file),
		.seq_show = memcg_kmem_events_show,
	},
	{ }	/* terminate */
};

static int __init memcg_kmem_limit_files_init(void)
{
	WARN_ON(cgroup_add_dfl_cftypes(&memory_cgrp_subsys,
				       memcg_kmem_limit_files));
	return 0;
}
subsys_initcall(memcg_kmem_limit_files_init);

#ifdef CONFIG_MEMCG_KMEM_CACHES_KUNIT_TEST
#include "limit-test.h"
#endif
