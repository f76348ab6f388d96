/* The subsystem core's interface; the core module is built elsewhere. */
struct device;
struct fdev;
int devm_fcore_setup_notifier(struct device *host, struct fdev *fd);
int fcore_register(struct fdev *fd);
