/* vhub core: the subsystem library the port drivers link against. It is
 * built as its own module (vhub-core.ko, in another directory); its devm_
 * helpers undo what they set up when the port device is unbound. */
#ifndef VHUB_H
#define VHUB_H

struct device;
struct vport_hub;

int devm_vhub_core_attach(struct device *host, struct vport_hub *hub);
int vhub_core_register(struct vport_hub *hub);

#endif
