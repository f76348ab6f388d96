#include <linux/gpio/consumer.h>
#include "sled.h"

static void sled_set(struct led_classdev *c, enum led_brightness v)
{
	struct sled *s = container_of(c, struct sled, cdev);

	if (s->can_sleep)
		gpiod_set_value_cansleep(s->gpiod, v); /* want "gpiod_set_value_cansleep\\(\\) may sleep.*LED brightness_set callback sled_set\\(\\)" */
}

int sled_create(struct sled *s)
{
	s->can_sleep = gpiod_cansleep(s->gpiod);
	if (!s->can_sleep)
		s->cdev.brightness_set = sled_set;
	return 0;
}
