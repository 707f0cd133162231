"""Where in the input each rule acted: character spans, dolma's attribute shape.

The passes see lines of the whitespace-normalized text and record removals by
line; :func:`spans` turns one article's trace into spans of the *source* text
(the text the passes were handed: the input as decoded for text, the
extracted text for HTML), each naming its rule, with a score and what takes
its place (the normalized text is lined up with the source by
:mod:`cleaner.alignment`). Applying every span (:func:`rebuild`) gives the article's clean
text exactly:

- a removed line's span covers the line and one line break beside it (the
  paragraph break that join_lines would not write again), so that applying
  the spans of some rules only still gives sensible paragraphs;
- `whitespace` spans are the normalizations (odd spaces, runs of blank
  lines, line ends, NFC), with their replacement;
- `spelling` spans are the variants replaced (Kiev -> Kyiv), with theirs.

Offsets are Python string indexes (Unicode code points), as dolma's Python
taggers give them. Spans never overlap; a replacement may be empty (a
removal) and a span may be empty (an insertion, which no pass makes today).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from .alignment import Block, PositionMap, align
from .article import Removal
from .document import Line, split_lines

PREFIX = "cleaner__"
WHITESPACE = "whitespace"
SPELLING = "spelling"
UNRECORDED = "unrecorded"  # a line gone without a Removal record: a bug, but never an inexact span
UNALIGNED = "unaligned"    # the whole text as one span: what checked_spans gives if spans() ever fails
# Passes that never change the text: no attribute of theirs.
TEXT_KEEPING = frozenset({"language", "dateline"})


@dataclass(frozen=True)
class Span:
    """``source[start:end]`` became ``replacement`` under ``rule``."""

    start: int
    end: int
    rule: str
    score: float = 1.0
    replacement: str = ""

    def to_list(self) -> list:
        """dolma's ``[start, end, score]``, with the replacement as a fourth item when there is one."""
        item = [self.start, self.end, self.score]
        return item + [self.replacement] if self.replacement else item


class Trace(NamedTuple):
    """What :func:`spans` needs of one cleaning: kept by the Article, computed on demand."""

    source: str              # the text the passes were handed
    normalized: str          # after the `whitespace` pass (the text the lines index)
    kept: Sequence[Line]     # the lines left, as the last pass left them
    removed: Sequence[Removal]  # the text passes' removals (positions are line numbers)


class _Edit(NamedTuple):
    """``normalized[a:b]`` becomes ``replacement`` under ``rule``."""

    a: int
    b: int
    rule: str
    score: float
    replacement: str


def _line_starts(text: str) -> List[int]:
    starts, at = [], 0
    for piece in text.split("\n"):
        starts.append(at)
        at += len(piece) + 1
    return starts


def _line_edits(normalized: str, kept: Sequence[Line], removed: Sequence[Removal]) -> List[_Edit]:
    """The edits of ``normalized`` that give join_lines(kept), by line."""
    starts = _line_starts(normalized)
    original = split_lines(normalized)
    kept_at = {line.pos: line for line in kept}
    removal_at = {r.position: r for r in removed if r.stage == "text"}
    edits: List[_Edit] = []
    gap: List[Line] = []  # the removed lines since the last kept line
    previous: Optional[Line] = None
    for line in original:
        if line.pos not in kept_at:
            gap.append(line)
            continue
        edits.extend(_gap_edits(normalized, starts, previous, line, gap, removal_at))
        gap = []
        final = kept_at[line.pos]
        if final.text != line.text:
            edits.extend(_changed_words(starts[line.pos], line.text, final.text))
        previous = line
    edits.extend(_gap_edits(normalized, starts, previous, None, gap, removal_at))
    return edits


def _gap_edits(normalized: str, starts: List[int], before: Optional[Line], after: Optional[Line],
               gap: Sequence[Line], removal_at: Mapping[int, Removal]) -> List[_Edit]:
    """The edits between two kept lines (or an end of the text): each removed line goes
    with the separator on one side of it, and one separator is kept (made what
    join_lines writes: a line break in a paragraph, a blank line between two)."""
    lo = starts[before.pos] + len(before.text) if before else 0
    hi = starts[after.pos] if after else len(normalized)
    # separators[k] stands before gap[k]; the last one before `after`
    bounds = [(starts[g.pos], starts[g.pos] + len(g.text)) for g in gap]
    edges = [lo] + [e for _, e in bounds]
    ends = [s for s, _ in bounds] + [hi]
    separators = list(zip(edges, ends))
    if before is None:
        wanted, keep = "", 0
    elif after is None:
        wanted, keep = "", len(separators) - 1
    else:
        wanted = "\n" if before.block == after.block else "\n\n"
        keep = _separator_to_keep(normalized, separators, wanted)
    edits: List[_Edit] = []
    s0, s1 = separators[keep]
    if normalized[s0:s1] != wanted:
        edits.append(_Edit(s0, s1, WHITESPACE, 1.0, wanted))
    for k, line in enumerate(gap):
        start, end = bounds[k]
        if k < keep:      # takes the separator before it
            start = separators[k][0]
        else:             # takes the separator after it
            end = separators[k + 1][1]
        removal = removal_at.get(line.pos)
        rule, score = (removal.rule, removal.score) if removal else (UNRECORDED, 1.0)
        edits.append(_Edit(start, end, rule, score, ""))
    edits.sort(key=lambda e: (e.a, e.b))
    return edits


def _separator_to_keep(normalized: str, separators: Sequence[Tuple[int, int]], wanted: str) -> int:
    """The last separator equal to ``wanted`` (else the last of its kind: one line
    break, or a blank line). The removed lines before it take the break before
    them, those after it the break after them: a credit line that ends a
    paragraph goes with the line break above it, a "Read more" line that opens
    one with the line break below it."""
    texts = [normalized[a:b] for a, b in separators]
    for k in range(len(texts) - 1, -1, -1):
        if texts[k] == wanted:
            return k
    blank = wanted == "\n\n"
    for k in range(len(texts) - 1, -1, -1):
        if (texts[k].count("\n") >= 2) == blank:
            return k
    return len(texts) - 1


_WORDS = re.compile(r"\w+|\W+")


def _changed_words(offset: int, before: str, after: str) -> List[_Edit]:
    """The words a pass changed in a line (only `spelling` changes a kept line)."""
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    at = [0]
    for token in a:
        at.append(at[-1] + len(token))
    edits = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            edits.append(_Edit(offset + at[i1], offset + at[i2], SPELLING, 1.0, "".join(b[j1:j2])))
    return edits


def _widen(edits: Sequence[_Edit], where: PositionMap, normalized: str) -> List[_Edit]:
    """Edits reach to the ends of an alignment block they end inside (an NFC
    composition split by a word's edge); edits that then overlap become one."""
    groups: List[Tuple[int, int, List[_Edit]]] = []
    for e in edits:
        a = (where.inside(e.a) or Block(0, 0, e.a, e.a)).j0
        b = (where.inside(e.b) or Block(0, 0, e.b, e.b)).j1
        if groups and a < groups[-1][1]:
            ga, gb, members = groups[-1]
            groups[-1] = (ga, max(gb, b), members + [e])
        else:
            groups.append((a, b, [e]))
    out: List[_Edit] = []
    for a, b, members in groups:
        parts, at = [], a
        for e in members:
            parts += [normalized[at:e.a], e.replacement]
            at = e.b
        parts.append(normalized[at:b])
        first = members[0]
        out.append(_Edit(a, b, first.rule, first.score, "".join(parts)))
    return out


def spans(trace: Trace) -> List[Span]:
    """The spans of ``trace.source`` that give the clean text (see the module doc)."""
    source, normalized = trace.source, trace.normalized
    blocks = align(source, normalized) if source != normalized else []
    where = PositionMap(blocks)
    edits = _widen(sorted(_line_edits(normalized, trace.kept, trace.removed), key=lambda e: (e.a, e.b)),
                   where, normalized)
    out: List[Span] = []
    covered: List[Tuple[int, int]] = []
    for e in edits:
        start = where.start(e.a)
        end = where.end(e.b) if e.b > e.a else start
        out.append(Span(start, end, e.rule, e.score, e.replacement))
        covered.append((start, end))
    out.extend(_whitespace_spans(blocks, covered, normalized))
    out.sort(key=lambda s: (s.start, s.end))
    return out


def checked_spans(trace: Trace, text: str) -> List[Span]:
    """:func:`spans`, checked: when they do not rebuild ``text`` (a bug), one span of
    the whole source with ``text`` as its replacement, under rule ``unaligned``,
    which is still exact. A corpus run never loses a record to it."""
    try:
        found = spans(trace)
        if rebuild(trace.source, found) == text:
            return found
    except Exception:  # noqa: BLE001 -- the record matters more than its spans' detail
        pass
    return [Span(0, len(trace.source), UNALIGNED, 1.0, text)]


def _whitespace_spans(blocks: Sequence[Block], covered: Sequence[Tuple[int, int]], normalized: str) -> List[Span]:
    """The alignment's blocks outside every line edit, adjacent ones merged."""
    starts = [s for s, _ in covered]
    out: List[Span] = []
    for b in blocks:
        k = bisect_right(starts, b.i0) - 1
        if k >= 0 and covered[k][0] <= b.i0 and b.i1 <= covered[k][1] and covered[k][0] < covered[k][1]:
            continue
        replacement = normalized[b.j0:b.j1]
        if out and out[-1].end == b.i0:
            last = out.pop()
            out.append(Span(last.start, b.i1, WHITESPACE, 1.0, last.replacement + replacement))
        else:
            out.append(Span(b.i0, b.i1, WHITESPACE, 1.0, replacement))
    return out


def rebuild(source: str, spans_or_attributes, min_score: float = 0.0,
            rules: Optional[Iterable[str]] = None) -> str:
    """``source`` with the spans applied: each ``[start, end, score(, replacement)]``
    whose score is at least ``min_score``, of the given rules (all when None).

    ``spans_or_attributes``: :class:`Span` objects, or a dolma ``attributes``
    dict (``{"cleaner__promo": [[0, 12, 1.0]], ...}``) as the corpus writes it.

    >>> rebuild("Kiev in in May. Share this", {"cleaner__spelling": [[0, 4, 1.0, "Kyiv"], [5, 8, 1.0]],
    ...                                        "cleaner__promo": [[15, 26, 1.0]]})
    'Kyiv in May.'
    """
    items = _items(spans_or_attributes)
    wanted = None if rules is None else {r[len(PREFIX):] if r.startswith(PREFIX) else r for r in rules}
    chosen = sorted((s for s in items if (wanted is None or s.rule in wanted) and s.score >= min_score),
                    key=lambda s: (s.start, s.end))
    parts, at = [], 0
    for s in chosen:
        if s.start < at:
            raise ValueError(f"overlapping spans at {s.start}")
        parts.append(source[at:s.start])
        parts.append(s.replacement)
        at = s.end
    parts.append(source[at:])
    return "".join(parts)


def _items(spans_or_attributes) -> List[Span]:
    if isinstance(spans_or_attributes, Mapping):
        out = []
        for name, values in spans_or_attributes.items():
            rule = name[len(PREFIX):] if name.startswith(PREFIX) else name
            for v in values:
                out.append(Span(int(v[0]), int(v[1]), rule, float(v[2]), v[3] if len(v) > 3 else ""))
        return out
    return list(spans_or_attributes)


def attributes(found: Sequence[Span], rules: Iterable[str] = ()) -> Dict[str, list]:
    """dolma's ``attributes`` value: ``cleaner__<rule>`` -> its spans, every rule of
    ``rules`` present (an empty list when it did nothing), in that order."""
    out: Dict[str, list] = {PREFIX + r: [] for r in rules if r not in TEXT_KEEPING}
    for s in found:
        out.setdefault(PREFIX + s.rule, []).append(s.to_list())
    return out
