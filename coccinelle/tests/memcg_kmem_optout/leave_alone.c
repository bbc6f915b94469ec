// SPDX-License-Identifier: GPL-2.0
/*
 * Allocations that must not be reported: process context, explicit
 * accounting choice, already annotated, threaded interrupt handler.
 */
#include <linux/interrupt.h>
#include <linux/slab.h>

struct foo {
	void *buf;
};

static irqreturn_t foo_hardirq(int irq, void *data)
{
	return IRQ_WAKE_THREAD;
}

static irqreturn_t foo_thread(int irq, void *data)
{
	struct foo *f = data;

	f->buf = kmalloc(64, GFP_KERNEL);
	return IRQ_HANDLED;
}

int foo_work(struct foo *f, int irq)
{
	void *a = kmalloc(8, GFP_KERNEL);
	void *b = kmalloc(8, GFP_ATOMIC | __GFP_ACCOUNT);
	void *c = kmalloc(8, GFP_ATOMIC | __GFP_NOACCOUNT);
	void *d = kzalloc(8, GFP_KERNEL_ACCOUNT);

	kfree(a);
	kfree(b);
	kfree(c);
	kfree(d);
	return request_threaded_irq(irq, foo_hardirq, foo_thread, 0, "foo", f);
}
