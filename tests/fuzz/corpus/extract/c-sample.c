/* kota C fixture: every construct queries/c.scm captures, and some it skips. */
#include <stdio.h>

#define MAX_ITEMS 64
#define SQUARE(x) ((x) * (x))
#define LONG_MACRO(a, b) \
	do { (a) = (b); } while (0)

struct point {
	int x, y;
	unsigned flags : 3;
	void (*on_move)(struct point *self, int dx);
	char name[16];
	union {
		int as_int;
		float as_float;
	};
	struct inner { int depth; } in;
	struct { int w, h; } size;
};

union value { long l; double d; };

enum color { RED, GREEN = 2, BLUE };
enum { ANON_A, ANON_B };

typedef int count_t;
typedef unsigned char u8, *u8_ptr;
typedef struct node {
	struct node *next;
} node_t;
typedef struct {
	int key;
} entry_t;
typedef int (*compare_fn)(const void *, const void *);

int counter;
static const char *names[] = { "a", "b" };
static int limit = MAX_ITEMS, *limit_ptr = &limit;
int (*handler)(int);
extern int declared_elsewhere;
struct point origin = { 0, 0 };
#ifdef DEBUG
static int debug_level = 1;
#else
static int debug_level;
#endif

int prototype_only(int a);
static char *dup_name(const char *s);

int add(int a, int b)
{
	int local = a + b;
	return local;
}

static char *
dup_name(const char *s)
{
	struct scratch { int len; } tmp;
	tmp.len = 0;
	return (char *)s;
}

char **split(char *s) { return 0; }

static int
__attribute_used_macro
gnu_style_attr(int x)
{
	return x;
}

void (*get_handler(int sig))(int)
{
	return 0;
}

int one(void) { return 1; } int two(void) { return 2; }
