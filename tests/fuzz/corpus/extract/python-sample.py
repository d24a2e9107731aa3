"""Fixture for queries/python.scm."""
import os

VERSION = "1.0"
TIMEOUT: int = 30
pending: list
a = b = 0
x, y = 1, 2
counter += 1
square = lambda n: n * n


def top(arg):
    def inner():
        return arg
    local = 1
    return inner


@decorator
async def fetch(url):
    pass


class Base(object):
    kind = "base"
    size: int = 0
    label: str
    p, q = 1, 2
    double = lambda self: self.size * 2

    def __init__(self, size):
        self.size = size
        helper = lambda: size

        def nested():
            pass

    @property
    @cached
    def area(self):
        return 0

    @staticmethod
    def make(): return Base(1)

    class Meta:
        ordering = ["id"]

        def describe(self): pass

    if os.name == "nt":
        def path(self): return "C:"
    else:
        @staticmethod
        def path(): return "/"

    try:
        def fast(self): pass
    except ImportError:
        def slow(self): pass


def factory():
    class Local(Base):
        def run(self): pass
    return Local


if os.environ.get("DEBUG"):
    def debug(msg): print(msg)


class One: a = 1; b = 2


def broken(:
    pass


class After:
    def ok(self): pass
