"""Whole-line phrase matching with two tiers, shared by the line-rule passes.

Strong phrases ("LEAVE A REPLY", "Advertisement") mark a line on their own.
Weak ones are words a story can use too ("Name", "Facebook"): they mark a
line only as part of a run -- within ``reach`` lines of a marked line, where a
weak line that counts extends the run. With ``rooted`` the run must start at a
strong line (a form has a heading); without, two weak lines suffice (a share
row may be labels only).
"""
from __future__ import annotations

from typing import Dict, Sequence

from ..document import Line
from ..rules import PhraseRule


def mark_lines(lines: Sequence[Line], strong: PhraseRule, weak: PhraseRule, *, max_chars: int,
               reach: int, rooted: bool, strong_why: str, weak_why: str) -> Dict[int, str]:
    """Index -> reason for every line the phrases mark."""
    marks: Dict[int, str] = {}
    weak_hits: Dict[int, str] = {}
    for i, line in enumerate(lines):
        if len(line.text) > max_chars:
            continue
        key = line.key
        if not key:
            continue
        why = strong.match(key)
        if why:
            marks[i] = f"{strong_why}: {why}"
            continue
        why = weak.match(key)
        if why:
            weak_hits[i] = f"{weak_why}: {why}"
    if not rooted:
        for i in weak_hits:  # a pair of weak lines roots a run by itself
            if any(j in weak_hits for j in range(i - reach, i + reach + 1) if j != i):
                marks.setdefault(i, weak_hits[i])
    frontier = list(marks)
    while frontier:  # grow runs outwards from what is marked
        i = frontier.pop()
        for j in range(i - reach, i + reach + 1):
            if j in weak_hits and j not in marks:
                marks[j] = weak_hits[j]
                frontier.append(j)
    return marks
