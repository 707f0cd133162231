"""A hostile corpus, generated at test time: every kind of broken input a crawl holds.

Nothing here is downloaded or committed: each case is built from a few bytes
by a function. ``cases()`` gives the library cases (name, payload, expected
outcome), ``write_corpus()`` lays them out as a corpus folder (single files,
JSONL with broken lines, gzip under the wrong name), and the regex part
builds attack strings for every pattern the cleaner compiles
(``patterns()``, ``attack_strings()``, ``growth()``), shared by
tests/test_hostile.py and tests/bench_hostile.py.
"""
from __future__ import annotations

import codecs
import gzip
import re
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

try:  # Python 3.11+: the parser moved under re
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

from cleaner.attacks import GENERIC_PUMPS, SUFFIXES, attack_strings  # noqa: F401  (the bench and tests use them)

Payload = Union[str, bytes]

PROSE = ("The council approved the new budget on Monday after a long debate. "
         "Officials said the river bridge would reopen next week, and workers were already on site. ")
UTF8_PROSE = ("Die Bürgermeisterin sagte, die Brücke über den Fluss werde nächste Woche wieder geöffnet. "
              "Les élèves ont déjà repris les cours à l'école du quartier. ")


@dataclass(frozen=True)
class Case:
    """One hostile input.

    ``expect``: "article" (an Article comes back), "error" (an InputError),
    "either" (an Article or a documented CleanerError, nothing else).
    ``contains``: text the article must keep (nothing silently lost).
    """

    name: str
    build: Callable[[], Payload]
    expect: str = "either"
    kind: str = "auto"
    contains: Tuple[str, ...] = ()
    big: bool = False  # slow enough to run once, not in every mode
    ext: str = ".txt"  # file name extension in a corpus folder


def _html(body: str, head: str = "<title>Hostile page</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _story_html() -> str:
    return "".join(f"<p>{PROSE}</p>" for _ in range(3))


def _attribute_flood(n: int, value: str = "") -> str:
    """A story whose first paragraph's tag holds ``n`` distinct attributes."""
    attributes = " ".join(f"a{i}{'=' + value if value else ''}" for i in range(n))
    return _html(f"<p {attributes}>{PROSE}</p>" + _story_html())


# --- tiny and odd texts -----------------------------------------------------------------------------

def _tiny() -> List[Case]:
    return [
        Case("empty-str", lambda: ""),
        Case("empty-bytes", lambda: b""),
        Case("whitespace-only", lambda: " \t\n\r\n\u00a0\u3000\u2028 \n\n"),
        Case("one-char", lambda: "x", expect="article", contains=("x",)),
        Case("one-byte", lambda: b"<"),
        Case("one-lt-html", lambda: "<", kind="html"),
        Case("digits-only", lambda: "0123456789" * 50, expect="article", contains=("0123456789",)),
        Case("emoji-only", lambda: "😀🎉👍🏽🇺🇦👨‍👩‍👧" * 40, expect="article", contains=("😀🎉",)),
        Case("lone-surrogates", lambda: "Before \ud800 middle \udfff after " + PROSE),
        Case("nul-in-text", lambda: PROSE.replace(" ", "\x00", 3), expect="article", contains=("river bridge",)),
        # control characters in an article are no reason to refuse it; mostly control characters
        # are no article (binary: 27 of 32 are none a text holds)
        Case("control-chars", lambda: "\n\n".join(([PROSE] * 3 + ["".join(chr(c) for c in range(32)) + PROSE]) * 5),
             expect="article", contains=("river bridge",)),
        Case("mostly-control-chars", lambda: "".join(chr(c) for c in range(32)) * 20 + PROSE, expect="error"),
        Case("only-markup", lambda: _html(""), kind="html", ext=".html"),
        Case("only-comments-html", lambda: _html("<!--" + "x" * 10000 + "-->"), kind="html", ext=".html"),
    ]


# --- binary -----------------------------------------------------------------------------------------

def _png() -> bytes:
    raw = b"\x00" + b"\xff\x00\x00" * 4
    ihdr = b"\x00\x00\x00\x04\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    chunk = lambda t, d: len(d).to_bytes(4, "big") + t + d + zlib.crc32(t + d).to_bytes(4, "big")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _binary() -> List[Case]:
    rand = bytes((i * 1103515245 + 12345) >> 8 & 0xFF for i in range(20000))
    return [
        Case("png", _png, expect="error", ext=".txt"),
        Case("pdf", _pdf, expect="error", ext=".html"),
        Case("jpeg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8, expect="error"),
        Case("gzip-as-txt", lambda: gzip.compress(PROSE.encode() * 5, mtime=0), expect="error", ext=".txt"),
        Case("gzip-as-html", lambda: gzip.compress(_html(_story_html()).encode(), mtime=0), expect="error",
             ext=".html"),
        Case("zip", lambda: b"PK\x03\x04" + bytes(200), expect="error"),
        Case("random-bytes", lambda: rand, expect="error"),
        Case("nul-bytes", lambda: b"\x00" * 5000, expect="error"),
        Case("nul-salted-text", lambda: (PROSE.encode() + b"\x00" * 40) * 30, expect="error"),
        Case("elf-in-html-field", lambda: b"\x7fELF\x02\x01\x01" + bytes(300), expect="error", kind="html"),
    ]


#: Codecs Python knows that are no charset: of bytes (rot13 ... uu), or raising on any input (undefined),
#: or reading backslash escapes and domain names.
NOT_TEXT_CODECS = ("rot13", "hex", "base64", "zlib", "bz2", "uu", "quopri", "undefined", "unicode_escape", "idna",
                   "punycode")


# --- encodings --------------------------------------------------------------------------------------

def _encodings() -> List[Case]:
    latin = UTF8_PROSE.encode("latin-1", "replace")
    cp1252 = ("Smart “quotes” — and a euro sign € in the price. " + PROSE).encode("cp1252")
    mojibake = UTF8_PROSE.encode("utf-8").decode("cp1252", "replace")  # "BÃ¼rgermeisterin"
    return [
        Case("invalid-utf8", lambda: b"The council \xc3\x28 met \xa0\xa1 on \xf0\x28\x8c\x28 Monday. " * 20
             + PROSE.encode(), expect="article", contains=("river bridge",)),
        Case("truncated-utf8", lambda: UTF8_PROSE.encode()[:-1] * 3, expect="article", contains=("Brücke",)),
        Case("overlong-utf8", lambda: b"\xc0\xaf\xe0\x80\xaf " * 50 + PROSE.encode(), expect="article",
             contains=("river bridge",)),
        Case("utf16-le-bom", lambda: codecs.BOM_UTF16_LE + UTF8_PROSE.encode("utf-16-le"), expect="article",
             contains=("Brücke",)),
        Case("utf16-be-bom", lambda: codecs.BOM_UTF16_BE + UTF8_PROSE.encode("utf-16-be"), expect="article",
             contains=("Brücke",)),
        Case("utf16-le-nobom", lambda: UTF8_PROSE.encode("utf-16-le"), expect="article", contains=("Brücke",)),
        Case("utf16-be-nobom", lambda: UTF8_PROSE.encode("utf-16-be"), expect="article", contains=("Brücke",)),
        Case("utf16-odd-length", lambda: codecs.BOM_UTF16_LE + UTF8_PROSE.encode("utf-16-le") + b"x",
             expect="article", contains=("Brücke",)),
        Case("utf32-bom", lambda: codecs.BOM_UTF32_LE + UTF8_PROSE.encode("utf-32-le"), expect="article",
             contains=("Brücke",)),
        Case("latin1-as-utf8", lambda: latin, expect="article", contains=("Brücke",)),
        Case("cp1252-as-utf8", lambda: cp1252, expect="article", contains=("“quotes”", "€")),
        Case("latin1-html-declared-utf8", lambda: _html(f"<p>{UTF8_PROSE}</p>",
                                                        '<meta charset="utf-8"><title>T</title>').encode("latin-1"),
             expect="article", contains=("Brücke",), ext=".html"),
        Case("bogus-charset", lambda: _html(f"<p>{PROSE}</p>", '<meta charset="x-no-such-ÿ">').encode(),
             expect="article", contains=("river bridge",), ext=".html"),
        *[Case(f"codec-charset-{codec}", lambda codec=codec: _html(f"<p>{UTF8_PROSE} {PROSE}</p>",
                                                                 f'<meta charset="{codec}">').encode("latin-1", "replace"),
               expect="article", contains=("Brücke", "river bridge"), ext=".html")
          for codec in NOT_TEXT_CODECS],
        Case("utf7-charset", lambda: _html(f"<p>{PROSE}</p>", '<meta charset="utf-7">').encode() + b"\xff",
             expect="either", ext=".html"),
        Case("mojibake", lambda: mojibake, expect="article", contains=("BÃ¼rgermeisterin",)),
        Case("bom-then-binary", lambda: codecs.BOM_UTF8 + b"\x00\x01\x02" * 1000, expect="either"),
    ]


# --- scripts ----------------------------------------------------------------------------------------

def _scripts() -> List[Case]:
    arabic = "قال المجلس إن الجسر سيعاد فتحه الأسبوع المقبل بعد أعمال الصيانة. "
    hebrew = "המועצה אישרה את התקציב החדש ביום שני לאחר דיון ארוך. "
    cjk = "市议会周一批准了新的预算。官员表示，河上的桥梁将于下周重新开放。"
    japanese = "市議会は月曜日に新しい予算を承認した。橋は来週再開される。"
    zw = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202e\u2066\u2069"
    return [
        Case("arabic-rtl", lambda: (arabic * 5 + "\n\n") * 3, expect="article", contains=("الجسر",)),
        Case("hebrew-rtl", lambda: (hebrew * 5 + "\n\n") * 3, expect="article", contains=("התקציב",)),
        Case("cjk", lambda: (cjk * 5 + "\n\n") * 3, expect="article", contains=("预算",)),
        Case("japanese-sjis-declared", lambda: _html(f"<p>{japanese * 4}</p>",
                                                     '<meta charset="shift_jis">').encode("shift_jis"),
             expect="article", contains=("予算",), ext=".html"),
        Case("mixed-script", lambda: "\n\n".join([PROSE, arabic, cjk, hebrew, UTF8_PROSE, "Ελληνικά κείμενα εδώ. "
                                                  "Русский текст здесь."]), expect="article",
             contains=("预算", "الجسر", "Русский")),
        Case("zero-width-everywhere", lambda: zw.join(PROSE) , expect="article"),
        Case("bidi-overrides", lambda: "\u202e" + PROSE + "\u202c" + "\n\n" + "\u2067" + arabic + "\u2069",
             expect="article", contains=("الجسر",)),
        Case("combining-marks", lambda: "Z" + "\u0300\u0301\u0302\u0303" * 2000 + " " + PROSE, expect="article",
             contains=("river bridge",)),
    ]


# --- size and structure ------------------------------------------------------------------------------

def _structure() -> List[Case]:
    return [
        Case("line-50mb", lambda: ("word " * 10_485_760).encode(), expect="article", big=True),
        Case("line-50mb-no-spaces", lambda: b"a" * 50_000_000, expect="article", big=True),
        Case("nested-div-100k", lambda: _html("<div>" * 100_000 + PROSE + "</div>" * 100_000), kind="html",
             big=True, ext=".html"),
        Case("nested-div-100k-unclosed", lambda: _html("<div>" * 100_000 + PROSE), kind="html", big=True,
             ext=".html"),
        Case("nested-mixed-20k", lambda: _html("<div><span><b><i><p>" * 20_000 + PROSE), kind="html", big=True,
             ext=".html"),
        Case("br-45k", lambda: _html(f"<p>{PROSE}</p>" + "<br>" * 45_000 + f"<p>{PROSE}</p>"), kind="html",
             ext=".html"),
        Case("br-45k-text", lambda: "<br>" * 45_000, kind="auto"),
        # the date search under the headline: every text a date, none standing alone
        Case("dates-under-headline", lambda: _html("<h1>Council meets</h1>" + "<p>On 5 February 2024 the council"
                                                   " met again to discuss the budget.</p>" * 1_000 + _story_html()),
             kind="html", ext=".html", expect="article", contains=("river bridge",)),
        Case("huge-colspan", lambda: _html(f"<p>{PROSE}</p><table><tr><td colspan=9007199254740991 "
                                           "rowspan=9007199254740991>x</td><td colspan=-1>y</td>"
                                           "<td colspan=1e308 rowspan=NaN>z</td></tr></table>" * 50),
             kind="html", ext=".html", contains=("river bridge",)),
        Case("tiny-paragraphs-text", lambda: "\n\n".join(f"w{i}" for i in range(100_000)), expect="article",
             contains=("w99999",)),
        Case("tiny-paragraphs-html", lambda: _html("".join(f"<p>w{i}</p>" for i in range(30_000))), kind="html",
             ext=".html"),
        Case("many-attributes", lambda: _html("<p " + " ".join(f"a{i}='{i}'" for i in range(20_000)) + f">{PROSE}</p>"),
             kind="html", ext=".html", expect="article", contains=("river bridge",)),
        # libxml2 builds an element's attributes in O(n²): 100,000 took minutes, 1,000,000 hours
        Case("many-attributes-100k", lambda: _attribute_flood(100_000), kind="html", ext=".html", expect="article",
             contains=("river bridge",)),
        Case("many-attributes-1m", lambda: _attribute_flood(1_000_000), kind="html", ext=".html", expect="article",
             contains=("river bridge",), big=True),
        Case("many-attributes-quoted-gt", lambda: _attribute_flood(100_000, value="'>'"), kind="html", ext=".html",
             expect="article", contains=("river bridge",)),
        Case("many-attributes-in-script-tag", lambda: _html("<script " + " ".join(f"a{i}" for i in range(100_000))
                                                             + ">var a = '<p>';</script>" + _story_html()),
             kind="html", ext=".html", expect="article", contains=("river bridge",)),
        Case("same-attribute-1m", lambda: _html("<p " + "a=1 " * 1_000_000 + f">{PROSE}</p>"), kind="html",
             ext=".html", expect="article", contains=("river bridge",), big=True),
        # over libxml2's 10 MB limit on one value: an InputError, not a page cut short
        Case("attribute-value-16mb", lambda: _html(f"<p title='{'x' * 16_000_000}'>{PROSE}</p>"), kind="html",
             ext=".html", big=True),
        Case("many-elements-many-attributes", lambda: _html(("<i " + " ".join(f"a{i}" for i in range(250)) + ">x</i>")
                                                            * 1_000 + _story_html()),
             kind="html", ext=".html", expect="article", contains=("river bridge",), big=True),
        Case("huge-attribute", lambda: _html(f"<p class='{'x ' * 500_000}'>{PROSE}</p>"), kind="html",
             ext=".html"),
        Case("unclosed-comment", lambda: "<html><body><!--" + PROSE * 1000, kind="html", ext=".html"),
        Case("unclosed-script", lambda: "<html><body><script>" + "var a=1;" * 50_000, kind="html", ext=".html"),
        Case("blank-lines-1m", lambda: "\n" * 1_000_000 + PROSE, expect="article", contains=("river bridge",)),
        Case("over-size-limit", lambda: b" " * (64 * 1024 * 1024 + 1), expect="error", big=True),
    ]


# --- entities and external references ------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><head><title>&lol9;</title></head><body><p>&lol9;</p><p>{prose}</p></body></html>
"""

# The host is reserved (RFC 2606) and the port closed: a fetch would fail, but the test checks none is tried.
EXTERNAL = "http://fetch-me.invalid:9/evil.dtd"
XXE = f"""<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
 <!ENTITY remote SYSTEM "{EXTERNAL}">
 <!ENTITY % param SYSTEM "{EXTERNAL}">
 %param;
]>
<html><head><title>&xxe;</title><link rel="stylesheet" href="{EXTERNAL}"></head>
<body><p>&xxe;&remote;</p><p>{{prose}}</p><img src="{EXTERNAL}"><iframe src="{EXTERNAL}"></iframe>
<script src="{EXTERNAL}"></script></body></html>
"""
XINCLUDE = (f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><xi:include href="{EXTERNAL}" parse="text"/>'
            f'<xi:include href="file:///etc/passwd" parse="text"/><p>{{prose}}</p></body></html>')


def _entities() -> List[Case]:
    numeric = "".join(f"&#{n};&#x{n:x};" for n in (0, 1, 0xD800, 0xDFFF, 0x110000, 0xFFFFFFFF, 99999999999999999999))
    return [
        Case("billion-laughs", lambda: BILLION_LAUGHS.format(prose=PROSE), kind="html", ext=".html",
             contains=("river bridge",)),
        Case("billion-laughs-auto", lambda: BILLION_LAUGHS.format(prose=PROSE).encode(), ext=".html"),
        Case("xxe", lambda: XXE.format(prose=PROSE), kind="html", ext=".html", contains=("river bridge",)),
        Case("xinclude", lambda: XINCLUDE.format(prose=PROSE), kind="html", ext=".html"),
        Case("bad-numeric-entities", lambda: _html(f"<p>{numeric * 50} {PROSE}</p>"), kind="html", ext=".html",
             contains=("river bridge",)),
        Case("entity-flood", lambda: _html("<p>" + "&amp;&lt;&nbsp;&eacute;&notanentity;" * 50_000 + "</p>"),
             kind="html", ext=".html"),
        Case("entity-text", lambda: "&lol9; &amp;amp; &#0; " * 1000 + PROSE, expect="article",
             contains=("river bridge",)),
    ]


def cases(big: bool = True) -> List[Case]:
    """Every library case; ``big=False`` leaves out the ones that take seconds."""
    found = _tiny() + _binary() + _encodings() + _scripts() + _structure() + _entities()
    return [c for c in found if big or not c.big]


def payload_bytes(payload: Payload) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")


# --- a corpus of all of it ------------------------------------------------------------------------------

JSONL_LINES: Tuple[Tuple[str, str], ...] = (
    # (raw line, what makes it hostile); every line is one input, but a blank one (none)
    ('{"id": "../../etc/passwd", "text": "%s"}' % PROSE, "id climbs out"),
    ('{"id": "/abs/path/x", "text": "%s"}' % PROSE, "absolute id"),
    ('{"id": "a/b\\\\c/../../d", "text": "%s"}' % PROSE, "slashes and backslashes"),
    ('{"id": "nul\\u0000id", "text": "%s"}' % PROSE, "NUL in id"),
    ('{"id": "\\ud800", "text": "%s"}' % PROSE, "lone surrogate id"),
    ('{"id": 12345678901234567890123, "text": "%s"}' % PROSE, "numeric id"),
    ('{"id": {"nested": 1}, "text": "%s"}' % PROSE, "object id"),
    ('{"id": "dup", "text": "%s"}' % PROSE, "duplicate id 1"),
    ('{"id": "dup", "text": "%s Second."}' % PROSE, "duplicate id 2"),
    ('{"id": "t-null", "text": null}', "null text"),
    ('{"id": "t-num", "text": 42}', "text is a number"),
    ('{"id": "t-list", "text": ["a", "b"]}', "text is a list"),
    ('{"id": "t-empty", "text": ""}', "empty text"),
    ('{"id": "t-bin", "text": "\\u0000\\u0001\\u0002"}', "control characters only"),
    ('{"id": "no-text"}', "missing field"),
    ('{}', "empty object"),
    ('[]', "array"),
    ('null', "null"),
    ('"just a string"', "bare string"),
    ('{"id": "trunc", "text": "cut in the mid', "truncated"),
    ('{"id": "x", "text": "a"} trailing', "trailing garbage"),
    ('{"id": "nan", "text": NaN}', "NaN"),
    ('{"a":' * 50_000 + '1' + '}' * 50_000, "deeply nested JSON"),
    ('', "empty line"),
    ('   ', "blank line"),
    ('\x00\x00\x00', "NUL bytes"),
    ('{"id": "html-bomb", "html": "%s"}' % ("<div>" * 20_000), "nested HTML in a field"),
    ('{"id": "ok-html", "html": "<html><body><p>%s</p></body></html>"}' % PROSE, "a good HTML record"),
    ('{"id": "ok", "text": "%s", "url": 5, "created": ["x"]}' % PROSE, "odd url and created types"),
)


def write_corpus(root: Path, big: bool = False) -> Dict[str, int]:
    """Lay the hostile cases out as a corpus folder; return how many inputs it holds."""
    root.mkdir(parents=True, exist_ok=True)
    singles = root / "files"
    singles.mkdir()
    n_files = 0
    for case in cases(big):
        data = payload_bytes(case.build())
        ext = case.ext if case.kind != "html" else ".html"
        (singles / f"{case.name}{ext}").write_bytes(data)
        n_files += 1
    # a .gz that is not gzip, a .txt.gz that holds a PNG, an empty .gz
    (singles / "not-gzip.txt.gz").write_bytes(PROSE.encode())
    (singles / "png-inside.txt.gz").write_bytes(gzip.compress(_png(), mtime=0))
    (singles / "truncated.html.gz").write_bytes(gzip.compress(_html(_story_html()).encode(), mtime=0)[:40])
    (singles / "empty.txt.gz").write_bytes(b"")
    n_files += 4
    raw = b"\n".join(line.encode("utf-8", "surrogatepass") for line, _ in JSONL_LINES)
    raw += b"\n\xff\xfe not utf-8 at all \xc3\x28\n"
    (root / "records.jsonl").write_bytes(raw)
    offsets = [n for n, (line, _) in enumerate(JSONL_LINES) if line.strip()] + [len(JSONL_LINES)]
    gz = gzip.compress(raw, mtime=0)
    (root / "cut.jsonl.gz").write_bytes(gz[: len(gz) // 2])  # a gzip cut mid-stream
    (root / "empty.jsonl").write_bytes(b"")
    return {"files": n_files, "jsonl_lines": len(offsets), "jsonl_offsets": set(offsets)}


# --- regular expressions -------------------------------------------------------------------------------

# the HTML stages' modules harvested (html/libxml.py and html/pagetext.py, which never were, are not)
HTML_MODULES = ("parse", "stages", "extract", "headline", "prune", "widgets", "nodes")


def patterns(instance=None) -> Dict[str, re.Pattern]:
    """Every compiled pattern of the cleaner, by a stable name.

    The ``re:`` lines of the rule data (each alone), then whatever compiled
    pattern hangs off a Cleaner (its RuleSet, prepared passes, DOM rules) or
    sits at module level in cleaner.*, cleaner.passes.*.
    """
    import importlib
    import pkgutil

    import cleaner.corpus
    import cleaner.passes
    pkg = sys.modules["cleaner"]
    from cleaner.pipeline import Cleaner
    from cleaner.rules import PACKAGE_RULES

    found: Dict[str, re.Pattern] = {}
    for path in sorted(PACKAGE_RULES.rglob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith("re:"):
                found[f"rules/{path.relative_to(PACKAGE_RULES)}:{number}"] = re.compile(line.strip()[3:].strip())
    seen = {id(p) for p in found.values()}

    def walk(obj, name: str, depth: int) -> None:
        if isinstance(obj, re.Pattern):
            if id(obj) not in seen:
                seen.add(id(obj))
                found[name] = obj
            return
        if depth > 6 or isinstance(obj, (str, bytes, int, float, bool, type(None), Path, type(sys), type)):
            return
        if isinstance(obj, dict):
            for key, value in obj.items():
                walk(value, f"{name}[{key}]", depth + 1)
        elif isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a NamedTuple: by field name, not position
            for key, value in zip(obj._fields, obj):
                walk(value, f"{name}.{key}", depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for i, value in enumerate(obj):
                walk(value, f"{name}[{i}]", depth + 1)
        elif hasattr(obj, "__dict__") or hasattr(obj, "__dataclass_fields__") or hasattr(obj, "_fields"):
            attrs = getattr(obj, "__dict__", None) or {f: getattr(obj, f) for f in
                                                        getattr(obj, "__dataclass_fields__", getattr(obj, "_fields", ()))}
            for key, value in attrs.items():
                if not callable(value) or isinstance(value, re.Pattern):
                    walk(value, f"{name}.{key}", depth + 1)

    instance = instance or Cleaner()
    walk(instance.rules, "RuleSet", 0)
    walk(instance._dom_rules, "DomRules", 0)
    walk(instance._meta_rules, "MetaRules", 0)  # the page metadata's patterns, from datelines.txt and metadata.txt
    for pass_name, _, prepared in instance._passes:
        walk(prepared, f"pass:{pass_name}", 0)
    import cleaner.meta
    modules = ["cleaner.inputs", "cleaner.rules", "cleaner.ruleschema", "cleaner.rulefile", "cleaner.compiledrules",
               "cleaner.document"]
    modules += [f"cleaner.html.{m}" for m in HTML_MODULES]
    modules += [f"cleaner.meta.{m.name}" for m in pkgutil.iter_modules(pkg.meta.__path__)]
    modules += [f"cleaner.passes.{m.name}" for m in pkgutil.iter_modules(pkg.passes.__path__)]
    modules += [f"cleaner.corpus.{m.name}" for m in pkgutil.iter_modules(pkg.corpus.__path__) if m.name != "ray_engine"]
    for module_name in modules:
        module = importlib.import_module(module_name)
        for attr, value in sorted(vars(module).items()):
            walk(value, f"{module_name.replace('cleaner.', '')}.{attr}", 4)
        for line, literal, flags in _inline_patterns(Path(module.__file__)):
            walk(re.compile(literal, flags), f"{module_name.replace('cleaner.', '')}:{line}", 4)
    return found


def _inline_patterns(path: Path) -> Iterator[Tuple[int, str, int]]:
    """Literal patterns passed straight to re.sub/search/... in a module's code."""
    import ast

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in ("compile", "sub", "subn", "search", "match", "fullmatch", "findall",
                                       "finditer", "split")
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            flags = 0
            for arg in list(node.args[1:]) + [k.value for k in node.keywords if k.arg == "flags"]:
                if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "re":
                    flags |= getattr(re, arg.attr, 0)
            yield node.lineno, node.args[0].value, flags


def family(name: str) -> str:
    """Group pattern names for the bench: the rule file, or the module."""
    if name.startswith("rules/"):
        return name.split(":")[0]
    return re.split(r"[.\[]", name, maxsplit=1)[0] if not name.startswith(("passes.", "corpus.")) else \
        ".".join(name.split(".")[:2])


def _time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
        if best > BUDGET:
            break  # slow is slow: no need for the best of three
    return best


#: How the cleaner applies each pattern (by name prefix), and the longest text it
#: ever gives it (None: unbounded). Phrase patterns see ``phrase_key(line)`` of
#: lines of at most 300 characters (promos.py; comments.py 240, related.py 80,
#: html/prune.py triggers 60), comment headers 120; class patterns see one class/id token; datelines the
#: first 160 characters; caption credits captions of at most 400.
USAGE: Tuple[Tuple[str, str, Optional[int]], ...] = (
    ("rules/boilerplate/", "phrase", 300),
    ("RuleSet.boilerplate", "phrase", 300),
    ("DomRules.triggers", "phrase", 300),
    ("rules/dom.txt", "token", None),
    ("DomRules.class_patterns", "token", None),
    ("DomRules.figure_keep", "match", None),
    ("DomRules.credits.ending", "search", 400),
    ("DomRules.credits.bare", "fullmatch", 400),
    ("DomRules.credits.caption_label", "fullmatch", 400),
    ("pass:dateline", "match", 160),
    ("pass:comment-form.author", "fullmatch", 120),  # comments.py: a header's folded name and verb
    ("RuleSet.related_inline_re", "fullmatch", None),
    ("meta.titlerules._DOMAIN", "fullmatch", None),  # on one part of a page title
    ("meta.authors._VISIBLE_BYLINE", "match", 120),  # on a block's text of 120 characters at most
    ("meta.authors._HOST", "match", None),           # on one name
    ("meta.days._ISO_DAY", "match", None),          # on a datetime attribute
    ("meta.days._YEAR_FIRST", "match", None),       # on a datetime attribute
    ("meta.showndates._SEPARATOR", "match", None),   # right after a date in its block
)
CAP_BUDGET = 0.02  # seconds: the most one capped line may cost


def usage(name: str) -> Tuple[str, Optional[int]]:
    """(mode, cap in characters or None) of a pattern, by its name."""
    for prefix, mode, cap in USAGE:
        if name.startswith(prefix):
            return mode, cap
    return "search", None


def prepare_input(mode: str, text: str) -> str:
    """The text as the cleaner hands it to a pattern of this mode."""
    from cleaner.rules import phrase_key

    if mode == "phrase":
        return phrase_key(text)
    if mode == "token":
        return max(re.split(r"[-_\s]+", text.lower()), key=len)
    return text


def pattern_cost(pattern: re.Pattern, text: str, repeat: int = 3, mode: str = "search") -> float:
    """Best-of-``repeat`` seconds of what the cleaner does with the pattern on ``text``."""
    text = prepare_input(mode, text)
    if isinstance(pattern.pattern, bytes):
        text = text.encode("utf-8", "surrogatepass")
    if mode == "search":
        def work():
            for _ in pattern.finditer(text):
                pass
            pattern.fullmatch(text)
    elif mode == "match":
        def work():
            pattern.match(text)
    else:
        def work():
            pattern.fullmatch(text)
    return _time(work, repeat)


SIZES = (2_000, 8_000, 32_000)
BUDGET = 0.5  # seconds: a timing over this is proof enough; bigger sizes are not tried


def growth(pattern: re.Pattern, mode: str = "search", sizes: Sequence[int] = SIZES,
           limit: int = 24) -> Tuple[List[float], str]:
    """Per size, the best-of-3 time (s) of the attack that grows fastest; and that attack's start.

    Every attack is timed once at the smallest size; the three slowest are
    then timed at growing sizes (until one takes over BUDGET), and the one
    with the steepest growth is reported. Missing sizes are left out.
    """
    screen = [(pattern_cost(pattern, text, 1, mode), i)
              for i, text in enumerate(attack_strings(pattern, sizes[0], limit))]
    worst: Tuple[float, List[float], str] = (-1.0, [], "")
    for _, i in sorted(screen, reverse=True)[:3]:
        times: List[float] = []
        for size in sizes:
            times.append(pattern_cost(pattern, attack_strings(pattern, size, limit)[i], 3, mode))
            if times[-1] > BUDGET or not is_linear(times, sizes):
                break  # proof enough: bigger sizes would only take long
        steep = times[-1] / max(times[-2], 1e-6) if len(times) > 1 and times[-1] >= FLOOR else 0.0
        if steep > worst[0]:
            worst = (steep, times, attack_strings(pattern, sizes[0], limit)[i][:60])
    return worst[1], worst[2]


FLOOR = 0.004  # seconds: below this at the biggest size, a timing is noise


def is_linear(times: Sequence[float], sizes: Sequence[int] = SIZES, floor: float = FLOOR,
              factor: float = 2.5) -> bool:
    """Near-linear: from the 2nd to the last size, time grows at most ``factor`` times the size ratio.

    Times under ``floor`` seconds at the biggest size are noise and pass.
    """
    if len(times) < 2 or times[-1] < floor:
        return True
    n = len(times)
    ratio = times[-1] / max(times[-2], 1e-6)
    return ratio <= factor * sizes[n - 1] / sizes[n - 2]


def capped_cost(pattern: re.Pattern, mode: str, cap: int, limit: int = 24) -> float:
    """Worst best-of-3 seconds over the attack strings cut to the cap: the most one line can cost."""
    return max(pattern_cost(pattern, text[:cap], 3, mode) for text in attack_strings(pattern, cap, limit))


# --- markup that reads differently to a naive scanner and to libxml2 ------------------------------------------

#: Pieces that change how the markup after them is read: comments (also <!--> and <!--->), raw text elements,
#: the script's escaped states, bogus comments, stray quotes, "=", "<" and ">".
TOKENIZER_PIECES = (
    "<!--", "-->", "<!-->", "<!--->", "--!>", "<script>", "</script>", "</script >", "<style>", "</style>",
    "<title>", "</title>", "<textarea>", "</textarea>", "<!doctype html>", "<?xml x?>", "<![CDATA[", "]]>", "'",
    '"', "=", "<", ">", "</", "</ >", "text ", '<p a="', "<b c='", "<i>", "<!--<script>", "</SCRIPT>",
    "<noscript>", "<svg>", "<xmp>", "</xmp>", "<iframe>", "</iframe>", "\n",
)


def tag_near_bound(rng, limit: int, serial) -> str:
    """A start or end tag of about ``limit`` distinct attributes, written every way HTML5 allows:
    names that start with "<", a quote or "=", values quoting ">", no space after a quoted value."""
    out = ["<", rng.choice(["p", "div", "script", "style", "title", "textarea", "/p", "plaintext", "noscript", "P"])]
    for _ in range(rng.choice([limit - 1, limit, limit + 1, limit + 44])):
        if not out[-1].endswith(("'", '"')) or rng.random() < 0.5:
            out.append(rng.choice([" ", "/", "\n", "  ", " / "]))
        out.append(rng.choice(["a", "<a", "'a", '"a', "=a", 'a"', "x-"]) + str(next(serial))
                   + rng.choice(["", "=x", "='>'", '=">"', '="<a b c"', "= '>' ", "=<", "=a>b"]))
    out.append(rng.choice([">", "/>", " >", ""]))
    return "".join(out)


def most_attributes(html: str) -> int:
    """The most attributes libxml2 gives one element of ``html`` (its tokenizer, no tree: fast)."""
    import lxml.etree

    class Count:
        most = 0

        def start(self, tag, attrib):
            self.most = max(self.most, len(attrib))

        def end(self, tag):
            pass

        def data(self, data):
            pass

        def close(self):
            return self.most

    parser = lxml.etree.HTMLParser(target=Count(), encoding="utf-8")
    return lxml.etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)


# --- hostile rule directories ---------------------------------------------------------------------------------

def _fifo_rule_dir(root: Path) -> None:
    import os

    (root / "boilerplate").mkdir(parents=True)
    os.mkfifo(root / "boilerplate" / "pipe.txt")  # reading it waits for a writer that never comes


def _device_rule_dir(root: Path) -> None:
    (root / "boilerplate").mkdir(parents=True)
    (root / "boilerplate" / "zero.txt").symlink_to("/dev/zero")  # reading it never ends


def _catastrophic_rule_dir(root: Path) -> None:
    (root / "boilerplate").mkdir(parents=True)
    (root / "boilerplate" / "slow.txt").write_text("[promo]\nre: (?:\\w+\\s?)+ today\n", encoding="utf-8")


#: (name, lays out a rule directory, text the RuleError must hold)
RULE_DIRS: Tuple[Tuple[str, Callable[[Path], None], str], ...] = (
    ("fifo-rule-file", _fifo_rule_dir, "pipe.txt: not a regular file"),
    ("device-rule-file", _device_rule_dir, "zero.txt: not a regular file"),
    ("catastrophic-user-regex", _catastrophic_rule_dir, "slow.txt:2: pattern"),
)
