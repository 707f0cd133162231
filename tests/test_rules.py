"""Rule data loads, validates, and fails loudly naming file and line."""
from __future__ import annotations

import pytest

from cleaner import Cleaner, Config, RuleError, clean
from cleaner.rules import load_rules, phrase_key


def write(tmp_path, rel, text):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_rules_load_for_all_languages():
    rules = load_rules()
    names = {s.rsplit("/", 1)[-1] for s in rules.sources}
    assert {"en.txt", "credits.txt", "datelines.txt"} <= names
    assert "en" in rules.spelling


@pytest.mark.parametrize("body, message", [
    ("[promo]\nre: (unclosed\n", "bad.txt:2: bad regular expression"),
    ("[no-such-section]\nx\n", "bad.txt:1: unknown section"),
    ("orphan line\n", "bad.txt:1: entry before any [section]"),
    ("[promo]\nre:\n", "bad.txt:2: empty regular expression"),
])
def test_broken_boilerplate_rule_names_file_and_line(tmp_path, body, message):
    write(tmp_path, "boilerplate/bad.txt", body)
    with pytest.raises(RuleError, match=message.replace("[", r"\[")):
        load_rules([tmp_path])


def test_broken_spelling_pair_names_file_and_line(tmp_path):
    write(tmp_path, "spelling/en.txt", "[variants]\nKiev -> Kyiv\n")
    with pytest.raises(RuleError, match=r"en.txt:2: expected 'left = right'"):
        load_rules([tmp_path])


def test_missing_rule_directory_is_an_error(tmp_path):
    with pytest.raises(RuleError, match="does not exist"):
        Cleaner(Config(rule_dirs=(tmp_path / "nope",)))


def test_user_rule_directory_extends_the_packaged_rules(tmp_path):
    text = "Headline of the story\n\nThe story itself is told in this sentence here.\n\nBuy our mugs today\n"
    assert "Buy our mugs today" in clean(text).text
    write(tmp_path, "boilerplate/shop.txt", "[promo]\nbuy our mugs today\n")
    article = Cleaner(Config(rule_dirs=(tmp_path,))).clean(text)
    assert "Buy our mugs" not in article.text
    assert article.removed[-1].rule == "promo" and "shop.txt:2" in article.removed[-1].reason


def test_user_spelling_table_for_another_language(tmp_path):
    write(tmp_path, "spelling/de.txt", "[variants]\nKiew = Kyjiw\n")
    text = ("Die Lage in Kiew bleibt nach Angaben der Behörden auch am Dienstag angespannt, "
            "sagte ein Sprecher der Stadtverwaltung am Morgen.")
    assert "Kiew" in clean(text).text
    article = Cleaner(Config(rule_dirs=(tmp_path,))).clean(text)
    assert article.metadata["language"] == "de" and "Kyjiw" in article.text


def test_phrase_key_folds_case_space_apostrophes_and_edges():
    assert phrase_key("  DON’T   MISS: ") == "don't miss"
    assert phrase_key("»Read more«") == "read more"


def test_dom_rules_are_loaded_and_listed_with_the_others(tmp_path):
    rules = load_rules()
    assert any(s.endswith("dom.txt") for s in rules.sources) and rules.dom["promo.class"]
    write(tmp_path, "dom.txt", "[promo.class]\nbuy-mugs-box\n")
    extended = load_rules([tmp_path])
    assert "buy-mugs-box" in {e.value for e in extended.dom["promo.class"]}
