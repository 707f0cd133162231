"""Pass `spelling`: variant spellings from the language's table (Kiev -> Kyiv),
protected phrases that keep the old form ("chicken Kiev"), and doubled function
words ("in in 2014" -> "in 2014"). Applied only when the text's detected
language has a table; each change is counted in ``metadata["normalized"]``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..article import Change
from ..document import Line, PassResult
from ..rules import RuleSet, SpellingTable

RULE = "spelling"
NEEDS = ("language",)  # the table is the detected language's: without it nothing would apply


def prepare(rules: RuleSet, config=None, site_rules=None) -> Mapping[str, SpellingTable]:
    return rules.spelling


def _protected(text: str, table: SpellingTable) -> List[Tuple[int, int]]:
    if table.exception_re is None:
        return []
    return [m.span() for m in table.exception_re.finditer(text)]


def fix_text(text: str, table: SpellingTable, counts: Counter) -> str:
    """Apply the table to one string, adding to ``counts[(from, to)]``.

    Replacements keep the case of what they replace: KIEV -> KYIV.
    """
    if table.may_hold_variant(text) and table.variant_re.search(text):
        spans = _protected(text, table)

        def replace(m):
            if any(s <= m.start() < e for s, e in spans):
                return m.group()
            found = m.group()
            canonical = next(k for k in table.variants if k == found or k.upper() == found)
            new = table.variants[canonical]
            counts[(canonical, new)] += 1
            return new.upper() if found.isupper() and not canonical.isupper() else new

        text = table.variant_re.sub(replace, text)
    # the table's doubled-word pattern (lookbehinds in every branch) only where a listed word repeats
    if table.may_hold_doubled(text) and table.doubled_re.search(text):
        def undouble(m):
            words = m.group().split()
            counts[(f"{words[0].lower()} {words[0].lower()}", words[0].lower())] += 1
            return words[0]

        text = table.doubled_re.sub(undouble, text)
    return text


def run(lines: Sequence[Line], tables: Mapping[str, SpellingTable], meta: dict) -> PassResult:
    table = tables.get(meta.get("language") or "")
    if table is None:
        return PassResult(list(lines))
    counts: Counter = Counter()
    whole = "\n".join(line.text for line in lines)   # no rule spans a line break
    if (table.may_hold_variant(whole) and table.variant_re.search(whole)) or \
            table.may_hold_doubled(whole):
        out = [line if (new := fix_text(line.text, table, counts)) == line.text else replace(line, text=new)
               for line in lines]
    else:
        out = list(lines)
    metadata: Dict[str, object] = {}
    title: Optional[str] = meta.get("title")
    if title:
        new_title = fix_text(title, table, counts)
        if new_title != title:
            metadata["title"] = new_title
    if counts:
        metadata["normalized"] = [{"from": a, "to": b, "count": n} for (a, b), n in counts.items()]
    return PassResult(out, changes=[Change(RULE, a, b, n) for (a, b), n in counts.items()], metadata=metadata)
