"""Turn raw input into text: refuse binary, decode bytes, tell HTML from text."""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Optional, Tuple

from .errors import InputError

# Magic numbers of formats that are never an article.
_BINARY_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "ELF executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOF", "web font"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# One optional quote between bounded spaces: two unbounded \s* around it backtrack quadratically.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset[ \t\r\n]{0,20}=[ \t\r\n]{0,20}(?:["'][ \t\r\n]{0,20})?"""
                           rb"""([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE)
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|article|br|span|a\s|meta|link|title|style|script|h[1-6]|section|main|table|ul|li)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,500})?/?>")
SNIFF_BYTES = 4096


def sniff_binary(data: bytes) -> Optional[str]:
    """Name the binary format of ``data``, or None if it may be text."""
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            return name
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if head.count(b"\x00") > len(head) // 10 and not _looks_utf16(head):
        return "binary data (NUL bytes)"
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without BOM: every other byte NUL in mostly-ASCII text."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    # one half of the bytes NUL, the other half text: all NULs is not UTF-16
    return (nul_even > 0.8 and nul_odd < 0.2) or (nul_odd > 0.8 and nul_even < 0.2)


def decode(data: bytes) -> Tuple[str, str]:
    """Decode bytes to text; return (text, encoding used). Never a decode crash.

    Order: a byte-order mark; UTF-16 without BOM; valid UTF-8; UTF-8 with a
    few broken sequences; a declared charset that decodes cleanly (Latin-1
    read as Windows-1252, as browsers do); Windows-1252; Latin-1.
    """
    binary = sniff_binary(data)
    if binary:
        raise InputError(f"binary input ({binary}), not an article")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    head = data[:SNIFF_BYTES]
    if head.count(b"\x00") > len(head) // 10 and _looks_utf16(head):
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(head)
    if declared in (None, "utf-8") and _mostly_utf8(data):
        # UTF-8 with a few broken sequences (a truncated or spliced page): keep the rest intact
        return data.decode("utf-8", errors="replace"), "utf-8"
    if declared and declared not in ("utf-8", "utf-16"):
        try:
            return data.decode(declared), declared
        except UnicodeError:
            pass  # a wrong declaration: fall through to the usual suspects
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# Labels that browsers read as another encoding (WHATWG Encoding Standard).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252", "unicode": "utf-16",
                    "utf8": "utf-8", "gb2312": "gb18030", "gbk": "gb18030", "x-sjis": "shift_jis",
                    "tis-620": "cp874", "iso-8859-9": "cp1254", "ks_c_5601-1987": "cp949", "euc-kr": "cp949"}


# Python codecs that are text encodings to Python but no page's charset: they raise on
# any input ("undefined"), read backslash escapes or domain names, or (UTF-7) are a
# known way to smuggle markup past filters that browsers no longer honour.
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "charmap",
                           "utf-7"})


def _declared_charset(head: bytes) -> Optional[str]:
    """The charset a <meta> declares, normalised; None when absent, unknown or no text
    encoding (``rot13``, ``base64``, ``zlib``, ... are codecs of bytes, not charsets).

    >>> _declared_charset(b'<meta charset="ISO-8859-1">')
    'cp1252'
    >>> _declared_charset(b'<meta charset="no-such-thing">') is None
    True
    >>> _declared_charset(b'<meta charset="base64">') is None
    True
    """
    found = _META_CHARSET.search(head)
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    canonical = codec.name.replace("_", "-")
    if not getattr(codec, "_is_text_encoding", True) or canonical in _NOT_CHARSETS:
        return None
    return {"utf-8": "utf-8", "utf-16": "utf-16"}.get(canonical, name)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 whose invalid sequences are rare next to its valid multi-byte characters."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good >= 4 * bad and good > 0


def detect_kind(text: str) -> str:
    """'html' when the text is a page or a piece of markup, else 'text'.

    Markup first (past spaces, comments and an XML declaration) is HTML. So is
    a page with a little junk around it (a server's warning before its
    doctype, a stray line after ``</html>``): a page start in the first
    characters, at most a couple of hundred characters of text before it and
    after the page's end, and no sentence after it. Text that quotes a page
    ("A page: <html>…</html>", then more of the story, if only "That is all.")
    is text: cleaned as HTML it would lose everything but the quote.

    >>> detect_kind("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    'html'
    >>> detect_kind("Prices rose 3% (<5% forecast) in May.")
    'text'
    >>> detect_kind("A page: <html><body><p>Hi</p></body></html> is all a browser needs to show a page.")
    'text'
    """
    head = text[:SNIFF_BYTES]
    if _MARKUP.match(head, _LEADING.match(head).end()):
        return "html"
    start = _PAGE_START.search(head)
    if start is None or len(_visible(head[:start.start()])) > MAX_TEXT_BEFORE_PAGE:
        return "text"
    end = None
    for end in _PAGE_END.finditer(text, start.end()):
        pass
    after = "" if end is None else _visible(text[end.end():])
    if len(after) > MAX_TEXT_AFTER_PAGE or (len(after.split()) >= 2 and after.rstrip("\"')»”’ ").endswith((".", "!", "?"))):
        return "text"  # the page ends and the text goes on (a sentence, however short: "That is all."): a quote
    return "html"


MAX_TEXT_BEFORE_PAGE = 200  # characters a reader would see before a page's start (a server's warning)
MAX_TEXT_AFTER_PAGE = 20    # ... and after its end (a stray word; a quote goes on with a sentence)
# what may come before the first tag of markup: spaces, a BOM, comments, an XML declaration
_LEADING = re.compile(r"(?:[\s\ufeff]|<!--.{0,2000}?-->|<\?xml[^>]{0,500}>)*", re.DOTALL)
_PAGE_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_PAGE_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_UNSEEN = re.compile(r"<!--.*?(?:-->|$)|<(script|style)\b.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE)


def _visible(text: str) -> str:
    """What a reader would see of a stretch of markup: no tags, comments or scripts."""
    if len(text) > SNIFF_BYTES:
        return text.strip()  # too long to be a page's junk either way
    return _TAG.sub("", _UNSEEN.sub("", text)).strip()


# Characters no text is written in: C0 controls but the spaces (tab, newline, vertical tab,
# form feed, carriage return) and ESC (ISO-2022 switches), DEL, NUL. A text encoding never
# yields them from prose; random bytes do, 27 in 256 read as Latin-1.
_CONTROL_CHARS = "\x00-\x08\x0e-\x1a\x1c-\x1f\x7f"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
# ... and what is no character at all: U+FFFD (bytes that could not be decoded), lone
# surrogates (and unassigned code points, counted apart). Not C1 controls: Shift_JIS or
# GBK read as Latin-1 (no charset declared) are full of them, and are text.
_JUNK = re.compile(f"[{_CONTROL_CHARS}\ufffd\ud800-\udfff]")
BINARY_SAMPLE = 16384     # characters judged: the head of the text (random data is random throughout)
MAX_CONTROL_SHARE = 0.05  # random bytes as Latin-1: 10.5% controls; prose: none
MAX_JUNK_SHARE = 0.5      # "mostly" no characters: controls, U+FFFD, surrogates, unassigned


def binary_text(text: str) -> Optional[str]:
    """Why ``text`` is binary data rather than text, or None.

    Binary when over 5% of its characters are control characters no text holds
    (random bytes read as Latin-1 give 10.5%, the pages of the dev sets at most
    1.1%), or when most are no characters at all (controls, U+FFFD, surrogates,
    unassigned code points). Text in any script passes, as does mojibake (UTF-8,
    Shift_JIS or GBK read as Latin-1 hold C1 controls, never C0 ones). Emoji
    blocks' newest code points count as characters: a Python older than the
    emoji would call them unassigned.

    >>> binary_text("Le conseil a voté. 市议会周一批准了新的预算。😀") is None
    True
    >>> binary_text(bytes(range(256)).decode("latin-1") * 4)
    '10.5% control characters'
    >>> binary_text("A story: " + "".join(map(chr, range(32))) + "the council met. " * 40) is None
    True
    >>> binary_text("\ufffd" * 30 + "abc")
    '91% no characters (controls, U+FFFD, surrogates, unassigned)'
    """
    sample = text[:BINARY_SAMPLE]
    if not sample:
        return None
    controls = len(_CONTROL.findall(sample))
    if controls > MAX_CONTROL_SHARE * len(sample):
        return f"{100 * controls / len(sample):.1f}% control characters"
    junk = len(_JUNK.findall(sample))
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if junk + non_ascii > MAX_JUNK_SHARE * len(sample):  # unassigned code points could tip it: count them
        junk += sum(1 for ch in sample if ch > "\x7f" and _unassigned(ch))
    if junk > MAX_JUNK_SHARE * len(sample):
        return f"{100 * junk / len(sample):.0f}% no characters (controls, U+FFFD, surrogates, unassigned)"
    return None


def _unassigned(ch: str) -> bool:
    """A code point Unicode (as this Python knows it) has not assigned; emoji blocks excepted."""
    return unicodedata.category(ch) == "Cn" and not "\U0001f000" <= ch <= "\U0001faff"


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> Tuple[str, int]:
    """(``text`` with each lone surrogate as U+FFFD, how many there were).

    A str may hold lone surrogates (JSON "\\ud800", surrogateescape), which
    UTF-8 cannot encode. The encoder tells first, in C at memory speed (0.15 ms
    on a 137 KB page, where a character-class search took 0.8); most texts have none.

    >>> replace_surrogates("a\\ud800b")
    ('a\ufffdb', 1)
    """
    try:
        text.encode("utf-8")
        return text, 0
    except UnicodeEncodeError:
        return _SURROGATE.subn("\ufffd", text)
