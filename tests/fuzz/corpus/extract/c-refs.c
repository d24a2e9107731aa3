/* kota C fixture: references (calls, macros, member calls, includes, types). */
#include "local/util.h"
#include <linux/slab.h>

struct ops { int (*run)(void *); };
typedef unsigned long ulong_t;

static int helper(struct ops *o, ulong_t n)
{
	return o->run(0) + (int)n + (int)sizeof(struct ops);
}

int caller(void)
{
	struct ops o;
	ulong_t v = (ulong_t)3;
	void *p = kmalloc(sizeof(o), GFP_KERNEL);

	WARN_ON(!p);
	o.run(p);
	kfree(p);
	return helper(&o, v) + helper(&o,
		v);
}
