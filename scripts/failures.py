#!/usr/bin/env python3
"""Classifies the misses of `soudan eval --json` reports of the covered
suites: why the first result is not a right one, and why a call's referral
recall is below 1 (docs/relevance.md, "Session 6: failure analysis").

Usage: scripts/failures.py DIR [SUITE ...]  (DIR/SUITE.json, as
scripts/failures.sh writes them for the TUNING halves.)

Classes of a first-result miss (the confidence answered is kept apart):
  nothing relevant in the top ten;
  the heading above the right entry first / a child of it first;
  a sibling (same section) first; another topic first.
Classes of a referral miss: `none` answered (no cards by contract); the
first result wrong; the first result right but a card missing.
"""
import collections
import json
import os
import sys

import suites

COVERED = suites.load("covered")


def relation(top, right):
    """How the first result stands to the first right one."""
    if top["title"] in right["path"]:
        return "heading above the right entry first"
    if right["title"] in top["path"]:
        return "a child of the right entry first"
    if top["path"] == right["path"]:
        return "a sibling first"
    return "another topic first"


def first_miss(q):
    top = q.get("top") or []
    fr = q.get("first_relevant", 0)
    if not top or fr <= 0 or fr > len(top):
        return "nothing relevant in the top ten"
    return relation(top[0], top[fr - 1])


def referral_miss(q):
    if q["confidence"] == "none":
        right = "right" if q["metrics"].get("hit@1", 0) >= 1 else "wrong"
        return f"none answered (no cards), first result {right}"
    if q["metrics"].get("hit@1", 0) < 1:
        return "first result wrong"
    return "first result right, a card missing"


def main():
    folder = sys.argv[1]
    suites = sys.argv[2:] or COVERED
    first, refs, lost = collections.Counter(), collections.Counter(), collections.Counter()
    calls = named = 0
    rows = []
    for s in suites:
        path = os.path.join(folder, s + ".json")
        with open(path, encoding="utf-8") as f:
            rep = json.load(f)
        for q in rep["per_query"]:
            if not q.get("covered"):
                continue
            calls += 1
            m = q["metrics"]
            if m.get("hit@1", 0) < 1:
                c = first_miss(q)
                first[(c, q["confidence"])] += 1
                rows.append((s, q["id"], c, q["confidence"], q.get("first_relevant", 0),
                             round(q.get("signals", {}).get("margin", 0), 3)))
            if "referral_recall" in m:
                named += 1
                if m["referral_recall"] < 1:
                    c = referral_miss(q)
                    refs[c] += 1
                    lost[c] += 1 - m["referral_recall"]
    print(f"first result not right: {sum(first.values())} of {calls} covered calls")
    for (c, conf), n in first.most_common():
        print(f"  {n:4d}  {c} (answered {conf})")
    print(f"referral recall below 1: {sum(refs.values())} of {named} calls naming referrals")
    for c, n in refs.most_common():
        print(f"  {n:4d}  {c}: costs referral recall {lost[c] / max(named, 1):.3f}")
    print("suite | id | class | confidence | first right at | margin")
    for r in rows:
        print(" | ".join(str(x) for x in r))


if __name__ == "__main__":
    main()
