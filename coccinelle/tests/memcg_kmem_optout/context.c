// SPDX-License-Identifier: GPL-2.0
/* Allocations in interrupt, timer, tasklet and RCU callbacks. */
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/timer.h>

struct foo_dev {
	struct timer_list timer;
	struct hrtimer hrtimer;
	struct tasklet_struct tasklet;
	struct rcu_head rcu;
	void *buf;
};

static void foo_legacy_timer_fn(struct timer_list *t);
static DEFINE_TIMER(foo_legacy_timer, foo_legacy_timer_fn);

static irqreturn_t foo_irq(int irq, void *data)
{
	struct foo_dev *fd = data;

	fd->buf = kmalloc(64, GFP_KERNEL);
	return IRQ_HANDLED;
}

static void foo_timer_fn(struct timer_list *t)
{
	struct foo_dev *fd = from_timer(fd, t, timer);

	fd->buf = kzalloc(64, GFP_KERNEL);
}

static void foo_legacy_timer_fn(struct timer_list *t)
{
	void *p = kmalloc_array(4, 16, GFP_KERNEL);

	kfree(p);
}

static enum hrtimer_restart foo_hrtimer_fn(struct hrtimer *t)
{
	void *p = kmalloc(8, GFP_KERNEL);

	kfree(p);
	return HRTIMER_NORESTART;
}

static void foo_tasklet_fn(struct tasklet_struct *t)
{
	void *p = kmalloc(8, GFP_KERNEL);

	kfree(p);
}

static void foo_rcu_fn(struct rcu_head *head)
{
	void *p = kmemdup(head, sizeof(*head), GFP_KERNEL);

	kfree(p);
}

int foo_probe(struct foo_dev *fd, int irq)
{
	timer_setup(&fd->timer, foo_timer_fn, 0);
	hrtimer_init(&fd->hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	fd->hrtimer.function = foo_hrtimer_fn;
	tasklet_setup(&fd->tasklet, foo_tasklet_fn);
	call_rcu(&fd->rcu, foo_rcu_fn);
	return request_irq(irq, foo_irq, 0, "foo", fd);
}
