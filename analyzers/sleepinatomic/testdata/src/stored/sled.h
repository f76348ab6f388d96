/* A structure both files of the module see: sled_core.c may write its
 * can_sleep member after the store's test. */
#include <linux/leds.h>

struct sled {
	struct led_classdev cdev;
	struct gpio_desc *gpiod;
	u8 can_sleep;
};

void sled_force_sleep(struct sled *s);
