#include "sled.h"

void sled_force_sleep(struct sled *s)
{
	s->can_sleep = 1;
}
