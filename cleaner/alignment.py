"""How the whitespace-normalized text lines up with the text the passes were handed.

The `whitespace` pass changes only runs of spaces, line breaks and odd characters,
and composes (NFC); :func:`align` finds those edits as :class:`Block` records, and
:class:`PositionMap` maps a position of the normalized text back to the source.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import List, NamedTuple, Optional, Sequence


class Block(NamedTuple):
    """``source[i0:i1]`` became ``normalized[j0:j1]``; between blocks the texts are equal."""

    i0: int
    i1: int
    j0: int
    j1: int


def _common_prefix(a: str, i: int, b: str, j: int) -> int:
    """The length of the longest common prefix of a[i:] and b[j:], by galloping slices."""
    limit = min(len(a) - i, len(b) - j)
    k, step = 0, 64
    while k < limit:
        step = min(step, limit - k)
        if a[i + k:i + k + step] == b[j + k:j + k + step]:
            k += step
            step *= 2
            continue
        if step == 1:
            break
        step //= 2
    return k


# The characters `whitespace` may delete or replace, and where it may act: one of
# them other than a lone space or line break, spaces beside a space or a line
# break, blank runs, the text's edges. Text between two such places is copied.
_ODD = ("\r\u2028\u2029\x85\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f"
        "\u200b\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f")
_NORMALIZABLE_RUN = re.compile(f"[ \n{_ODD}]+")
_SPACES = re.compile("[ \n]*")
_MAY_CHANGE = re.compile(f"[{_ODD}]|  | \n|\n |\n\n\n|\\A[ \n]| \\Z|\n\\Z")


def align(source: str, normalized: str) -> List[Block]:
    """The edits that made ``normalized`` from ``source``, as blocks of change.

    ``whitespace`` turns each run of spaces, line breaks and odd characters into
    a run of spaces and line breaks (maybe none), and composes (NFC): a walk
    that copies the equal stretches between the places it may have acted
    (checked), makes a block of each run it changed and recomposes combining
    marks finds its edits. Anything else becomes one block to the end, which
    is coarse but exact.
    """
    blocks: List[Block] = []
    i = j = 0
    n, m = len(source), len(normalized)
    while True:
        found = _MAY_CHANGE.search(source, i)
        p = found.start() if found else n
        if p > i and source[i:p] == normalized[j:j + p - i]:
            i, j = p, j + p - i
        else:
            k = _common_prefix(source, i, normalized, j)
            i, j = i + k, j + k
        if i == n and j == m:
            return blocks
        run = _NORMALIZABLE_RUN.match(source, i)
        if run:  # the run's image is the spaces and line breaks before the next character
            end, image_end = run.end(), _SPACES.match(normalized, j).end()
            if source[i:end] != normalized[j:image_end]:
                blocks.append(Block(i, end, j, image_end))
            i, j = end, image_end
            continue
        block = _composed(source, i, normalized, j, blocks)
        if block is None:
            blocks.append(Block(i, n, j, m))
            return blocks
        blocks.append(block)
        i, j = block.i1, block.j1


def _composed(source: str, i: int, normalized: str, j: int, blocks: List[Block]) -> Optional[Block]:
    """The NFC block at a mismatch: from the last starter before it (not in an earlier
    block) to the end of the combining marks after it, when its NFC is what follows."""
    floor_i = blocks[-1].i1 if blocks else 0
    floor_j = blocks[-1].j1 if blocks else 0
    back = 0
    while i - back > floor_i and j - back > floor_j and unicodedata.combining(source[i - back]):
        back += 1
    i0, j0 = i - back, j - back
    i1 = i + 1
    while i1 < len(source) and (unicodedata.combining(source[i1]) or source[i1] in "\u200b\u2060\ufeff\u00ad"):
        i1 += 1
    for end in range(i1, min(i1 + 3, len(source)) + 1):  # Hangul jamo compose without marks
        composed = unicodedata.normalize("NFC", _strip_invisible(source[i0:end]))
        if composed and normalized.startswith(composed, j0) and composed != source[i0:end]:
            return Block(i0, end, j0, j0 + len(composed))
    return None


def _strip_invisible(text: str) -> str:
    return re.sub("[\u200b\u2060\ufeff\u00ad]", "", text)


class PositionMap:
    """Positions of the normalized text in the source, from the alignment's blocks."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self.j1s = [b.j1 for b in blocks]

    def inside(self, p: int) -> Optional[Block]:
        """The block whose normalized text holds p strictly inside it (j0 < p < j1)."""
        k = bisect_right(self.j1s, p)
        if k < len(self.blocks) and self.blocks[k].j0 < p < self.blocks[k].j1:
            return self.blocks[k]
        return None

    def start(self, p: int) -> int:
        """Where the character at p comes from (after the deletions just before it)."""
        k = bisect_right(self.j1s, p)  # blocks ending at or before p
        if k < len(self.blocks) and self.blocks[k].j0 == p < self.blocks[k].j1:
            return self.blocks[k].i0
        if k == 0:
            return p
        last = self.blocks[k - 1]
        return last.i1 + (p - last.j1)

    def end(self, p: int) -> int:
        """Just after where the character before p comes from (before the deletions at p)."""
        k = bisect_right(self.j1s, p)
        while k > 0 and self.blocks[k - 1].j0 == self.blocks[k - 1].j1 == p:
            k -= 1  # deletions at p stay outside
        if k == 0:
            return p
        last = self.blocks[k - 1]
        return last.i1 + (p - last.j1)
