"""Pass `comment-form`: comment forms, comment-section chrome and comment threads.

Whole lines only ("LEAVE A REPLY", "Please enter your comment!", "12 Comments").
Bare form-field labels ("Name*", "Website") count only in a run that starts
at such a line, so that a lone word in the story is never taken for a form.

A comment thread, as text that keeps a page's comments holds it, is a run of
entries that each open with a header line -- the author's name and a verb,
then a colon ("Jane Doe says:", "Karl sagt:") -- followed by the comment and
often a time stamp and a reply button. A thread is removed whole, header to
the last entry's end, only when such headers recur (two or more, close
together) and at least two of them carry a time stamp or a reply button: one
"He says:" before a quotation in a story is neither. Entries without the verb
(a name, a time stamp, the comment, a reply button) make a thread only as a
run of two or more that each close with their reply button: the dated entries
of a liveblog or a timeline have none, unless they stand right under the
heading of a comment section ("59 Comments on “Story”"), each a name line
and a time stamp, two or more in a row.
"""
from __future__ import annotations

import re
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ..document import Line, PassResult, drop_lines
from ..rules import Entry, PhraseRule, RuleSet, alternation, phrase_key
from .phrases import mark_lines
from .shape import ends_like_sentence, has_letters, is_name_line, word_count

RULE = "comment-form"
MAX_LINE_CHARS = 240
FIELD_REACH = 3        # a field label counts within this many lines of the form's run
MAX_HEADER_CHARS = 120
MAX_ENTRY_LINES = 15   # lines from one comment's header to the next one's
MIN_ENTRIES = 2
MAX_STAMP_WORDS = 8
MAX_STAMP_CHARS = 60
MAX_NAME_WORDS = 5
HEADING_REACH = 3      # the first entry's name this close under a comment section's heading
MIN_STORY_WORDS = 15   # a thread is comments under a story: a sentence of this many words or more above it
# A comment's time stamp: the time of day or how long ago (``[elapsed]`` of
# datelines.txt: "2 days ago", "vor 3 Stunden"), a numeric date, a day with its month
# and year ("July 11, 2011 at 12:25 pm", "1. November 2023 um 11:54 Uhr", "23.09.20").
# A year alone is not one: "Not before 2025" answers a question.
_TIME_OF_DAY = r"\b\d{1,2}:\d\d\b"
_DAY_FORMS = (r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
              r"|\b\d{1,2}(?:st|nd|rd|th|er|\.)? (?:de )?[^\W\d_]{3,12}\.?,? (?:de )?(?:19|20)\d\d\b"
              r"|\b[^\W\d_]{3,12}\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d\d\b")


class Stamps(NamedTuple):
    """A comment's time stamp, compiled from the rules."""

    clock: "re.Pattern[str]"  # the time of day or the time elapsed: what a comment's stamp gives, a listing's not
    stamp: "re.Pattern[str]"  # any time stamp

    @classmethod
    def build(cls, elapsed: Sequence[Entry]) -> "Stamps":
        clock = rf"{_TIME_OF_DAY}|\b(?:{alternation(elapsed, 'elapsed', escape=False)})\b"
        return cls(re.compile(clock, re.IGNORECASE), re.compile(f"{clock}|{_DAY_FORMS}", re.IGNORECASE))

    def is_stamp(self, text: str) -> bool:
        """A short line that gives a date or time and says nothing else: no sentence, no link."""
        return self.holds(text, MAX_STAMP_CHARS, MAX_STAMP_WORDS) and "www." not in text

    def holds(self, text: str, max_chars: int, max_words: int) -> bool:
        """A line of at most ``max_chars`` and ``max_words`` with a time stamp in it, no sentence, no URL."""
        return (len(text) <= max_chars and word_count(text) <= max_words and not ends_like_sentence(text)
                and "://" not in text and bool(self.stamp.search(text)))


class CommentRules(NamedTuple):
    form: PhraseRule
    field: PhraseRule
    reply: PhraseRule          # the reply button under a comment
    heading: PhraseRule        # the heading over a comment thread ("59 Comments on “Story”")
    author: "re.Pattern[str]"  # a folded header line: one to five words of name, then a verb
    verbs: Mapping[str, str]   # verb -> where the rule files list it
    stamps: Stamps


def prepare(rules: RuleSet, config=None, site_rules=None) -> CommentRules:
    b = rules.boilerplate
    verbs = [Entry(v, "comment-form.author") for v in b["comment-form.author"].phrases]  # folded, as lines are
    verb = alternation(verbs, "comment-form.author") if verbs else None
    author = re.compile(rf"(?:\S+ ){{1,{MAX_NAME_WORDS}}}(?P<verb>{verb})" if verb else "(?!)")
    return CommentRules(b["comment-form"], b["comment-form.field"], b["comment-form.reply"],
                        b["comment-form.heading"], author, b["comment-form.author"].phrases,
                        Stamps.build(rules.datelines["elapsed"]))


def run(lines: Sequence[Line], rules: CommentRules, meta: dict) -> PassResult:
    marks = mark_lines(lines, rules.form, rules.field, max_chars=MAX_LINE_CHARS, reach=FIELD_REACH, rooted=True,
                       strong_why="comment form line", weak_why="comment form field next to a comment form")
    threads = _threads(lines, rules)
    threads.update(_stamped_threads(lines, rules, threads))
    threads.update(_headed_threads(lines, rules, threads))
    for i, why in _under_a_story(lines, threads, marks).items():
        marks.setdefault(i, why)
    return drop_lines(lines, marks, RULE)


def _under_a_story(lines: Sequence[Line], threads: Dict[int, str], forms: Dict[int, str]) -> Dict[int, str]:
    """The threads that stand under a story (MIN_STORY_WORDS words of sentences or more
    above them, questions aside) or under a comment section's line ("12 Comments", "Leave
    a reply": one of ``forms``). A thread with neither above it is the page's content (a
    forum's posts under the question its title asks), not comments on it."""
    if not threads:
        return threads
    kept: Dict[int, str] = {}
    words, k = 0, 0
    for start in sorted(threads):
        if start - 1 in threads:
            continue  # inside a thread: decided with its first line
        for line in lines[k:start]:
            if ends_like_sentence(line.text) and not line.text.rstrip().endswith("?"):
                words += word_count(line.text)
        k = start
        if words >= MIN_STORY_WORDS or any(f < start for f in forms):
            end = start
            while end in threads:
                kept[end] = threads[end]
                end += 1
    return kept


class _Header(NamedTuple):
    stamped: bool  # the time stamp stands on the header line itself
    verb: str


def _header(text: str, rules: CommentRules) -> Optional[_Header]:
    """A comment's header line ("Jane says:", "Jane says: May 3, 2020 at 9:14 am"), or None."""
    text = text.strip()
    if len(text) > MAX_HEADER_CHARS:
        return None
    head, sep, rest = text.partition(": ")
    if sep:
        if not rules.stamps.is_stamp(rest):
            return None  # "Er sagt: „Die Pflege ist kein Hotspot“" -- a quotation, not a header
    elif not text.endswith(":"):
        return None
    else:
        head = text
    found = rules.author.fullmatch(phrase_key(head))
    return _Header(bool(sep), found.group("verb")) if found else None


def _is_count(text: str) -> bool:
    """A vote or like count left on its own line ("12"), an emoji."""
    return not has_letters(text)


def _threads(lines: Sequence[Line], rules: CommentRules) -> Dict[int, str]:
    headers: Dict[int, _Header] = {}
    for i, line in enumerate(lines):
        if ":" in line.text:
            header = _header(line.text, rules)
            if header:
                headers[i] = header
    if len(headers) < MIN_ENTRIES:
        return {}
    marks: Dict[int, str] = {}
    order = sorted(headers)
    following = dict(zip(order, order[1:] + [len(lines)]))  # header -> the next header (or the end)
    for group in _groups(order):
        evidence = [h for h in group if _has_evidence(lines, h, following[h], headers, rules)]
        if len(group) < MIN_ENTRIES or len(evidence) < MIN_ENTRIES:
            continue
        end = _entry_end(lines, group[-1], rules)
        first, verb = lines[group[0]].text.strip(), headers[group[0]].verb
        why = (f"comment thread of {len(group)} comments, headers like {first[:60]!r}"
               f" (verb {verb!r}, {rules.verbs.get(verb, '?')})")
        for k in range(group[0], end):
            marks[k] = why
    return marks


def _stamped_threads(lines: Sequence[Line], rules: CommentRules, taken: Dict[int, str]) -> Dict[int, str]:
    """Threads whose entries have no verb: the commenter's name, a time stamp (or both on one
    line: "Julia" / "16. March, 2023 at 16:59", "un citoyen Le 7 décembre 2019 à 13:45"), the
    comment and a reply button. Only a run of two or more such entries, each closed by its
    reply button before the next stamp: a liveblog's or a list's dates have no reply buttons."""
    stamps = [i for i, line in enumerate(lines) if len(line.text) <= MAX_STAMP_CHARS + 20 and i not in taken
              and rules.stamps.is_stamp(line.text.strip())]
    if len(stamps) < MIN_ENTRIES:
        return {}
    marks: Dict[int, str] = {}
    for group in _groups(stamps):
        replies = [_reply_before(lines, s, nxt, rules, first=k == 0)
                   for k, (s, nxt) in enumerate(zip(group, group[1:] + [len(lines)]))]
        for run, last_reply in _replied_runs(group, replies):
            first = run[0]
            named = first > 0 and first - 1 not in taken and is_name_line(lines[first - 1].text, MAX_NAME_WORDS)
            start = first - 1 if named else first
            why = (f"comment thread of {len(run)} comments, each a name, a time stamp "
                   f"({lines[first].text.strip()[:40]!r}), the comment and a reply button")
            for k in range(start, last_reply + 1):  # to the last one's reply button
                marks[k] = why
    return marks


def _headed_threads(lines: Sequence[Line], rules: CommentRules, taken: Dict[int, str]) -> Dict[int, str]:
    """Threads whose entries have neither verbs nor reply buttons: a name line, a time stamp
    and the comment, MIN_ENTRIES or more in a row, the first within HEADING_REACH lines under
    a comment section's heading. A liveblog's or a timeline's dated entries have no such
    heading over them."""
    marks: Dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in taken or i in marks or not rules.heading.match(line.key):
            continue
        entries = _named_entries(lines, i + 1, taken, rules.stamps)
        if len(entries) < MIN_ENTRIES:
            continue
        end = _entry_end(lines, entries[-1], rules)
        why = (f"comment thread of {len(entries)} comments under the heading {line.text.strip()[:60]!r},"
               f" each a name, a time stamp ({lines[entries[0]].text.strip()[:40]!r}) and the comment")
        for k in range(entries[0] - 1, end):
            marks[k] = why
    return marks


def _named_entries(lines: Sequence[Line], at: int, taken: Dict[int, str], stamp: Stamps) -> List[int]:
    """The time stamps of the entries from ``at`` (> 0) on, each right under its name line, the
    first within HEADING_REACH lines, the next within an entry's length of the one before.
    A comment's stamp tells the time ("9:46 pm", "2 days ago"); a listing's cards give
    the day alone."""
    stamps: List[int] = []
    k, reach = at, at + HEADING_REACH
    while k < min(len(lines), reach + 1):
        text = lines[k].text.strip()
        if k not in taken and stamp.is_stamp(text) and stamp.clock.search(text) \
                and is_name_line(lines[k - 1].text, MAX_NAME_WORDS) and (not stamps or k - 1 > stamps[-1]):
            stamps.append(k)
            reach = k + MAX_ENTRY_LINES
        k += 1
    return stamps


def _replied_runs(group: List[int], replies: List[Optional[int]]) -> List[Tuple[List[int], int]]:
    """The runs of two or more consecutive stamps of ``group`` that each have a reply button,
    each with its last entry's reply button."""
    runs: List[Tuple[List[int], int]] = []
    run: List[int] = []
    last = -1
    for stamp, found in zip(group + [-1], replies + [None]):  # a stamp without a reply ends a run
        if found is not None:
            run.append(stamp)
            last = found
            continue
        if len(run) >= MIN_ENTRIES:
            runs.append((run, last))
        run = []
    return runs


def _reply_before(lines: Sequence[Line], h: int, stop: int, rules: CommentRules, first: bool = False) -> Optional[int]:
    """The index of the reply button of the entry at h (before ``stop``, within an entry's
    length), or None. For the first entry of a run (``first``), a line of a name and a
    time stamp past the one under the header ("Jane Doe July 26, 2012 at 3:56 pm", too
    long for a stamp alone) is the first comment's header: the button after it is that
    comment's, and what stands above it (the story under its own dateline, "by Paulo on
    June 27, 2012", then "69 comments") is no comment."""
    for k in range(h + 1, min(stop, h + 1 + MAX_ENTRY_LINES)):
        if rules.reply.match(lines[k].key):
            return k
        if first and k > h + 1 and _named_stamp(lines[k].text.strip(), rules.stamps):
            return None
    return None


def _named_stamp(text: str, stamps: Stamps) -> bool:
    """A header line of a name and a time stamp, too long for a stamp alone, no sentence."""
    return not stamps.is_stamp(text) and stamps.holds(text, MAX_HEADER_CHARS, 2 * MAX_STAMP_WORDS)


def _groups(indexes: List[int]) -> List[List[int]]:
    """Header indexes in runs whose neighbours are at most an entry's length apart."""
    groups = [[indexes[0]]]
    for i in indexes[1:]:
        if i - groups[-1][-1] <= MAX_ENTRY_LINES:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _has_evidence(lines: Sequence[Line], h: int, following: int, headers: Dict[int, _Header],
                  rules: CommentRules) -> bool:
    """The entry at header h shows a time stamp (on the header, or on the line just before or
    after it) or a reply button before the next header, at ``following``."""
    if headers[h].stamped:
        return True
    for k in (h - 1, h + 1):
        if 0 <= k < len(lines) and k not in headers and rules.stamps.is_stamp(lines[k].text.strip()):
            return True
    return _reply_before(lines, h, following, rules) is not None


def _entry_end(lines: Sequence[Line], h: int, rules: CommentRules) -> int:
    """Where the thread's last entry ends: after its reply button, if it has one within an
    entry's length; else after the stamp and the lines that read as the comment's sentences."""
    found = _reply_before(lines, h, len(lines), rules)
    if found is not None:
        return found + 1
    reach = range(h + 1, min(len(lines), h + 1 + MAX_ENTRY_LINES))
    k = h + 1
    while k in reach:
        text = lines[k].text.strip()
        if not (rules.stamps.is_stamp(text) or _is_count(text) or ends_like_sentence(text)):
            break
        k += 1
    return k
