"""The public API: clean(), Cleaner, Article, inputs of every type."""
from __future__ import annotations

import codecs
import json
import os

import pytest

import cleaner
from cleaner import Article, Cleaner, Config, ConfigError, InputError, Removal, clean

TEXT = ("Floods close roads in the north\n\nHeavy rain closed dozens of roads across the region on "
        "Sunday, the transport ministry said, and more storms are expected.\n\nAdvertisement\n\n"
        "Crews worked through the night to clear debris from the main highway.")


def test_article_shape_and_json_record():
    article = clean(TEXT)
    assert isinstance(article, Article)
    record = json.loads(json.dumps(article.to_dict()))
    assert record["text"] == article.text
    for key in ("title", "language", "language_confidence", "dateline", "image_credits", "normalized",
                "removed_counts", "word_count", "char_count", "content_sha1"):
        assert key in record["metadata"]
    assert record["metadata"]["removed_counts"] == {"title": 1, "promo": 1}
    assert article.removed[1] == Removal("promo", "Advertisement", article.removed[1].reason,
                                         position=article.removed[1].position)
    assert article.metadata["word_count"] == len(article.text.split())


def test_removals_in_document_order():
    positions = [r.position for r in clean(TEXT).removed]
    assert positions == sorted(positions)


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    lambda t: t.encode("utf-16-le"),
    lambda t: t.encode("cp1252"),
])
def test_bytes_in_any_common_encoding(encode):
    text = TEXT.replace("north", "north – café")
    assert clean(encode(text)).text == clean(text).text


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7 \x00\x01", "PDF"), (b"\x89PNG\r\n\x1a\n\x00", "PNG"), (b"\x1f\x8b\x08\x00", "gzip"),
    (b"\x00\x01\x02\x03" * 100, "NUL"),
])
def test_binary_input_is_refused_clearly(data, what):
    with pytest.raises(InputError, match=what):
        clean(data)


@pytest.mark.parametrize("data", [
    os.urandom(20_000), os.urandom(2_000), bytes(range(256)) * 40,
    bytes(range(256)).decode("latin-1") * 40,  # the same as a str (a JSONL text field)
    "\ufffd" * 500 + "Hello", "".join(chr(0xE0000 - 3000 + i) for i in range(2000)),  # unassigned code points
])
def test_random_bytes_and_no_characters_are_binary(data):
    with pytest.raises(InputError, match="^binary input"):
        clean(data)


SCRIPTS = {  # a paragraph in each, three times: an article in any script is text
    "cjk": "市议会周一批准了新的预算。官员表示，河上的桥梁将于下周重新开放。",
    "japanese": "市議会は月曜日に新しい予算を承認した。橋は来週再開される。",
    "korean": "시의회는 월요일에 새 예산을 승인했다. 다리는 다음 주에 다시 열린다.",
    "arabic": "قال المجلس إن الجسر سيعاد فتحه الأسبوع المقبل بعد أعمال الصيانة.",
    "cyrillic": "Городской совет в понедельник утвердил новый бюджет. Мост откроют на следующей неделе.",
    "devanagari": "नगर परिषद ने सोमवार को नए बजट को मंजूरी दी। पुल अगले सप्ताह फिर से खुलेगा।",
    "thai": "สภาเมืองอนุมัติงบประมาณใหม่เมื่อวันจันทร์ สะพานจะเปิดอีกครั้งในสัปดาห์หน้า",
    "emoji": "🎉🎉 Big win tonight 🏆🔥🔥 thank you all 🙏❤️😀😀 see you next week 👋🌍🚀✨🫶🏽",
}
LEGACY = {"cjk": "gb18030", "japanese": "shift_jis", "korean": "euc-kr", "arabic": "cp1256", "cyrillic": "cp1251",
          "thai": "cp874"}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_text_in_any_script_is_not_binary(script):
    """As str, as UTF-8 and UTF-16, and in its legacy encoding without a declared charset
    (decoded as Windows-1252 or Latin-1: mojibake, full of C1 controls, but text)."""
    text = "\n\n".join([SCRIPTS[script] * 3] * 3)
    sources = [text, text.encode("utf-8"), codecs.BOM_UTF16_LE + text.encode("utf-16-le")]
    if script in LEGACY:
        sources.append(text.encode(LEGACY[script]))
    for source in sources:
        assert clean(source).text.strip()


def test_fixtures_are_not_binary():
    from fixtures_lib import ROOT

    pages = [p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".html", ".htm")]
    assert len(pages) > 100
    refused = []
    for page in pages:
        try:
            clean(page.read_bytes())
        except InputError as exc:
            if str(exc).startswith("binary"):
                refused.append(page.name)
    assert refused == []


@pytest.mark.parametrize("bad", [None, 42, ["text"]])
def test_wrong_type_is_refused(bad):
    with pytest.raises(InputError):
        clean(bad)


def test_bad_kind_and_bad_config():
    with pytest.raises(InputError):
        clean("x", kind="pdf")
    with pytest.raises(ConfigError, match="unknown pass"):
        Config(disabled=frozenset({"nope"}))


def test_size_limit():
    with pytest.raises(InputError, match="over the limit"):
        Cleaner(Config(max_input_bytes=100)).clean("x" * 101)


@pytest.mark.parametrize("text", ["", " \n\t ", "x", "12345", "😀🎉"])
def test_degenerate_text(text):
    article = clean(text)
    assert article.metadata["language"] == "und"
    assert article.text == text.strip()


def test_only_and_without():
    config = Config().only(["promo"])
    assert config.enabled("promo") and not config.enabled("spelling")
    assert not Config().without("title").enabled("title")


def test_html_is_detected_and_extracted():
    html = ("<html><head><title>Floods close roads</title></head><body><article><h1>Floods close roads</h1>"
            "<p>Heavy rain closed dozens of roads across the region on Sunday, the transport ministry said, "
            "and more storms are expected later this week.</p><p>Crews worked through the night to clear "
            "debris from the main highway, officials added in a statement.</p></article></body></html>")
    article = clean(html)
    assert article.metadata["kind"] == "html"
    assert "Crews worked through the night" in article.text and "<p>" not in article.text


def test_version():
    assert cleaner.__version__


def test_warm_up_loads_what_the_first_clean_of_a_kind_would_load():
    """Corpus workers warm their Cleaner up before the first document of each kind, so a
    document's time limit does not pay for langdetect's profiles or trafilatura's import.
    In a fresh interpreter: text loads the profiles only, HTML trafilatura too, and a
    kind already warm is not run again."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from cleaner import Cleaner\n"
        "from cleaner.passes import language\n"
        "state = lambda: ('trafilatura' in sys.modules, language.model_once.cache_info().currsize)\n"
        "c = Cleaner()\n"
        "print(state())\n"
        "assert c.warm_up('text') is c\n"
        "print(state())\n"
        "c.warm_up('html')\n"
        "print(state())\n"
        "calls = []\n"
        "c.clean = lambda *a, **k: calls.append(a)\n"
        "c.warm_up()\n"
        "print(len(calls))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["(False, 0)", "(False, 1)", "(True, 1)", "0"]


def test_clean_text_lists_earlier_removals_first_and_leaves_the_callers_list_alone():
    """The HTML path hands its removals to the text passes; they were appended to in place."""
    from cleaner import Cleaner
    from cleaner.article import Removal

    earlier = [Removal("promo", "Share this", "a share row", stage="dom")]
    text = "The council met on Monday to discuss the budget for next year.\n\nAdvertisement\n"
    article = Cleaner().clean_text(text, {"kind": "text"}, earlier)
    assert earlier == [Removal("promo", "Share this", "a share row", stage="dom")]
    assert article.removed[0] is earlier[0] and [r.text for r in article.removed[1:]] == ["Advertisement"]
