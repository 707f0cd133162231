"""Rules compiled from their entries: the one alternation helper every rule group is
joined with, the whole-line phrase rules of the boilerplate sections
(:class:`PhraseRule`) and a language's spelling table (:class:`SpellingTable`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .errors import RuleError
from .regexindex import first_chars, floats_at_start, opens_with_digit, required_literals, trie_regex
from .rulefile import phrase_key
from .ruleschema import Entry, Sections


def alternation(entries: Iterable[Entry], what: str, escape: bool = True) -> str:
    """Join entries into one regex alternation; refuse an empty group. The one helper
    every rule group is joined with.

    Literal words (``escape``) become a trie -- ``A(?:FP|P(?: Images)?)`` --
    which fails at the first character instead of trying every word in turn,
    and prefers the longest word, as a longest-first alternation does. A group
    that also holds ``re:`` entries keeps them as regexes: every entry is then an
    alternative of its own, the words escaped, longest first. Without ``escape``
    every entry is a regex; regexes are joined longest first.
    """
    entries = list(entries)
    if not entries:
        raise RuleError(f"rule group {what!r} is empty: at least one entry is needed")
    if escape and any(e.is_regex for e in entries):
        alternatives = {(e.value, e.value if e.is_regex else re.escape(e.value)) for e in entries}
        return "|".join(f"(?:{a})" for _, a in sorted(alternatives, key=lambda va: (-len(va[0]), va[1])))
    values = sorted({e.value for e in entries}, key=lambda v: (-len(v), v))
    if escape:
        return trie_regex(values)
    return "|".join(f"(?:{v})" for v in values)


def _first_that_clashes(group: Sequence[Entry]) -> Entry:
    """The entry, in file order, that the patterns before it no longer combine with (a
    group name used twice, a global flag): the user's line, not the first packaged one."""
    for n in range(1, len(group)):
        try:
            re.compile("|".join(f"(?:{e.value})" for e in group[: n + 1]))
        except re.error:
            return group[n]
    return group[0]


@dataclass(frozen=True)
class PhraseRule:
    """Whole-line phrases and patterns for one rule, matched on :func:`phrase_key`.

    Indexes spare the full alternation on most lines, with the same answer:
    patterns are filed under the characters they can start with (a line is
    tried only against those that can start with its first character), or
    under a digit (``\\d``); patterns that open with ``.{0,n}`` or anything
    else and need a literal ("we may earn") sit behind a gate, one search for
    any of their literals, which few lines contain.
    """

    phrases: Mapping[str, str] = field(default_factory=dict)  # key -> source
    by_first: Mapping[str, re.Pattern] = field(default_factory=dict)  # first char -> patterns that can start with it
    anywhere: Optional[re.Pattern] = None      # patterns that can start with any character
    gate: Optional[re.Pattern] = None          # any literal the gated patterns need
    gated: Optional[re.Pattern] = None         # the patterns tried when the gate opens
    sources: Tuple[Tuple[re.Pattern, str], ...] = ()  # each pattern alone, for the reason
    digit_first: Optional[re.Pattern] = None   # patterns that start with a digit (\\d), which no
                                               # character set lists: tried on lines that do

    @classmethod
    def build(cls, entries: Sequence[Entry], what: str) -> "PhraseRule":
        phrases = {phrase_key(e.value): e.source for e in entries if not e.is_regex}
        phrases.pop("", None)
        regexes = [e for e in entries if e.is_regex]
        literals = {e.value: required_literals(e.value) if floats_at_start(e.value) else None for e in regexes}
        gated = [e for e in regexes if literals[e.value]]
        firsts = {e.value: first_chars(e.value) for e in regexes if not literals[e.value]}
        anywhere = [e for e in regexes if e.value in firsts and firsts[e.value] is None]
        digit_first = [e for e in anywhere if opens_with_digit(e.value)]
        rest = [e for e in anywhere if e not in digit_first]
        # what may start anywhere but needs a literal ("[\\w-]* newsletter ...") waits behind the gate too
        literals.update((e.value, required_literals(e.value)) for e in rest)
        gated += [e for e in rest if literals[e.value]]
        anywhere = [e for e in rest if not literals[e.value]]

        def combine(group: List[Entry]) -> Optional[re.Pattern]:
            if not group:
                return None
            try:
                return re.compile(alternation(group, what, escape=False))
            except re.error as exc:  # each compiled alone; the union can still clash
                culprit = _first_that_clashes(group)
                raise RuleError(f"{culprit.source}: patterns of {what!r} do not combine: {exc}") from exc

        chars = sorted(set().union(*(f for f in firsts.values() if f)))
        by_first = {c: combine([e for e in regexes if firsts.get(e.value) and c in firsts[e.value]]) for c in chars}
        gate = re.compile(trie_regex(sorted(set().union(*(literals[e.value] for e in gated))))) if gated else None
        sources = tuple((re.compile(e.value), e.source) for e in regexes)
        return cls(phrases, by_first, combine(anywhere), gate, combine(gated), sources, combine(digit_first))

    def matches_pattern(self, key: str) -> bool:
        """Whether any of the patterns fully matches ``key`` (not empty)."""
        pattern = self.by_first.get(key[0])
        if pattern is not None and pattern.fullmatch(key):
            return True
        if self.anywhere is not None and self.anywhere.fullmatch(key):
            return True
        if self.digit_first is not None and key[0].isdecimal() and self.digit_first.fullmatch(key):
            return True
        return self.gate is not None and self.gate.search(key) is not None and \
            self.gated.fullmatch(key) is not None

    def match(self, key: str) -> Optional[str]:
        """Return why ``key`` (a folded line) matches, or None."""
        source = self.phrases.get(key)
        if source is not None:
            return f"phrase {key!r} ({source})"
        if key and self.sources and self.matches_pattern(key):
            where = next((s for p, s in self.sources if p.fullmatch(key)), "?")
            return f"pattern at {where} matched {key!r}"
        return None


@dataclass(frozen=True)
class SpellingTable:
    """Spelling variants, protected phrases and doubled words of one language."""

    language: str
    variants: Mapping[str, str]
    variant_re: Optional[re.Pattern]
    exception_re: Optional[re.Pattern]
    doubled_re: Optional[re.Pattern]
    # The variants alone, no context: what a text must hold for variant_re to match.
    # Searched first, it scans for the first letters (variant_re's lookbehind, tried
    # at every position, makes its search some 3x slower on text that holds none).
    variant_hint: Optional[re.Pattern] = None

    # A listed word twice, spaces between, in any case: the words in each case form, so
    # that the search scans for their first letters (re.IGNORECASE would forgo that);
    # the word's left edge is checked in may_hold_doubled. What doubled_re needs to match.
    doubled_hint: Optional[re.Pattern] = None

    def may_hold_variant(self, text: str) -> bool:
        return self.variant_hint is not None and self.variant_hint.search(text) is not None

    def may_hold_doubled(self, text: str) -> bool:
        """A listed word repeated, on a word's left edge (as \\b sees it: re's \\w is alnum or "_")."""
        if self.doubled_hint is None:
            return False
        for found in self.doubled_hint.finditer(text):
            before = text[found.start() - 1] if found.start() else " "
            if not (before.isalnum() or before == "_"):
                return True
        return False

    @classmethod
    def build(cls, language: str, sections: Sections) -> "SpellingTable":
        variants: Dict[str, str] = {}
        for e in sections.get("variants", []):
            if not re.fullmatch(r"[^\W\d_][\w'’ .-]*", e.value) or e.right is None:
                raise RuleError(f"{e.source}: a variant must be a word or phrase, got {e.value!r}")
            variants[e.value] = e.right
        forms: List[str] = []
        for word in variants:
            forms.extend({word, word.upper()})
        # Whole words only, and never inside a URL, e-mail or handle; hyphenated
        # compounds ("pro-Kiev") are words of their own.
        words = alternation([Entry(f, "") for f in forms], "variants") if variants else None
        variant_re = re.compile(r"(?<![\w./@#])(?:%s)(?![\w@]|[./]\w)" % words) if words else None
        variant_hint = re.compile(words) if words else None
        exceptions = sections.get("exceptions", [])
        exception_re = re.compile(alternation(exceptions, "exceptions"), re.IGNORECASE) if exceptions else None
        doubled = []
        for n, e in enumerate(sections.get("doubled", [])):
            if not re.fullmatch(r"\w+", e.value):
                raise RuleError(f"{e.source}: a doubled word must be one word, got {e.value!r}")
            word = re.escape(e.value)
            after = "" if e.right == "*" else f"(?=\\s+(?:{e.right}))"
            try:
                re.compile(after)
            except re.error as exc:
                raise RuleError(f"{e.source}: bad context pattern {e.right!r}: {exc}") from exc
            # Case-exact: "A a" in "vitamin A a day" is two words, not one doubled.
            first = f"(?:{word}|{re.escape(e.value.capitalize())})" if len(e.value) > 1 else word
            # Linear on any run ("in in in ... in"): a match never starts inside
            # a run (the lookbehind), and the run is taken whole, atomically (a
            # lookahead captures it, the backreference consumes it), so a failing
            # context is not retried with every shorter run.
            doubled.append(rf"(?<!\b{word}[ ])\b{first}(?=(?P<run{n}>(?:[ ]+{word})+))(?P=run{n})"
                           rf"\b(?![-'’]){after}")
        doubled_re = re.compile("|".join(doubled)) if doubled else None
        cases = [Entry(f, e.source) for e in sections.get("doubled", [])
                 for f in {e.value, e.value.capitalize(), e.value.upper()}]
        doubled_hint = re.compile(rf"({alternation(cases, 'doubled')})[ ]+(?i:\1)\b") if cases else None
        return cls(language, variants, variant_re, exception_re, doubled_re, variant_hint, doubled_hint)
