/* The subsystem core's interface; the core module is built elsewhere. */
struct device;
struct fdev;
int devm_fcore_setup_notifier(struct device *host, struct fdev *fd);
int fcore_register(struct fdev *fd);

/* A helper of the interface: its call of the kernel's devm_kzalloc
 * declares no function of the core. */
static inline void *fcore_zalloc(struct device *host, unsigned long n)
{
	return devm_kzalloc(host, n, GFP_KERNEL);
}
