/* Built in, no remove callback, bind attributes not suppressed: an
 * unbind frees only devm_* resources, and this driver allocates its
 * state itself. Nothing is reported. */
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/slab.h>

struct glue { struct tasklet_struct t; };

static void glue_bh(struct tasklet_struct *t) { }

static int glue_probe(struct platform_device *pdev)
{
	struct glue *g = kzalloc(sizeof(*g), GFP_KERNEL);

	tasklet_setup(&g->t, glue_bh);
	return 0;
}

static struct platform_driver glue_driver = {
	.probe = glue_probe,
	.driver = { .name = "glue" },
};
builtin_platform_driver(glue_driver);
