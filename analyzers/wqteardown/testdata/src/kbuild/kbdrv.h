struct kbdrv { struct workqueue_struct *evt_wq; int irq; };
int kbdrv_hw_init(struct kbdrv *k);
