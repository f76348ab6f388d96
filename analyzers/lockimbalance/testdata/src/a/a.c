#include <linux/spinlock.h>
struct foo { spinlock_t lock; struct mutex m; struct work_struct work; int x; };
static DEFINE_SPINLOCK(glock);
static irqreturn_t seed(int irq, void *data)
{
	struct gpio *gpio = data;
	unsigned long flags;
	spin_lock_irqsave(&glock, flags);
	gpio->x = 1;
	spin_unlock_irqrestore(&gpio->slock, flags);
	return IRQ_HANDLED;
}
static int leak(struct foo *p)
{
	int ret;
	mutex_lock(&p->m);
	ret = check(p);
	if (ret)
		goto out;
	mutex_unlock(&p->m);
out:
	return ret;
}
static int cond(struct foo *p, int locked)
{
	if (locked)
		spin_lock(&p->lock);
	p->x = 1;
	if (locked)
		spin_unlock(&p->lock);
	return 0;
}
static int deliberate(struct foo *p)
{
	mutex_lock(&p->m);
	if (p->x) {
		mutex_unlock(&p->m);
		return -EINVAL;
	}
	return 0;
}
static void dbl(struct foo *p)
{
	spin_lock(&p->lock);
	spin_lock(&p->lock);
}
static void helper(struct foo *q) { spin_lock(&q->lock); q->x++; spin_unlock(&q->lock); }
static void viacall(struct work_struct *w)
{
	struct foo *p = container_of(w, struct foo, work);
	spin_lock(&p->lock);
	helper(p);
	spin_unlock(&p->lock);
	spin_unlock(&p->lock);
}
static void nested(struct foo *a, struct foo *b)
{
	unsigned long flags;
	spin_lock_irqsave(&a->lock, flags);
	spin_lock_irqsave(&b->lock, flags);
	spin_unlock_irqrestore(&b->lock, flags);
	spin_unlock_irqrestore(&a->lock, flags);
	spin_lock(&a->lock);
	spin_unlock_irqrestore(&a->lock, flags);
}
