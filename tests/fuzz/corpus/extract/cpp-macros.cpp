// kota C++ fixture: statements that tree-sitter takes for function
// definitions (after a macro without `;`, or an if/else split by #ifdef):
// no functions named if, switch, while, for or catch.
class Lock {
	void run(int v) {
		LOCK_GUARD
		if (v) {
			step();
		}
		TRY_BLOCK
		catch (int e) {
		}
	}
};

void Lock::spin(int v)
{
	BEGIN_SECTION
	while (v) {
		v--;
	}
}

namespace sched {
int pick(int v)
{
	TRACE_ENTRY
	switch (v) {
	case 0:
		return 1;
	}
	if (!v) {
		return 0;
	}
#ifdef EXTRA
	else if (v > 1) {
		return 2;
	}
#endif
	return 3;
}
}

int after() { return 0; }
