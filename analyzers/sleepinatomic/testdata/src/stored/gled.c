/* An LED callback stored only while a member set just before says the
 * GPIO cannot sleep, and sleeping only when it can: the store's test
 * carries into the callback, through a helper that returns container_of()
 * of its parameter. Stored without the test, or with the member written
 * after it, the sleeping path stays. other.c writes a member of the same
 * name, of its own structure: that proves nothing about this one. */
#include <linux/leds.h>
#include <linux/gpio/consumer.h>

struct gled {
	struct led_classdev cdev, cdev2, cdev3;
	struct gpio_desc *gpiod;
	u8 can_sleep;
	u8 slow;
};

static inline struct gled *to_gled(struct led_classdev *c)
{
	return container_of(c, struct gled, cdev);
}

static void gled_set(struct led_classdev *c, enum led_brightness v)
{
	struct gled *g = to_gled(c);

	if (g->can_sleep)
		gpiod_set_value_cansleep(g->gpiod, v);
	else
		gpiod_set_value(g->gpiod, v);
}

static void gled_set_any(struct led_classdev *c, enum led_brightness v)
{
	struct gled *g = to_gled(c);

	if (g->can_sleep)
		gpiod_set_value_cansleep(g->gpiod, v); /* want "gpiod_set_value_cansleep\\(\\) may sleep.*LED brightness_set callback gled_set_any\\(\\)" */
	else
		gpiod_set_value(g->gpiod, v);
}

static void gled_set_late(struct led_classdev *c, enum led_brightness v)
{
	struct gled *g = to_gled(c);

	if (g->slow)
		gpiod_set_value_cansleep(g->gpiod, v); /* want "gpiod_set_value_cansleep\\(\\) may sleep.*LED brightness_set callback gled_set_late\\(\\)" */
}

int gled_create(struct gled *g)
{
	g->can_sleep = gpiod_cansleep(g->gpiod);
	if (!g->can_sleep)
		g->cdev.brightness_set = gled_set;
	g->cdev2.brightness_set = gled_set_any;
	if (!g->slow)
		g->cdev3.brightness_set = gled_set_late;
	g->slow = gpiod_cansleep(g->gpiod);	/* after the test: proves nothing */
	return 0;
}
