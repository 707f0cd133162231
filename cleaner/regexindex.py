"""What a regex's matches must start with or contain, read from Python's own regex
parser: the indexes :class:`cleaner.rules.PhraseRule` files its patterns under, so most
lines are tried against few of them or none, with the same answer as the full
alternation. And the trie that literal words are joined into.
"""
from __future__ import annotations

import re
from typing import FrozenSet, Iterable, Optional, Tuple


def trie_regex(words: Iterable[str]) -> str:
    r"""A regex matching exactly ``words``, as a trie of their characters.

    >>> trie_regex(["AP", "AP Images", "AFP"])
    'A(?:FP|P(?:\\ Images)?)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer ones are tried first
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


MIN_GATE_LITERAL = 4  # shorter literals ("en ", "we") are in too many lines to gate on


def required_literals(pattern: str) -> Optional[FrozenSet[str]]:
    """Literals of which every match of ``pattern`` contains at least one.

    None when no such set of literals of at least ``MIN_GATE_LITERAL``
    characters is found (case-insensitive parts are not looked into).

    >>> sorted(required_literals(r".{0,80}\\bwe (?:may|might) earn (?:a )?commission"))
    ['commission']
    >>> sorted(required_literals(r".{0,80}(?:subscribe|register) now"))
    ['register', 'subscribe']
    >>> required_literals(r"(?:share|x) .*") is None
    True
    """
    sre = _sre()[0]

    def score(found: Optional[FrozenSet[str]]) -> Tuple[int, int]:
        return (min(map(len, found)), -len(found)) if found else (0, 0)

    def of_sequence(items) -> Optional[FrozenSet[str]]:
        best: Optional[FrozenSet[str]] = None
        run = ""
        for op, av in list(items) + [(None, None)]:
            if op is sre.LITERAL:
                run += chr(av)
                continue
            candidates = [frozenset([run])] if run else []
            run = ""
            if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
                candidates.append(of_sequence(av[-1]))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
                candidates.append(of_sequence(av[2]))
            elif op is sre.BRANCH:
                branches = [of_sequence(b) for b in av[1]]
                if all(branches):
                    candidates.append(frozenset().union(*branches))
            for found in candidates:
                if found and score(found) > score(best):
                    best = found
        return best

    parsed = _parse_cased(pattern)
    if parsed is None:
        return None
    found = of_sequence(parsed)
    return found if found and min(map(len, found)) >= MIN_GATE_LITERAL else None


def _sre():
    """Python's regex parser and its opcodes."""
    try:
        from re import _constants as sre, _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_constants as sre  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    return sre, parser


def _parse_cased(pattern: str):
    """``pattern`` parsed by Python's regex parser; None when it does not parse or
    ignores case as a whole (its literals then say nothing about the text)."""
    try:
        parsed = _sre()[1].parse(pattern)
    except re.error:
        return None
    return None if parsed.state.flags & re.IGNORECASE else parsed


def first_chars(pattern: str) -> Optional[FrozenSet[str]]:
    """The characters a match of ``pattern`` can start with; None if any.

    >>> sorted(first_chars(r"(?:please )?(?:share|tweet)\\b.*"))
    ['p', 's', 't']
    >>> first_chars(r".{0,80}share") is None
    True
    """
    sre = _sre()[0]

    def first(items: list) -> Optional[FrozenSet[str]]:
        for n, (op, av) in enumerate(items):
            if op is sre.LITERAL:
                return frozenset(chr(av))
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                continue  # zero-width
            if op is sre.IN:
                chars = set()
                for kind, value in av:
                    if kind is sre.LITERAL:
                        chars.add(chr(value))
                    elif kind is sre.RANGE and value[1] - value[0] < 64:
                        chars.update(chr(c) for c in range(value[0], value[1] + 1))
                    else:
                        return None
                return frozenset(chars)
            if op is sre.BRANCH:
                branches = [first(list(b)) for b in av[1]]
                return None if None in branches else frozenset().union(*branches)
            if op is sre.SUBPATTERN:
                return None if av[1] & re.IGNORECASE else first(list(av[-1]) + items[n + 1:])
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                body = first(list(av[2]) + items[n + 1:]) if av[0] == 0 else first(list(av[2]))
                if av[0] == 0:
                    rest = first(items[n + 1:])
                    return None if body is None or rest is None else body | rest
                return body
            return None
        return None  # the pattern can match the empty string

    parsed = _parse_cased(pattern)
    return None if parsed is None else first(list(parsed))


def opens_with_digit(pattern: str) -> bool:
    """Every match of ``pattern`` starts with a \\d: a character that str.isdecimal()
    holds, as re's own test of \\d on str is (Unicode category Nd; ASCII's digits are
    among them).

    >>> opens_with_digit(r"(?:\\d{1,6} )?comments") or opens_with_digit(r"(?:\\d|one) on")
    False
    >>> opens_with_digit(r"(?:\\d{1,6} (?:comments?|replies)|\\d+ thoughts) on .*")
    True
    """
    sre, parser = _sre()

    def first(items) -> bool:
        if not len(items):
            return False
        op, av = items[0]
        if op is sre.IN:
            return list(av) == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]
        if op is sre.SUBPATTERN:
            return first(av[-1])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            return av[0] >= 1 and first(av[2])
        if op is sre.BRANCH:
            return all(first(b) for b in av[1])
        return False  # a literal, an assertion, anything else: no promise

    try:
        return first(parser.parse(pattern))
    except re.error:
        return False


def floats_at_start(pattern: str) -> bool:
    """True for a pattern that opens with ``.{0,n}`` or ``.*``: matching it
    tries every start offset, so it is worth gating on a literal."""
    return bool(re.match(r"\.(?:\*|\{0,\d+\})", pattern))
