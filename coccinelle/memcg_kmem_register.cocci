// SPDX-License-Identifier: GPL-2.0-only
///
/// memcg_kmem registration: find slab caches whose objects are reclaimed
/// by a shrinker (or kept on a list_lru) but that are not registered with
/// memcg_kmem_register_cache(), and (patch mode) register them together
/// with their shrinker.
///
/// A cache is reported when, in the same file, it is created into a global
/// variable (kmem_cache_create, kmem_cache_create_usercopy, KMEM_CACHE,
/// KMEM_CACHE_USERCOPY), its objects are freed (kmem_cache_free), it is
/// not passed to memcg_kmem_register_cache(), and the file has a shrinker
/// (a struct shrinker initialised with .scan_objects, or .scan_objects
/// assigned at run time) or uses a list_lru (list_lru_init*, list_lru_add).
///
/// Patch mode converts only the unambiguous case: the file has exactly one
/// file-scope struct shrinker S with a .scan_objects handler, registered
/// with register_shrinker(&S, ...) in this file; the call
///	memcg_kmem_register_cache(cache, &S);
/// is added after the statement that registers S (after its error check
/// when the result is assigned first). Per-instance shrinkers (a shrinker
/// embedded in a superblock or another object) and list_lru-only files are
/// reported, not converted: they need a human to pick the shrinker.
///
/// Report, org and context run before the patch-mode filter: a script
/// rule that drops a match drops the whole environment.
///
/// What it is for: the framework's kmem limit calls a cgroup's own
/// shrinkers before an allocation fails; it can only do that for caches
/// registered with the shrinker that reclaims them.
///
// Confidence: Low
// Copyright: (C) 2026 memcg-kmem project
// Options: --no-includes --include-headers
// Keywords: memcg_kmem, shrinker, list_lru, memcg_kmem_register_cache
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
registered = set()	# (file, cache)
freed = set()		# (file, cache)
shrinkers = {}		# file -> {static shrinker name: scan function}
reg_shrinkers = set()	# (file, static shrinker registered here)
dyn_shrinkers = {}	# file -> [run-time shrinker expressions]
lrus = {}		# file -> [list_lru expressions]

def tidy(e):
	return e.lstrip("&").strip().replace(" -> ", "->").replace(" . ", ".")

def describe(name):
	parts = []
	for s, fn in sorted(shrinkers.get(name, {}).items()):
		parts.append("shrinker %s (%s)" % (s, fn))
	for e in sorted(set(dyn_shrinkers.get(name, []))):
		parts.append("shrinker %s" % e)
	for e in sorted(set(lrus.get(name, []))):
		parts.append("list_lru %s" % e)
	return ", ".join(parts)

// Gate: only files that create a cache and free to one are parsed.
@has_create@
@@

\(kmem_cache_create\|kmem_cache_create_usercopy\|KMEM_CACHE\|KMEM_CACHE_USERCOPY\)(...)

@has_free depends on has_create@
@@

kmem_cache_free(...)

@create depends on has_free@
identifier c;
position p;
@@

c@p = \(kmem_cache_create\|kmem_cache_create_usercopy\|KMEM_CACHE\|KMEM_CACHE_USERCOPY\)(...)

@reg depends on has_free@
identifier c;
@@

memcg_kmem_register_cache(c, ...)

@regp@
identifier reg.c;
position p;
@@

memcg_kmem_register_cache(c@p, ...)

@script:python@
c << reg.c;
p << regp.p;
@@
registered.add((p[0].file, c))

@free@
identifier create.c;
position p;
@@

kmem_cache_free(c, ...)@p

@script:python@
c << create.c;
p << free.p;
@@
freed.add((p[0].file, c))

@shr depends on has_free@
identifier S, fn;
position p;
@@

struct shrinker S@p = { .scan_objects = fn, };

@script:python@
S << shr.S;
fn << shr.fn;
p << shr.p;
@@
shrinkers.setdefault(p[0].file, {})[S] = fn

@shrreg@
identifier shr.S;
position p;
@@

register_shrinker(&S, ...)@p

@script:python@
S << shr.S;
p << shrreg.p;
@@
reg_shrinkers.add((p[0].file, S))

@dyn depends on has_free@
expression E;
identifier fn;
position p;
@@

\(E.scan_objects\|E->scan_objects\) = fn@p

@script:python@
E << dyn.E;
p << dyn.p;
@@
dyn_shrinkers.setdefault(p[0].file, []).append(tidy(E))

@lru depends on has_free@
expression L;
position p;
@@

\(list_lru_init\|list_lru_init_memcg\|list_lru_init_key\|list_lru_add\)(L, ...)@p

@script:python@
L << lru.L;
p << lru.p;
@@
lrus.setdefault(p[0].file, []).append(tidy(L))

@script:python cand@
c << create.c;
p << create.p;
out_c;
@@
name = p[0].file
if ((name, c) in registered or (name, c) not in freed or
    not (shrinkers.get(name) or dyn_shrinkers.get(name) or lrus.get(name))):
	cocci.include_match(False)
else:
	coccinelle.out_c = c

@depends on context@
identifier cand.out_c;
position create.p;
@@

* out_c@p = \(kmem_cache_create\|kmem_cache_create_usercopy\|KMEM_CACHE\|KMEM_CACHE_USERCOPY\)(...)

@script:python depends on report@
c << cand.out_c;
p << create.p;
@@
coccilib.report.print_report(p[0],
	"registration: cache %s is reclaimed through %s but not registered with memcg_kmem_register_cache()" %
	(c, describe(p[0].file)))

@script:python depends on org@
c << cand.out_c;
p << create.p;
@@
coccilib.org.print_todo(p[0],
	"registration: cache %s is reclaimed through %s but not registered with memcg_kmem_register_cache()" %
	(c, describe(p[0].file)))

// The unambiguous case: exactly one file-scope shrinker, registered here.
@script:python one@
c << cand.out_c;
p << create.p;
out_s;
@@
name = p[0].file
s = list(shrinkers.get(name, {}))
if (len(s) != 1 or (name, s[0]) not in reg_shrinkers or
    dyn_shrinkers.get(name)):
	cocci.include_match(False)
else:
	coccinelle.out_s = s[0]

@depends on patch@
identifier cand.out_c, one.out_s;
expression E;
statement S1, S2;
@@

(
 E = register_shrinker(&out_s, ...);
 if (E) S1 else S2
+ memcg_kmem_register_cache(out_c, &out_s);
|
 E = register_shrinker(&out_s, ...);
 if (E) S1
+ memcg_kmem_register_cache(out_c, &out_s);
|
 if (<+... register_shrinker(&out_s, ...) ...+>) S1 else S2
+ memcg_kmem_register_cache(out_c, &out_s);
|
 if (<+... register_shrinker(&out_s, ...) ...+>) S1
+ memcg_kmem_register_cache(out_c, &out_s);
|
 register_shrinker(&out_s, ...);
+ memcg_kmem_register_cache(out_c, &out_s);
)
