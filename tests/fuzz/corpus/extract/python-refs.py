"""References for queries/python.scm."""
import os.path
import json as js
from collections import OrderedDict, defaultdict as dd
from typing import List


class Store(dict, js.JSONEncoder):
    @staticmethod
    def make(items: List[int]) -> "Store":
        return Store(items)

    def load(self, path: str) -> OrderedDict:
        try:
            data = js.loads(open(path).read())
        except (ValueError, KeyError) as e:
            raise RuntimeError(e)
        except OSError:
            return OrderedDict()
        self.update(data)
        return os.path.basename(path)
