// SPDX-License-Identifier: GPL-2.0-only
///
/// memcg_kmem misuse: find uses of the accounting flags that contradict
/// each other or the framework.
///
///  1. both: one GFP expression with __GFP_ACCOUNT (or GFP_KERNEL_ACCOUNT)
///     and __GFP_NOACCOUNT, or one cache-flags expression with
///     SLAB_ACCOUNT and SLAB_NOACCOUNT.
///  2. refused: SLAB_ACCOUNT on a cache the framework refuses to account
///     (its own metadata and the memcg structures), or __GFP_ACCOUNT /
///     GFP_KERNEL_ACCOUNT on an allocation from such a cache. Accounting
///     them would recurse into the accounting code (brief, lesson 7).
///  3. sleep: an accounted allocation (__GFP_ACCOUNT or GFP_KERNEL_ACCOUNT)
///     between a spin/rw lock and its unlock on some path, without a
///     no-sleep GFP (GFP_ATOMIC, GFP_NOWAIT, or __GFP_DIRECT_RECLAIM
///     masked out): charging and creating a child cache may sleep.
///
/// Each check reports right after it filters: a script rule that drops a
/// match (cocci.include_match(False)) drops the whole environment, so the
/// consumers of one check must run before the next check filters.
///
/// The list of refused caches is kept in one place: REFUSED_FILES,
/// REFUSED_EXCEPT and REFUSED_CACHES in the initialize block below. Keep
/// it in sync with the framework (mm/memcg_kmem/) when that list changes.
///
/// Patch mode makes no change: which of two contradicting flags is right,
/// or how to restructure a locked section, needs a human. Context, org
/// and report modes show the findings.
///
// Confidence: High (1, 2), Moderate (3)
// Copyright: (C) 2026 memcg-kmem project
// Options: --no-includes --include-headers
// Keywords: memcg_kmem, __GFP_ACCOUNT, __GFP_NOACCOUNT, SLAB_ACCOUNT
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

# The caches the framework refuses to account: every cache created in these
# files, and these caches by name (variable or cache name) wherever they
# are created.  THE list: keep it here and only here.
REFUSED_FILES = re.compile(r"(^|/)mm/(slab_common\.c|slab\.c|slub\.c|"
			   r"memcontrol\.c|list_lru\.c|memcg_kmem/[^/]+)$")
# The framework's own tests (KUnit, mm/memcg_kmem/*test*) create accounted
# caches on purpose.
REFUSED_EXCEPT = re.compile(r"(^|/)mm/memcg_kmem/[^/]*test[^/]*$")
# As memcg_kmem_refused[] in mm/memcg_kmem/policy.c, which refuses them
# whatever the configuration says.
REFUSED_CACHES = re.compile(r'^"?(kmem_cache|kmem_cache_node|kmemleak_object|'
			    r'kmemleak_scan_area|debug_objects_cache)"?$')

ACCOUNT_GFP_RE = re.compile(r"\b(__GFP_ACCOUNT|GFP_KERNEL_ACCOUNT)\b")
NOACCOUNT_GFP_RE = re.compile(r"\b__GFP_NOACCOUNT\b")
ACCOUNT_SLAB_RE = re.compile(r"\bSLAB_ACCOUNT\b")
NOSLEEP_RE = re.compile(r"\b(GFP_ATOMIC|GFP_NOWAIT)\b|~\s*\(?\s*"
			r"(__GFP_DIRECT_RECLAIM|__GFP_RECLAIM)")

refused_here = set()	# (file, cache variable) created in a refused file
seen = set()
msgs = {}		# (check, file, line, column) -> message

def tidy(e):
	return e.replace("& ", "&").replace(" -> ", "->")

def refused_file(name):
	return (REFUSED_FILES.search(name) is not None and
		REFUSED_EXCEPT.search(name) is None)

def keep(kind, p, msg):
	"""Record a finding once per check and position; False if known."""
	l = p[0]
	key = (kind, l.file, l.line, l.column)
	if key in seen:
		return False
	seen.add(key)
	msgs[key] = msg
	return True

def out_pos(p):
	l = p[0]
	return cocci.make_position(l.file, l.current_element, int(l.line),
				   int(l.column), int(l.line_end),
				   int(l.column_end))

// 1. __GFP_ACCOUNT and __GFP_NOACCOUNT together (as a function argument
// or the right-hand side of an assignment).
@both_gfp@
expression E, X;
identifier f;
position p;
@@

(
 f(..., \( E@p \& <+... __GFP_NOACCOUNT ...+> \), ...)
|
 X = \( E@p \& <+... __GFP_NOACCOUNT ...+> \)
)

@script:python r_both_gfp@
E << both_gfp.E;
p << both_gfp.p;
q;

@@
if ACCOUNT_GFP_RE.search(E) and keep("r_both_gfp", p, "both: %s has both __GFP_ACCOUNT and __GFP_NOACCOUNT" % E):
	coccinelle.q = out_pos(p)
else:
	cocci.include_match(False)

@depends on context@
position r_both_gfp.q;
expression E;
@@

* E@q

@script:python depends on report@
q << r_both_gfp.q;
@@
coccilib.report.print_report(q[0], msgs[("r_both_gfp", q[0].file, q[0].line, q[0].column)])

@script:python depends on org@
q << r_both_gfp.q;
@@
coccilib.org.print_todo(q[0], msgs[("r_both_gfp", q[0].file, q[0].line, q[0].column)])

@both_slab@
expression E, X;
identifier f;
position p;
@@

(
 f(..., \( E@p \& <+... SLAB_NOACCOUNT ...+> \), ...)
|
 X = \( E@p \& <+... SLAB_NOACCOUNT ...+> \)
)

@script:python r_both_slab@
E << both_slab.E;
p << both_slab.p;
q;

@@
if ACCOUNT_SLAB_RE.search(E) and keep("r_both_slab", p, "both: %s has both SLAB_ACCOUNT and SLAB_NOACCOUNT" % E):
	coccinelle.q = out_pos(p)
else:
	cocci.include_match(False)

@depends on context@
position r_both_slab.q;
expression E;
@@

* E@q

@script:python depends on report@
q << r_both_slab.q;
@@
coccilib.report.print_report(q[0], msgs[("r_both_slab", q[0].file, q[0].line, q[0].column)])

@script:python depends on org@
q << r_both_slab.q;
@@
coccilib.org.print_todo(q[0], msgs[("r_both_slab", q[0].file, q[0].line, q[0].column)])

// 2. SLAB_ACCOUNT on a refused cache. N is the cache name, c or fld the
// variable the cache is stored in.
@create@
expression N, S, A, F, C, U1, U2, E;
identifier c, fld;
position p;
@@

(
 \(c\|E->fld\|E.fld\) = kmem_cache_create(N, S, A, F@p, C)
|
 \(c\|E->fld\|E.fld\) = kmem_cache_create_usercopy(N, S, A, F@p, U1, U2, C)
|
 \(c\|E->fld\|E.fld\) = KMEM_CACHE(N, F@p, ...)
|
 \(c\|E->fld\|E.fld\) = KMEM_CACHE_USERCOPY(N, F@p, ...)
|
 kmem_cache_create(N, S, A, F@p, C)
|
 kmem_cache_create_usercopy(N, S, A, F@p, U1, U2, C)
|
 create_boot_cache(E, N, S, F@p, ...)
|
 \(c\|E->fld\|E.fld\) = create_kmalloc_cache(N, S, F@p, ...)
|
 create_kmalloc_cache(N, S, F@p, ...)
)

@script:python r_refused@
c << create.c = "";
N << create.N;
F << create.F;
p << create.p;
q;

@@
name = p[0].file
if refused_file(name) and c:
	refused_here.add((name, c))
why = None
if refused_file(name):
	why = "a cache created in %s" % name
elif REFUSED_CACHES.match(N) or (c and REFUSED_CACHES.match(c)):
	why = "cache %s" % N
if (why and ACCOUNT_SLAB_RE.search(F) and
    keep("r_refused", p, "refused: SLAB_ACCOUNT on %s, which the framework refuses to account" % why)):
	coccinelle.q = out_pos(p)
else:
	cocci.include_match(False)

@depends on context@
position r_refused.q;
expression E;
@@

* E@q

@script:python depends on report@
q << r_refused.q;
@@
coccilib.report.print_report(q[0], msgs[("r_refused", q[0].file, q[0].line, q[0].column)])

@script:python depends on org@
q << r_refused.q;
@@
coccilib.org.print_todo(q[0], msgs[("r_refused", q[0].file, q[0].line, q[0].column)])

// ... or an accounted allocation from one.
@alloc_refused@
identifier c;
identifier a2 = {kmem_cache_alloc, kmem_cache_zalloc, kmem_cache_alloc_node,
		 kmem_cache_alloc_bulk};
expression G, X;
position p;
@@

(
 a2(c, \( G@p \& <+... \(__GFP_ACCOUNT\|GFP_KERNEL_ACCOUNT\) ...+> \), ...)
|
 kmem_cache_alloc_lru(c, X, \( G@p \& <+... \(__GFP_ACCOUNT\|GFP_KERNEL_ACCOUNT\) ...+> \))
)

@script:python r_alloc_refused@
c << alloc_refused.c;
G << alloc_refused.G;
p << alloc_refused.p;
q;

@@
name = p[0].file
if (((name, c) in refused_here or REFUSED_CACHES.match(c)) and
    keep("r_alloc_refused", p, "refused: accounted allocation (%s) from cache %s, which the framework refuses to account" % (G, c))):
	coccinelle.q = out_pos(p)
else:
	cocci.include_match(False)

@depends on context@
position r_alloc_refused.q;
expression E;
@@

* E@q

@script:python depends on report@
q << r_alloc_refused.q;
@@
coccilib.report.print_report(q[0], msgs[("r_alloc_refused", q[0].file, q[0].line, q[0].column)])

@script:python depends on org@
q << r_alloc_refused.q;
@@
coccilib.org.print_todo(q[0], msgs[("r_alloc_refused", q[0].file, q[0].line, q[0].column)])

// 3. Accounted allocation that may sleep, under a spinlock or rwlock.
@sleep exists@
identifier lk =~ "^(raw_)?(spin|read|write)_lock(_irq|_irqsave|_bh|_nested|_irqsave_nested)?$";
identifier ul =~ "^(raw_)?(spin|read|write)_unlock(_irq|_irqrestore|_bh)?$";
identifier a2 = {kmalloc, kzalloc, kmalloc_node, kzalloc_node,
		 kmalloc_track_caller, kstrdup, kvmalloc, kvzalloc,
		 kvmalloc_node, kmem_cache_alloc, kmem_cache_zalloc,
		 kmem_cache_alloc_node, kmem_cache_alloc_bulk};
identifier a3 = {kcalloc, kmalloc_array, kcalloc_node, kmalloc_array_node,
		 krealloc, kmemdup, kmemdup_nul, kstrndup, kvcalloc,
		 kvmalloc_array, kmem_cache_alloc_lru};
expression L, E, E2, G;
position p;
@@

lk(L, ...);
... when != ul(L, ...)
    when any
(
 a2(E, \( G@p \& <+... \(__GFP_ACCOUNT\|GFP_KERNEL_ACCOUNT\) ...+> \), ...)
|
 a3(E, E2, \( G@p \& <+... \(__GFP_ACCOUNT\|GFP_KERNEL_ACCOUNT\) ...+> \), ...)
)

@script:python r_sleep@
L << sleep.L;
lk << sleep.lk;
G << sleep.G;
p << sleep.p;
q;

@@
if (not NOSLEEP_RE.search(G) and
    keep("r_sleep", p, "sleep: accounted allocation (%s) may sleep under %s(%s)" % (G, lk, tidy(L)))):
	coccinelle.q = out_pos(p)
else:
	cocci.include_match(False)

@depends on context@
position r_sleep.q;
expression E;
@@

* E@q

@script:python depends on report@
q << r_sleep.q;
@@
coccilib.report.print_report(q[0], msgs[("r_sleep", q[0].file, q[0].line, q[0].column)])

@script:python depends on org@
q << r_sleep.q;
@@
coccilib.org.print_todo(q[0], msgs[("r_sleep", q[0].file, q[0].line, q[0].column)])
