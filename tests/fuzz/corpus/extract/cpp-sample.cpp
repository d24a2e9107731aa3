// kota C++ fixture: every construct queries/cpp.scm captures, and some it skips.
#include <string>

#define VERSION 3
#define CHECK(x) if (!(x)) return

namespace geo {

enum class Axis : int { X, Y };

struct Vec {
	double x = 0, y = 0;
	double length() const { return x * x + y * y; }
};

class Shape {
public:
	Shape() : id_(next_id++) {}
	explicit Shape(int id) : id_(id) {}
	virtual ~Shape() {}
	virtual double area() const = 0;
	Shape(const Shape &) = delete;
	Shape &operator=(const Shape &other) { id_ = other.id_; return *this; }
	bool operator==(const Shape &o) const { return id_ == o.id_; }
	explicit operator bool() const { return id_ != 0; }
	int id() const;
	const char *label() const { return "shape"; }
	template <typename T> T as() const { return T(id_); }
	friend void swap(Shape &a, Shape &b) {}
	static int next_id;

private:
	class Impl;
	struct Cache {
		int hits, misses;
	} cache_;
	int id_;
	void (*callback_)(int);
	unsigned dirty_ : 1;
};

int Shape::id() const { return id_; }

} // namespace geo

namespace net::http {
constexpr int default_port = 80;
static std::string host = "localhost", path;
extern int timeout_ms;
}

namespace {
int hidden_counter;
}

class geo::Shape::Impl {
	int refs;
};

template <typename T>
class Box {
public:
	void put(T value);
	T get() const { return value_; }

private:
	T value_;
};

template <typename T>
void Box<T>::put(T value) { value_ = value; }

template <typename T>
T identity(T v) { return v; }

template <>
int identity<int>(int v) { return v + 0; }

using Callback = void (*)(int);
typedef Box<int> IntBox;

union Bits { int i; float f; };

extern "C" {
int c_entry(void) { return 0; }
int c_global;
}

geo::Vec operator+(const geo::Vec &a, const geo::Vec &b) { return {a.x + b.x, a.y + b.y}; }

auto square = [](int n) { return n * n; };

class LIB_EXPORT Exported {
	int hidden;
	void run() {}
};

int main(int argc, char **argv)
{
	int local = 0;
	struct Local { int v; };
	return local;
}
