// SPDX-License-Identifier: GPL-2.0
/* Accounted allocations under spinlocks. */
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(foo_lock);
static DEFINE_RWLOCK(foo_rwlock);

void *foo_bad(void)
{
	unsigned long flags;
	void *p, *q;

	spin_lock_irqsave(&foo_lock, flags);
	p = kmalloc(8, GFP_KERNEL_ACCOUNT);
	spin_unlock_irqrestore(&foo_lock, flags);

	write_lock(&foo_rwlock);
	q = kcalloc(2, 8, GFP_NOFS | __GFP_ACCOUNT);
	write_unlock(&foo_rwlock);
	kfree(q);
	return p;
}

void *foo_good(void)
{
	void *p, *q, *r, *s;

	spin_lock(&foo_lock);
	p = kmalloc(8, GFP_ATOMIC | __GFP_ACCOUNT);
	q = kmalloc(8, GFP_NOWAIT | __GFP_ACCOUNT);
	r = kmalloc(8, GFP_KERNEL_ACCOUNT & ~__GFP_DIRECT_RECLAIM);
	spin_unlock(&foo_lock);
	s = kmalloc(8, GFP_KERNEL_ACCOUNT);
	kfree(q);
	kfree(r);
	kfree(s);
	return p;
}
