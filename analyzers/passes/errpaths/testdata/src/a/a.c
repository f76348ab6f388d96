/*
 * Expectations, on return statements: "error KIND" says the return
 * reports failure (KIND is code, value, var or propagated), with
 * "label=L" the first label a path to it entered ("a|b": either);
 * returns without one report success. "live A B" lists the objects
 * still set up there ("@L": the first label entered with it live);
 * objects not listed are not.
 */
#include <linux/platform_device.h>
#include <linux/workqueue.h>
#include <linux/interrupt.h>
#include <linux/timer.h>

struct priv {
	struct workqueue_struct *wq, *ev_wq, *aux_wq;
	struct tasklet_struct t;
	struct timer_list timer;
	struct work_struct work;
	int flag;
};

static struct platform_driver drv;
static int start(struct priv *p);

/* return call(): the result is the call's, an error when it fails. */
static int propagate(struct priv *p)
{
	p->wq = alloc_workqueue("p", 0, 0);
	if (!p->wq)
		return -ENOMEM; /* error code */
	return platform_driver_register(&drv); /* error propagated */ /* live p->wq */
}

/* A goto ladder that forgets one workqueue. */
static int ladder(struct priv *p)
{
	int ret;

	p->wq = alloc_workqueue("a", 0, 0);
	if (!p->wq)
		return -ENOMEM; /* error code */
	p->ev_wq = alloc_workqueue("b", 0, 0);
	if (!p->ev_wq) {
		ret = -ENOMEM;
		goto err_wq;
	}
	ret = start(p);
	if (ret)
		goto err_ev;
	ret = start(p);
	if (ret < 0)
		goto err_start;
	return 0;

err_start:
	start(p);
err_ev:
	/* forgot destroy_workqueue(p->ev_wq) */
err_wq:
	destroy_workqueue(p->wq);
	return ret; /* error var label=err_start|err_ev|err_wq */ /* live p->ev_wq@err_start|err_ev */
}

/* ret set to 0, then returned at out: by success and by failures from
 * before the workqueue existed. */
static int out_label(struct priv *p)
{
	int ret;

	if (!p->flag) {
		ret = -EINVAL;
		goto out;
	}
	p->wq = alloc_workqueue("c", 0, 0);
	if (!p->wq) {
		ret = -ENOMEM;
		goto out;
	}
	ret = start(p);
	if (ret)
		goto err_wq;
	ret = 0;
out:
	return ret; /* error var label=out */
err_wq:
	destroy_workqueue(p->wq);
	return ret; /* error var label=err_wq */
}

/* Creation checked with IS_ERR_OR_NULL; error values returned. */
static int is_err(struct device *dev, struct priv *p)
{
	p->wq = alloc_workqueue("d", 0, 0);
	if (IS_ERR_OR_NULL(p->wq))
		return PTR_ERR(p->wq); /* error value */
	if (p->flag)
		return dev_err_probe(dev, -EINVAL, "no flag"); /* error value */ /* live p->wq */
	return 0;
}

/* Handed to devres: destroyed by it from then on. */
static void destroy_wq(void *data)
{
	destroy_workqueue(data);
}

static int devres(struct platform_device *pdev, struct priv *p)
{
	int ret;

	p->wq = alloc_workqueue("e", 0, 0);
	if (!p->wq)
		return -ENOMEM; /* error code */
	if (p->flag)
		return -EINVAL; /* error code */ /* live p->wq */
	ret = devm_add_action_or_reset(&pdev->dev, destroy_wq, p->wq);
	if (ret)
		return ret; /* error var */
	return 0;
}

/* Destroyed by a helper two calls away. */
static void free_wqs(struct priv *p)
{
	destroy_workqueue(p->aux_wq);
}

static void cleanup(struct priv *p)
{
	free_wqs(p);
}

static int helper(struct priv *p)
{
	p->aux_wq = alloc_workqueue("f", 0, 0);
	if (!p->aux_wq)
		return -ENOMEM; /* error code */
	if (start(p)) {
		cleanup(p);
		return -EIO; /* error code */
	}
	if (p->flag)
		return -EBUSY; /* error code */ /* live p->aux_wq */
	return 0;
}

/* Tasklets, timers and work items, each torn down by its own kind. */
static void t_fn(struct tasklet_struct *t);
static void tm_fn(struct timer_list *t);
static void w_fn(struct work_struct *w);

static int kinds(struct priv *p)
{
	tasklet_setup(&p->t, t_fn);
	timer_setup(&p->timer, tm_fn, 0);
	INIT_WORK(&p->work, w_fn);
	if (start(p)) {
		tasklet_kill(&p->t);
		return -EIO; /* error code */ /* live p->timer p->work */
	}
	if (p->flag) {
		del_timer_sync(&p->timer);
		cancel_work_sync(&p->work);
		return -EBUSY; /* error code */ /* live p->t */
	}
	return 0;
}

/* A teardown whose object has no name counts for every object of its
 * kind, and only of its kind; a flush destroys nothing. */
static int unnamed(struct priv *p, struct timer_list **timers)
{
	INIT_WORK(&p->work, w_fn);
	timer_setup(&p->timer, tm_fn, 0);
	p->wq = alloc_workqueue("g", 0, 0);
	if (!p->wq)
		return -ENOMEM; /* error code */ /* live p->work p->timer */
	if (start(p)) {
		del_timer_sync(timers[0]);
		flush_workqueue(p->wq);
		return -EIO; /* error code */ /* live p->work p->wq */
	}
	return 0;
}

/* A variable other than the result variable, found non-zero just before
 * it is returned; the result variable, 0 on every path to its returns. */
static int tested(struct priv *p)
{
	int ret = 0, err;

	if (p->flag)
		return ret;
	err = start(p);
	if (err)
		return err; /* error var */
	return ret;
}

static void nothing(struct priv *p)
{
	if (p->flag)
		return;
	start(p);
}
