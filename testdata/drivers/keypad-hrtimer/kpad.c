// SPDX-License-Identifier: GPL-2.0
/*
 * kpad - GPIO keypad with an hrtimer debounce for fast GPIOs and a
 * work item for GPIOs behind an I2C expander; a panic notifier that
 * lights the error LED; a request queue drained with the lock dropped.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/gpio/consumer.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/panic_notifier.h>
#include <linux/workqueue.h>
#include <linux/wait.h>
#include <linux/delay.h>

struct kpad_key {
	struct gpio_desc *gpiod;
	struct hrtimer debounce;
	struct hrtimer repeat;
	struct work_struct work;
	bool fast;		/* the GPIO can be read in IRQ context */
	bool repeating;
	int irq;
	int code;
};

struct kpad {
	struct device *dev;
	struct kpad_key keys[4];
	struct notifier_block panic_nb;
	struct gpio_desc *led;
	spinlock_t req_lock;
	wait_queue_head_t req_wq;
	int pending;
	int nkeys;
};

static void kpad_report(struct kpad_key *k)
{
	int v = k->fast ? gpiod_get_value(k->gpiod) : gpiod_get_value_cansleep(k->gpiod);

	if (v < 0)
		return;
	k->code = v;
}

static void kpad_repeat_key(struct kpad_key *k)
{
	if (k->repeating)
		gpiod_set_value_cansleep(k->gpiod, 1); /* want "gpiod_set_value_cansleep\\(\\) may sleep.*hrtimer callback kpad_repeat_fn\\(\\).*KD101" */
}

static enum hrtimer_restart kpad_debounce_fn(struct hrtimer *t)
{
	struct kpad_key *k = container_of(t, struct kpad_key, debounce);

	kpad_report(k);		/* armed only for fast GPIOs */
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart kpad_repeat_fn(struct hrtimer *t)
{
	struct kpad_key *k = container_of(t, struct kpad_key, repeat);

	kpad_repeat_key(k);
	return HRTIMER_NORESTART;
}

static void kpad_work(struct work_struct *w)
{
	struct kpad_key *k = container_of(w, struct kpad_key, work);

	kpad_report(k);
}

static irqreturn_t kpad_irq(int irq, void *dev_id)
{
	struct kpad_key *k = dev_id;

	if (k->fast)
		hrtimer_start(&k->debounce, ms_to_ktime(5), HRTIMER_MODE_REL);
	else
		schedule_work(&k->work);
	hrtimer_start(&k->repeat, ms_to_ktime(500), HRTIMER_MODE_REL);
	return IRQ_HANDLED;
}

static int kpad_panic(struct notifier_block *nb, unsigned long ev, void *p)
{
	struct kpad *kp = container_of(nb, struct kpad, panic_nb);

	/* interrupts are off on the panic path: busy-wait */
	if (irqs_disabled())
		mdelay(1);
	else
		msleep(1);
	gpiod_set_value(kp->led, 1);
	return NOTIFY_DONE;
}

static void kpad_flush(struct kpad *kp)
{
	msleep(1);		/* run by the wait with req_lock dropped */
	kp->pending = 0;
}

static void kpad_drain(struct kpad *kp)
{
	spin_lock_irq(&kp->req_lock);
	wait_event_lock_irq_cmd(kp->req_wq, kp->pending == 0, kp->req_lock, kpad_flush(kp));
	spin_unlock_irq(&kp->req_lock);
}

static int kpad_setup_key(struct kpad *kp, struct kpad_key *k, int i)
{
	k->gpiod = devm_gpiod_get_index(kp->dev, "key", i, GPIOD_IN);
	if (IS_ERR(k->gpiod))
		return PTR_ERR(k->gpiod);
	k->fast = !gpiod_cansleep(k->gpiod);
	k->repeating = true;
	hrtimer_init(&k->debounce, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	k->debounce.function = kpad_debounce_fn;
	hrtimer_init(&k->repeat, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	k->repeat.function = kpad_repeat_fn;
	INIT_WORK(&k->work, kpad_work);
	k->irq = gpiod_to_irq(k->gpiod);
	return devm_request_irq(kp->dev, k->irq, kpad_irq, IRQF_TRIGGER_BOTH, "kpad", k);
}

static int kpad_probe(struct platform_device *pdev)
{
	struct kpad *kp;
	int i, ret;

	kp = devm_kzalloc(&pdev->dev, sizeof(*kp), GFP_KERNEL);
	if (!kp)
		return -ENOMEM;
	kp->dev = &pdev->dev;
	spin_lock_init(&kp->req_lock);
	init_waitqueue_head(&kp->req_wq);
	kp->led = devm_gpiod_get(&pdev->dev, "led", GPIOD_OUT_LOW);
	if (IS_ERR(kp->led))
		return PTR_ERR(kp->led);
	kp->nkeys = 4;
	for (i = 0; i < kp->nkeys; i++) {
		ret = kpad_setup_key(kp, &kp->keys[i], i);
		if (ret)
			return ret;
	}
	kp->panic_nb.notifier_call = kpad_panic;
	atomic_notifier_chain_register(&panic_notifier_list, &kp->panic_nb);
	platform_set_drvdata(pdev, kp);
	return 0;
}

static void kpad_remove(struct platform_device *pdev)
{
	struct kpad *kp = platform_get_drvdata(pdev);
	int i;

	atomic_notifier_chain_unregister(&panic_notifier_list, &kp->panic_nb);
	kpad_drain(kp);
	for (i = 0; i < kp->nkeys; i++) {
		devm_free_irq(kp->dev, kp->keys[i].irq, &kp->keys[i]);
		hrtimer_cancel(&kp->keys[i].debounce);
		hrtimer_cancel(&kp->keys[i].repeat);
		cancel_work_sync(&kp->keys[i].work);
	}
}

static struct platform_driver kpad_driver = {
	.probe = kpad_probe,
	.remove = kpad_remove,
	.driver = { .name = "kpad" },
};
module_platform_driver(kpad_driver);
MODULE_LICENSE("GPL");
