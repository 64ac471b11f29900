"""The shipped evaluation suites, from eval/testdata/suites.txt, in its
order (the cross-validation folds depend on it)."""

import os

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval", "testdata", "suites.txt")


def load(kind=None):
    """Names of the suites, all of them or those of kind ("covered" or
    "uncovered"), in the list's order."""
    out = []
    with open(LIST, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if len(fields) < 2 or fields[0].startswith("#"):
                continue
            if kind is None or fields[1] == kind:
                out.append(fields[0])
    return out
