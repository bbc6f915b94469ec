/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events of the kernel-memory limit of per-cgroup slab caches: why a charge
 * met a limit, what reclaim did about it, and which charges failed.
 * Cgroups are named by their cgroup id, the inode number of their directory.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM memcg_kmem

#if !defined(_TRACE_MEMCG_KMEM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MEMCG_KMEM_H

#include <linux/memcontrol.h>
#include <linux/tracepoint.h>
#include <trace/events/mmflags.h>

DECLARE_EVENT_CLASS(memcg_kmem_limit_event,
		    TP_PROTO(struct mem_cgroup *memcg, unsigned long nr_pages,
			     gfp_t gfp),
		    TP_ARGS(memcg, nr_pages, gfp),
		    TP_STRUCT__entry(__field(u64, cgroup)
				     __field(unsigned long, nr_pages)
				     __field(unsigned long, usage)
				     __field(unsigned long, max)
				     __field(unsigned long, gfp)),
		    TP_fast_assign(__entry->cgroup = cgroup_id(memcg->css.cgroup);
				   __entry->nr_pages = nr_pages;
				   __entry->usage = page_counter_read(&memcg->kmem);
				   __entry->max = READ_ONCE(memcg->kmem.max);
				   __entry->gfp = (__force unsigned long)gfp;),
		    TP_printk("cgroup=%llu nr_pages=%lu usage=%lu max=%lu gfp_flags=%s",
			      __entry->cgroup, __entry->nr_pages, __entry->usage,
			      __entry->max, show_gfp_flags(__entry->gfp))
);

/* A charge met the kmem limit of @memcg. */
DEFINE_EVENT(memcg_kmem_limit_event, memcg_kmem_limit_hit,
	     TP_PROTO(struct mem_cgroup *memcg, unsigned long nr_pages,
		      gfp_t gfp),
	     TP_ARGS(memcg, nr_pages, gfp)
);

/* Reclaim could not make room under the limit of @memcg: charge refused. */
DEFINE_EVENT(memcg_kmem_limit_event, memcg_kmem_charge_fail,
	     TP_PROTO(struct mem_cgroup *memcg, unsigned long nr_pages,
		      gfp_t gfp),
	     TP_ARGS(memcg, nr_pages, gfp)
);

/* A charge that may not fail or not reclaim went past the limit. */
DEFINE_EVENT(memcg_kmem_limit_event, memcg_kmem_charge_over,
	     TP_PROTO(struct mem_cgroup *memcg, unsigned long nr_pages,
		      gfp_t gfp),
	     TP_ARGS(memcg, nr_pages, gfp)
);

/* One shrinker ran for @memcg, on behalf of the limit of a cgroup. */
TRACE_EVENT(memcg_kmem_shrink,
	    TP_PROTO(struct mem_cgroup *memcg, const char *shrinker,
		     int priority, unsigned long freed),
	    TP_ARGS(memcg, shrinker, priority, freed),
	    TP_STRUCT__entry(__field(u64, cgroup)
			     __array(char, shrinker, 32)
			     __field(int, priority)
			     __field(unsigned long, freed)),
	    TP_fast_assign(__entry->cgroup = cgroup_id(memcg->css.cgroup);
			   strscpy(__entry->shrinker, shrinker,
				   sizeof(__entry->shrinker));
			   __entry->priority = priority;
			   __entry->freed = freed;),
	    TP_printk("cgroup=%llu shrinker=%s priority=%d freed=%lu",
		      __entry->cgroup, __entry->shrinker, __entry->priority,
		      __entry->freed)
);

#endif /* _TRACE_MEMCG_KMEM_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
