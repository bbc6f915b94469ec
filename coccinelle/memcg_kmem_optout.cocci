// SPDX-License-Identifier: GPL-2.0-only
///
/// memcg_kmem opt-out annotations: find slab allocations that must not be
/// charged to the current task's memory cgroup when a cache is accounted
/// by default (opt-out policy), and (patch mode) add __GFP_NOACCOUNT to
/// their GFP argument.
///
/// An allocation (kmalloc, kzalloc, kcalloc, kmalloc_array, *_node,
/// krealloc, kmemdup, kstrdup, kvmalloc, kmem_cache_alloc, ...) is
/// reported when its GFP argument has neither __GFP_NOACCOUNT nor an
/// explicit __GFP_ACCOUNT/GFP_KERNEL_ACCOUNT, and:
///  - atomic: the GFP argument contains GFP_ATOMIC or GFP_NOWAIT (it may
///    run in interrupt context, where "current" is whatever task was
///    interrupted); or
///  - context: it is in a function of this file registered as an
///    interrupt handler (request_irq, request_threaded_irq's primary
///    handler, devm_request_irq, request_any_context_irq,
///    request_percpu_irq), a timer or hrtimer callback (timer_setup,
///    DEFINE_TIMER, .function = ...), a tasklet (tasklet_setup,
///    tasklet_init, DECLARE_TASKLET), a softirq action (open_softirq), an
///    RCU callback (call_rcu) or a NAPI poll function (netif_napi_add); or
///  - shared: its result is stored directly in a file-scope variable (or a
///    field of one), so the object outlives the allocating task's cgroup
///    by design.
///
/// What it is for: under the opt-out policy every allocation from an
/// accounted cache is charged to the current task's cgroup; these call
/// sites must stay unaccounted (lesson 5 of the project brief). Only the
/// function that calls the allocator is examined (no callees, no other
/// files).
///
// Confidence: Moderate
// Copyright: (C) 2026 memcg-kmem project
// Options: --no-includes --include-headers
// Keywords: memcg_kmem, __GFP_NOACCOUNT, opt-out
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

ATOMIC_RE = re.compile(r"\b(GFP_ATOMIC|GFP_NOWAIT)\b")
EXPLICIT_RE = re.compile(r"\b(__GFP_ACCOUNT|GFP_KERNEL_ACCOUNT|__GFP_NOACCOUNT)\b")
# File-scope registrations that are declarations, not calls.
DECL_RE = re.compile(r"\b(DEFINE_TIMER|DECLARE_TASKLET|DECLARE_TASKLET_OLD)"
		     r"\s*\(\s*\w+\s*,\s*(\w+)\s*[,)]")
KIND = {
	"request_irq": "interrupt handler",
	"request_threaded_irq": "interrupt handler",
	"devm_request_irq": "interrupt handler",
	"devm_request_threaded_irq": "interrupt handler",
	"request_any_context_irq": "interrupt handler",
	"request_percpu_irq": "interrupt handler",
	"timer_setup": "timer callback",
	"DEFINE_TIMER": "timer callback",
	"hrtimer": "hrtimer callback",
	"tasklet_setup": "tasklet",
	"tasklet_init": "tasklet",
	"DECLARE_TASKLET": "tasklet",
	"DECLARE_TASKLET_OLD": "tasklet",
	"open_softirq": "softirq action",
	"call_rcu": "RCU callback",
	"netif_napi_add": "NAPI poll function",
	"netif_napi_add_weight": "NAPI poll function",
}

reasons = {}	# (file, line, column) -> why an allocation is reported
ctx = {}	# (file, function) -> kind
glob = set()	# (file, name) of file-scope variables
local = set()	# (file, function, name) of local variables
_scanned = set()

def scan_decls(name):
	if name in _scanned:
		return
	_scanned.add(name)
	try:
		with open(name, errors="replace") as fh:
			text = fh.read()
	except OSError:
		return
	for m in DECL_RE.finditer(text):
		ctx.setdefault((name, m.group(2)), KIND[m.group(1)])

// Gate: only files that call an allocator are parsed (spatch skips a file
// without these tokens before parsing it).
@has_alloc@
@@

\(kmalloc\|kzalloc\|kmalloc_node\|kzalloc_node\|kmalloc_track_caller\|kstrdup\|kvmalloc\|kvzalloc\|kvmalloc_node\|kmem_cache_alloc\|kmem_cache_zalloc\|kmem_cache_alloc_node\|kmem_cache_alloc_bulk\|kcalloc\|kmalloc_array\|kcalloc_node\|kmalloc_array_node\|krealloc\|kmemdup\|kmemdup_nul\|kstrndup\|kvcalloc\|kvmalloc_array\|kmem_cache_alloc_lru\)(...)

@reg depends on has_alloc@
identifier fn;
identifier r2 = {request_irq, request_threaded_irq, request_any_context_irq,
		 request_percpu_irq, timer_setup, tasklet_setup, tasklet_init,
		 open_softirq, call_rcu};
identifier r3 = {devm_request_irq, devm_request_threaded_irq, netif_napi_add,
		 netif_napi_add_weight};
expression E1, E2;
position p;
@@

(
 r2(E1, fn, ...)@p
|
 r3(E1, E2, fn, ...)@p
)

@script:python@
fn << reg.fn;
r2 << reg.r2 = "";
r3 << reg.r3 = "";
p << reg.p;
@@
ctx.setdefault((p[0].file, fn), KIND[r2 or r3])

@hrt depends on has_alloc@
identifier fn;
expression E;
position p;
@@

(
 E.function = fn@p
|
 E->function = fn@p
)

@script:python@
fn << hrt.fn;
p << hrt.p;
@@
ctx.setdefault((p[0].file, fn), KIND["hrtimer"])

@decl depends on has_alloc@
type T;
identifier x;
position p;
@@

T x@p;

@script:python@
x << decl.x;
p << decl.p;
@@
if p[0].current_element == x:
	glob.add((p[0].file, x))
else:
	local.add((p[0].file, p[0].current_element, x))

// Every allocation; GFP is its GFP argument (a2: second argument, a3:
// third).
@alloc depends on has_alloc@
identifier fld, g;
identifier a2 = {kmalloc, kzalloc, kmalloc_node, kzalloc_node,
		 kmalloc_track_caller, kstrdup, kvmalloc, kvzalloc,
		 kvmalloc_node, kmem_cache_alloc, kmem_cache_zalloc,
		 kmem_cache_alloc_node, kmem_cache_alloc_bulk};
identifier a3 = {kcalloc, kmalloc_array, kcalloc_node, kmalloc_array_node,
		 krealloc, kmemdup, kmemdup_nul, kstrndup, kvcalloc,
		 kvmalloc_array, kmem_cache_alloc_lru};
expression E, E2, GFP;
position p;
@@

(
 \(g\|g.fld\|g->fld\) = a2(E, GFP@p, ...)
|
 \(g\|g.fld\|g->fld\) = a3(E, E2, GFP@p, ...)
|
 a2(E, GFP@p, ...)
|
 a3(E, E2, GFP@p, ...)
)

@script:python cand@
g << alloc.g = "";
GFP << alloc.GFP;
p << alloc.p;
q;
@@
name = p[0].file
f = p[0].current_element
scan_decls(name)
reason = None
if EXPLICIT_RE.search(GFP):
	pass
elif (name, f) in ctx:
	reason = "allocation in %s %s" % (ctx[(name, f)], f)
elif ATOMIC_RE.search(GFP):
	reason = "atomic allocation (%s)" % GFP
elif g and (name, g) in glob and (name, f, g) not in local:
	reason = "object stored in file-scope %s outlives the task's cgroup" % g
l = p[0]
key = (name, l.line, l.column)
if reason is None or key in reasons:
	cocci.include_match(False)
else:
	reasons[key] = reason
	l = p[0]
	coccinelle.q = cocci.make_position(l.file, l.current_element, int(l.line), int(l.column), int(l.line_end), int(l.column_end))

@depends on patch@
position cand.q;
expression GFP;
@@

- GFP@q
+ GFP | __GFP_NOACCOUNT

@depends on context@
position cand.q;
expression GFP;
@@

* GFP@q

@script:python depends on report@
q << cand.q;
@@
coccilib.report.print_report(q[0], "opt-out: %s; add __GFP_NOACCOUNT" %
	reasons[(q[0].file, q[0].line, q[0].column)])

@script:python depends on org@
q << cand.q;
@@
coccilib.org.print_todo(q[0], "opt-out: %s; add __GFP_NOACCOUNT" %
	reasons[(q[0].file, q[0].line, q[0].column)])
