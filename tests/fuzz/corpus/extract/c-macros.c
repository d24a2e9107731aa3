/* kota C fixture: statements that tree-sitter takes for function definitions
 * (loop macros, a debug macro, an if/else split by #ifdef): no functions
 * named if, for, while or switch. */
struct item { struct item *next; int nr; };

int find(struct item *list, int nr)
{
	struct item *p;

	for_each_item(p)
		if (p->nr == nr) {
			return 1;
		}
	for_each_cpu(p) for (nr = 0; nr < 3; nr++) {
		p->nr = nr;
	}
	for_each_node(p) while (p->nr) {
		p->nr--;
	}
	DBG(__func__)
	switch (nr) {
	case 0:
		return 0;
	}
	return -1;
}

static int setup(char *str)
{
	if (!str) {
		return 0;
	}
#ifdef CONFIG_EXTRA
	else if (str[0] == 'x') {
		return 1;
	}
#endif
	else if (str[0] == 'y') {
		return 2;
	}
	return 3;
}

int after(void) { return 0; }
