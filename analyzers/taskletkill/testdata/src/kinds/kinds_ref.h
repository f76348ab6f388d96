/* The driver's own header: reference helpers as static inlines, the
 * return type on the line before the name. */
struct held { struct tasklet_struct hbh; atomic_t users; };
struct loose { struct tasklet_struct lbh; atomic_t users; };

static inline void
held_get(struct held *h)
{
	atomic_inc(&h->users);
}

static inline void
held_put(struct held *h)
{
	atomic_dec(&h->users);
}

/* Named like a get, takes nothing. */
static inline void
loose_get(struct loose *l)
{
	l->users.counter = 1;
}
