"""Rule data loads, validates, and fails loudly naming file and line."""
from __future__ import annotations

import re

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


@pytest.mark.parametrize("line, message", [
    ("Brumaire", "expected 'left = right'"),
    ("Brumaire = 13", "a month's number is 1 to 12"),
])
def test_month_names_carry_their_number(tmp_path, line, message):
    write(tmp_path, "datelines.txt", f"[months]\n{line}\n")
    with pytest.raises(RuleError, match=f"datelines.txt:2: {message}"):
        load_rules([tmp_path])


@pytest.mark.parametrize("line", ["xy = +1.5", "xy = UTC+1", "xy = 15"])
def test_a_domains_utc_offset_is_whole_hours(tmp_path, line):
    write(tmp_path, "metadata.txt", f"[date.utc-offsets]\n{line}\n")
    with pytest.raises(RuleError, match="metadata.txt:2: an offset from UTC is whole hours"):
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


def _phrase_rules(obj, found):
    from cleaner.rules import PhraseRule

    if isinstance(obj, PhraseRule):
        found.append(obj)
    elif isinstance(obj, dict):
        for value in obj.values():
            _phrase_rules(value, found)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            _phrase_rules(getattr(obj, name), found)
    return found


def test_indexed_phrase_patterns_give_the_plain_alternations_answers():
    """Filing patterns by first character and gating them on literals saves
    time only: on every fixture line, the answer is that of all patterns."""
    import re

    from fixtures_lib import load_cases

    rules = _phrase_rules(load_rules(), [])
    assert sum(1 for r in rules if r.gate is not None) >= 1 and sum(1 for r in rules if r.by_first) >= 1
    # every rule with patterns files them somewhere: by first character, gated on a literal, or
    # tried anywhere (a rule whose patterns all hold a literal, "\d+ comments? on ...", is all gated)
    assert all(r.by_first or r.gate is not None or r.anywhere is not None or r.digit_first is not None
               for r in rules if r.sources)
    keys = {phrase_key(line) for case in load_cases() for line in case.source.splitlines()} - {""}
    keys |= {"we may earn a commission when you buy through links on our site.", "share tweet email",
             "wir erhalten eine provision, wenn sie über diese links kaufen.", "9 comments", "é",
             # digits of other scripts are re's \\d too; a superscript is no \\d (nor isdecimal)
             "٣ comments", "١٢ comments on the flood", "१२ comments", "² comments", "12 thoughts on the flood"}
    hits = 0
    for rule in rules:
        if not rule.sources:
            continue
        plain = re.compile("|".join(f"(?:{p.pattern})" for p, _ in rule.sources))
        for key in keys:
            expected = plain.fullmatch(key) is not None
            assert rule.matches_pattern(key) == expected, key
            hits += expected
    assert hits >= 10


def test_patterns_that_open_with_a_digit_are_tried_on_lines_that_do_and_those_with_a_literal_are_gated():
    from cleaner.compiledrules import PhraseRule
    from cleaner.regexindex import opens_with_digit as opens
    from cleaner.ruleschema import Entry

    assert opens(r"\d{1,6} comments?") and opens(r"(?:\d+ (?:replies|comments)|\d\d thoughts) on .*")
    assert not any(map(opens, [r"(?:\d{1,6} )?comments", r"(?:\d|one) comment", r"[^\d]\d", r"\w+", r"(?=\d)\d+",
                               r"\d*x", "("]))
    rule = PhraseRule.build([Entry(r"\d{1,6} comments?", "t", is_regex=True),
                             Entry(r"[\w-]+ ok", "t", is_regex=True),
                             Entry(r"(?:[\w-]+ ){0,3}newsletter (?:signup|here)", "t", is_regex=True)], "t")
    # a pattern that may start anywhere but needs a literal waits behind the gate ("newsletter ")
    assert rule.digit_first is not None and rule.anywhere.pattern == r"(?:[\w-]+ ok)"
    assert rule.gate.search("our newsletter here") and not rule.gate.search("our news here")
    assert [rule.matches_pattern(k) for k in ("12 comments", "٣ comments", "² comments", "x12 comments",
                                              "sign-up ok", "our weekly newsletter here", "newsletter signup",
                                              "one two three four newsletter here")] == [
        True, True, False, False, True, True, True, False]


def test_gate_literals_and_first_characters_are_sound():
    from cleaner.rules import first_chars, required_literals

    assert required_literals(r".{0,120}\bwe may (?:earn|receive) a commission\b.{0,80}") == {" a commission"}
    assert required_literals(r".{0,40}(?:foo|ab)") is None          # "ab" is too short to gate on
    assert required_literals(r"(?i:.{0,40}subscribe now)") is None   # case-insensitive: not looked into
    assert first_chars(r"(?:please )?share") == {"p", "s"}
    assert first_chars(r"\b[a-c]x") == {"a", "b", "c"}
    assert first_chars(r"(?:a?)b") is None or first_chars(r"(?:a?)b") >= {"a", "b"}
    assert first_chars(r"\w+ comments") is None and first_chars(r"a*") is None


# --- hostile rule directories ----------------------------------------------------------------------------

def test_a_fifo_rule_file_is_refused_not_waited_on(tmp_path):
    """Reading a FIFO blocks until something writes to it: Cleaner() hung. The CLI, as a
    user runs it, now exits 3 naming the file (a subprocess, so a hang fails the test)."""
    import os
    import subprocess
    import sys

    (tmp_path / "boilerplate").mkdir()
    os.mkfifo(tmp_path / "boilerplate" / "pipe.txt")
    done = subprocess.run([sys.executable, "-m", "cleaner", "rules", "--rules", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "pipe.txt" in done.stderr and "not a regular file" in done.stderr


@pytest.mark.parametrize("make", ["folder", "device"])
def test_other_files_that_are_not_rule_files_are_refused(tmp_path, make):
    target = tmp_path / "boilerplate" / "odd.txt"
    target.parent.mkdir()
    if make == "folder":
        target.mkdir()
    else:
        target.symlink_to("/dev/zero")  # reading it never ends
    with pytest.raises(RuleError, match=r"odd\.txt: not a regular file"):
        load_rules([tmp_path])


@pytest.mark.parametrize("rel, body, line", [
    ("boilerplate/slow.txt", "[promo]\nbuy our mugs\nre: (?:\\w+\\s?)+ today\n", 3),  # exponential on a line
    ("boilerplate/slow.txt", "[promo]\nre: (?:a|aa)+!\n", 2),
    ("spelling/en.txt", "[exceptions]\nre: (?:kiev\\w* ?)+x\n", 2),               # searched in whole texts
    ("spelling/en.txt", "[doubled]\nthe = (?:a+)+b\n", 2),                             # a context pattern
])
def test_a_catastrophic_user_pattern_is_refused_at_load(tmp_path, rel, body, line):
    """Such a pattern was accepted and hung clean() on a hostile line; it is timed on
    attack strings at load (time-boxed) and refused, naming file and line."""
    import time

    write(tmp_path, rel, body)
    start = time.perf_counter()
    with pytest.raises(RuleError, match=rf"{rel.split('/')[-1]}:{line}: pattern .* backtracks"):
        Cleaner(Config(rule_dirs=(tmp_path,)))
    assert time.perf_counter() - start < 10


def test_ordinary_user_patterns_pass_the_load_check(tmp_path):
    write(tmp_path, "boilerplate/shop.txt", "[promo]\nre: buy (?:our|the) mugs(?: today)?\nre: .{0,80}\\bmugs? shop\n"
                                             "re: (?:share|tweet)(?: this)?\n")
    write(tmp_path, "spelling/en.txt", "[exceptions]\nre: chicken kiev\\w*\n")
    Cleaner(Config(rule_dirs=(tmp_path,)))


def test_a_group_name_clash_is_reported_at_the_users_line(tmp_path):
    """Each pattern compiles alone; their union does not. The error named the first
    packaged pattern of the group; it names the user's line that clashes."""
    write(tmp_path, "boilerplate/clash.txt", "[promo]\nre: (?P<x>mugs) for sale\nbuy mugs\nre: (?P<x>mats) for sale\n")
    with pytest.raises(RuleError, match=r"clash\.txt:4: patterns of 'promo' do not combine"):
        load_rules([tmp_path])


def test_one_alternation_helper_keeps_a_groups_patterns_and_escapes_its_words():
    import re

    from cleaner.rules import Entry, alternation

    words = [Entry("a.b", "x:1"), Entry("Reuters", "x:2"), Entry("AP", "x:3")]
    assert re.fullmatch(alternation(words, "g"), "a.b") and not re.fullmatch(alternation(words, "g"), "axb")
    mixed = words + [Entry(r"(?:dpa|afp)-\d+", "x:4", is_regex=True)]
    pattern = re.compile(alternation(mixed, "g"))
    assert pattern.fullmatch("dpa-12") and pattern.fullmatch("a.b") and not pattern.fullmatch("axb")
    assert pattern.match("Reuters/AP").group() == "Reuters"
    with pytest.raises(RuleError, match="rule group 'g' is empty"):
        alternation([], "g")


def test_a_related_prefix_group_takes_a_users_pattern(tmp_path):
    from cleaner.rules import load_rules

    (tmp_path / "boilerplate").mkdir()
    (tmp_path / "boilerplate" / "xx.txt").write_text("[related-links.inline]\nre: zum thema \\d+\n", encoding="utf-8")
    inline = load_rules([tmp_path]).related_inline_re
    assert inline.match("Zum Thema 3: Neue Tramlinie eröffnet").group("rest") == "Neue Tramlinie eröffnet"
    assert inline.match("Zum Thema \\d+: x") is None  # a pattern, not the words of one


def test_the_packaged_rule_files_say_nothing_twice():
    """One block per section, and no two entries of a phrase section that fold alike."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_rules()


@pytest.mark.parametrize("text, message", [
    ("[promo]\nsign up today\n[promo.label]\nprint\n[promo]\njoin us\n",
     r"xx.txt:5: section \[promo\] opened again \(first at line 1\): one block per section"),
    ("[comment-form.field]\nname\nname*\n",
     r"xx.txt:3: 'name\*' folds to the same phrase as 'name' \(line 2\) in \[comment-form.field\]"),
])
def test_a_rule_file_that_says_something_twice_loads_with_a_warning(tmp_path, text, message):
    from cleaner.errors import RuleWarning

    (tmp_path / "boilerplate").mkdir()
    (tmp_path / "boilerplate" / "xx.txt").write_text(text, encoding="utf-8")
    with pytest.warns(RuleWarning, match=message):
        rules = load_rules([tmp_path])
    assert rules.boilerplate["promo"].match("join us") or rules.boilerplate["comment-form.field"].match("name")


def test_a_named_word_list_expands_into_the_patterns_of_its_file(tmp_path):
    from cleaner.rulefile import parse_rule_file
    from cleaner.ruleschema import BOILERPLATE_SECTIONS

    path = write(tmp_path, "boilerplate/xx.txt", "[lists]\nsocial = zorbnet | blip.tv | blip\n[promo]\n"
                 "re: follow us on {social}(?:(?:,| and) {social}){0,3}\nre: a \\{social} brace\n"
                 "a {social} phrase stays as written\n")
    sections = parse_rule_file(path, BOILERPLATE_SECTIONS)
    pattern, braced, phrase = sections["promo"]
    assert "lists" not in sections and pattern.source.endswith("xx.txt:4")
    assert pattern.value == r"follow us on (?:blip(?:\.tv)?|zorbnet)(?:(?:,| and) (?:blip(?:\.tv)?|zorbnet)){0,3}"
    assert re.fullmatch(pattern.value, "follow us on zorbnet and blip.tv")
    assert not re.fullmatch(pattern.value, "follow us on bliptv")  # the words are escaped: "." is a dot
    assert braced.value == r"a \{social} brace" and phrase.value == "a {social} phrase stays as written"


@pytest.mark.parametrize("body, message", [
    ("[promo]\nre: follow us on {social}\n", r"xx.txt:2: unknown list \{social\}"),
    ("[lists]\nsocial = zorbnet\n[promo]\nre: follow us on {socials}\n", r"xx.txt:4: unknown list \{socials\}"),
    ("[promo]\nre: follow us on {social}\n[lists]\nsocial = zorbnet\n",
     r"xx.txt:2: list \{social\} used before its definition at line 4"),
    ("[lists]\nsocial =\n", r"xx.txt:2: list 'social' is empty"),
    ("[lists]\nsocial = zorbnet | | blip\n", r"xx.txt:2: list 'social' is empty or has an empty word"),
    ("[lists]\nsocial = zorbnet\nsocial = blip\n", r"xx.txt:3: list 'social' defined twice \(first at line 2\)"),
    ("[lists]\nsocial = zorbnet | blip | zorbnet\n", r"xx.txt:2: 'zorbnet' is twice in list 'social'"),
    ("[lists]\nSocial Networks = zorbnet\n", r"xx.txt:2: expected 'name = word \| word'"),
    ("[lists]\nzorbnet | blip\n", r"xx.txt:2: expected 'name = word \| word'"),
])
def test_a_broken_word_list_names_file_and_line(tmp_path, body, message):
    write(tmp_path, "boilerplate/xx.txt", body)
    with pytest.raises(RuleError, match=message):
        load_rules([tmp_path])


def test_a_word_list_belongs_to_the_file_that_defines_it(tmp_path):
    write(tmp_path, "boilerplate/aa.txt", "[lists]\nsocial = zorbnet\n[promo]\nre: follow us on {social}\n")
    write(tmp_path, "boilerplate/bb.txt", "[promo]\nre: like us on {social}\n")
    with pytest.raises(RuleError, match=r"bb.txt:2: unknown list \{social\}"):
        load_rules([tmp_path])


def test_a_user_rule_folder_can_use_word_lists(tmp_path):
    text = ("Headline of the story\n\nThe story itself is told in this sentence here.\n\n"
            "Find us on Zorbnet and Blipgram\n")
    assert "Find us on Zorbnet" in clean(text).text
    write(tmp_path, "boilerplate/shop.txt", "[lists]\nnetworks = zorbnet | blipgram\n[promo]\n"
          "re: find us on {networks}(?: and {networks})?\n")
    write(tmp_path, "dom.txt", "[lists]\nboxes = zorb | blip\n[promo.class]\nre: {boxes}-share\n")
    article = Cleaner(Config(rule_dirs=(tmp_path,))).clean(text)
    assert "Zorbnet" not in article.text and "shop.txt:4" in article.removed[-1].reason
    assert [e.value for e in load_rules([tmp_path]).dom["promo.class"] if e.source.endswith("dom.txt:4")] == \
        ["(?:blip|zorb)-share"]


def test_the_packaged_share_rows_and_social_prompts_still_match():
    promo = load_rules().boilerplate["promo"]
    for line in ("share | facebook | twitter | comments", "follow us on instagram, telegram and x",
                 "teilen | e-mail | xing | kommentare", "síguenos en google noticias y linkedin",
                 "follow jane doe on mastodon and bluesky"):
        assert promo.match(phrase_key(line)), line
    assert not promo.match("share | facebook | twitter | comments?")
