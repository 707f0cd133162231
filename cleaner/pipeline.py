"""The explicit order of passes, and the Cleaner that runs them."""
from __future__ import annotations

import hashlib
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import __version__
from .article import Article, Change, Removal
from .config import Config
from .document import NOTE, Line, join_lines, split_lines
from .errors import InputError
from .inputs import binary_text, decode, detect_kind, replace_surrogates
from .passes import language
from .passes.registry import PASSES
from .rules import load_rules
from .spans import Trace
from .timing import Laps


_SPACE = re.compile(r"\s")
WORD_COUNT_CHUNK = 1 << 20


def count_words(text: str) -> int:
    """len(text.split()), without holding every word at once on a huge text.

    >>> count_words("one two  three")
    3
    """
    if len(text) <= WORD_COUNT_CHUNK:
        return len(text.split())
    total, start = 0, 0
    while start < len(text):  # chunks end at whitespace, so no word is cut in two
        space = _SPACE.search(text, min(start + WORD_COUNT_CHUNK, len(text)))
        end = space.start() if space else len(text)
        total += len(text[start:end].split())
        start = end if end > start else len(text)
    return total


def _empty_metadata(kind: str) -> Dict[str, Any]:
    return {
        "title": None,
        "language": language.UNDETERMINED,
        "language_confidence": 0.0,
        "dateline": None,
        "image_credits": [],
        "normalized": [],
        "removed_counts": {},
        "kind": kind,
        "cleaner_version": __version__,
    }


def _refuse_binary(text: str) -> None:
    """InputError when ``text`` is binary data rather than text (:func:`~cleaner.inputs.binary_text`)."""
    binary = binary_text(text)
    if binary:
        raise InputError(f"binary input ({binary}), not an article")


class Cleaner:
    """Cleans articles with one configuration; rules are compiled once, here.

    Nothing a Cleaner keeps between calls changes an answer (memos of the
    structural pass, the kinds warm_up() has loaded): it can be shared across
    threads and reused for a whole corpus.
    """

    def __init__(self, config: Optional[Config] = None, site_rules=None) -> None:
        """``site_rules``: a :class:`~cleaner.sites.SiteRules` held in memory, added to
        the files of ``config.site_rule_dirs`` (which win a clash)."""
        from .sites import SiteRules

        self.config = config or Config()
        self.rules = load_rules(self.config.rule_dirs)
        self.site_rules = SiteRules(self.config.site_rule_dirs)
        if site_rules:
            self.site_rules = SiteRules.merged(site_rules, self.site_rules)
        enabled = [p for p in PASSES if self.config.enabled(p.name)]
        self._text_passes = [(p.name, p.run, p.prepare(self.rules, self.config, self.site_rules))
                             for p in enabled if not p.on_lines]
        self._passes = [(p.name, p.run, p.prepare(self.rules, self.config, self.site_rules))
                        for p in enabled if p.on_lines]
        from .html.prune import prepare as prepare_dom  # the HTML pre-pass rules, compiled once
        from .meta import prepare as prepare_meta

        self._dom_rules = prepare_dom(self.rules, self.config.disabled)  # a rule switched off removes nothing here either
        self._meta_rules = prepare_meta(self.rules)  # names and dates of the page metadata
        self._warm: set = set()  # the kinds warm_up() has loaded

    def clean(self, source: Union[str, bytes], kind: str = "auto",
              timings: Optional[Dict[str, float]] = None, site: Optional[str] = None) -> Article:
        """Clean one article given as text or HTML, str or bytes.

        ``site`` names the document's site for `site-boilerplate` (a host, as
        :func:`cleaner.sites.site_of` gives it); without it an HTML page's declared
        URL says it, and text has none.

        ``timings``, if given, collects seconds per stage: "decode", the HTML
        stages ("html-parse", "html-metadata", "html-dom", "html-extract") and
        each text pass (for benchmarks).
        """
        if kind not in ("auto", "text", "html"):
            raise InputError(f"kind must be 'auto', 'text' or 'html', not {kind!r}")
        laps = Laps(timings)
        text, encoding, repairs = self._decoded(source)
        kind = detect_kind(text) if kind == "auto" else kind
        metadata = _empty_metadata(kind)
        metadata.update({k: v for k, v in (("site", site), ("encoding", encoding)) if v})
        laps.lap("decode")
        earlier: Sequence[Removal] = ()
        if kind == "html":
            from .html.stages import extract_html

            text, html_meta, earlier = extract_html(text, self._dom_rules, timings=timings,
                                                    meta_rules=self._meta_rules, repairs=repairs)
            metadata.update(html_meta)
        article = self.clean_text(text, metadata, earlier, timings)
        article.changes[:0] = repairs
        _refuse_binary(article.text)  # what is left may be: a title taken, spaces folded (clean(clean(x)) == clean(x))
        return article

    def _decoded(self, source: Union[str, bytes]) -> Tuple[str, Optional[str], List[Change]]:
        """The input as text, the encoding it was decoded from (bytes only) and the repairs
        made on the way; an InputError for what no stage may read (too large, binary)."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            if len(source) > self.config.max_input_bytes:
                raise InputError(f"input of {len(source)} bytes is over the limit of {self.config.max_input_bytes}")
            text, encoding = decode(bytes(source))
        elif isinstance(source, str):
            if len(source) > self.config.max_input_bytes:
                raise InputError(f"input of {len(source)} characters is over the limit of {self.config.max_input_bytes}")
            text, encoding = source, None
        else:
            raise InputError(f"source must be str or bytes, not {type(source).__name__}")
        _refuse_binary(text)
        text, n = replace_surrogates(text)  # no str we return may hold one: UTF-8 cannot encode it
        return text, encoding, [Change("input", "lone surrogate", "U+FFFD", n)] if n else []

    def clean_text(self, text: str, metadata: Dict[str, Any], earlier: Sequence[Removal] = (),
                   timings: Optional[Dict[str, float]] = None) -> Article:
        """The text passes. ``earlier`` are the removals of the stages before them (the HTML
        path's), which the article lists first; the caller's list is left as it is.
        ``timings``, if given, collects seconds per pass (for benchmarks)."""
        laps = Laps(timings)
        changes: List[Change] = []
        source = text
        for name, run, prepared in self._text_passes:
            text, fixes = run(text)
            changes.extend(fixes)
        normalized = text
        lines: List[Line] = split_lines(text)
        laps.lap("whitespace")
        text_removed: List[Removal] = []
        # HTML mode's text is the extractor's article, not the page's whole visible text
        # that page-chrome cuts the article out of (unless told that every text is a page)
        skip = "page-chrome" if metadata.get("kind") == "html" and self.config.whole_page == "auto" else None
        for name, run, prepared in self._passes:
            if name == skip:
                continue
            result = run(lines, prepared, metadata)
            laps.lap(name)
            lines = result.lines
            text_removed.extend(result.removed)
            changes.extend(result.changes)
            metadata.update(result.metadata)
        for note in [key for key in metadata if key.startswith(NOTE)]:
            del metadata[note]
        text_removed.sort(key=lambda r: r.position)
        removed = [*earlier, *text_removed]
        body = join_lines(lines)
        counts: Dict[str, int] = {}
        for r in removed:
            counts[r.rule] = counts.get(r.rule, 0) + 1
        metadata["removed_counts"] = counts
        metadata["word_count"] = count_words(body)
        metadata["char_count"] = len(body)
        metadata["content_sha1"] = hashlib.sha1(body.encode("utf-8")).hexdigest()
        return Article(body, metadata, removed, changes, trace=Trace(source, normalized, lines, text_removed))

    def warm_up(self, kind: str = "auto") -> "Cleaner":
        """Load now what the first ``clean()`` of this kind would load on demand:
        langdetect's profiles for text; trafilatura and htmldate as well for HTML
        ("auto": both). About half a second, which a per-document time limit should
        not charge to a corpus's first document. Returns self."""
        for k in ("text", "html") if kind == "auto" else (kind,):
            if k not in self._warm:
                self.clean(_WARM_UP[k], kind=k)
                self._warm.add(k)
        return self


# Documents that take each path through to language detection.
_WARM_UP_TEXT = ("The council said on Monday that the old river bridge would reopen to traffic next week,"
                 " after repairs that took longer than planned.")
_WARM_UP = {
    "text": _WARM_UP_TEXT,
    "html": ("<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
             + f"<p>{_WARM_UP_TEXT}</p>" * 3 + "</article></body></html>"),
}


_default: Optional[Cleaner] = None


def default_cleaner() -> Cleaner:
    """The Cleaner with the default configuration, built on first use."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default


def clean(source: Union[str, bytes], kind: str = "auto") -> Article:
    """Clean one article with the default configuration.

    ``kind`` is "auto" (markup is detected), "text" or "html".
    """
    return default_cleaner().clean(source, kind)
