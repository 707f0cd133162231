"""Each pass on its own: what it removes, what it keeps, what it records."""
from __future__ import annotations

import pytest

from cleaner import Cleaner, Config, clean
from cleaner.document import split_lines
from cleaner.passes import captions, dateline, language, page
from cleaner.passes.whitespace import normalize_whitespace
from cleaner.pipeline import default_cleaner

# page-chrome's own tests: the menus it leaves are what they check, so line-score
# (which may take some of them) is off there
page_only = Cleaner(Config(disabled={"line-score"}))
PAGE_RULES = page.prepare(page_only.rules)

BODY = ("The regional council approved the new budget on Tuesday after a debate that lasted "
        "more than six hours, officials said.")


def credit_rules():
    return captions.prepare(default_cleaner().rules)


@pytest.mark.parametrize("line, credit", [
    ("Russian President Vladimir Putin. File photo by Emmanuel Dunand/UPI", "Emmanuel Dunand/UPI"),
    ("Chris McGrath/Getty Images", "Chris McGrath/Getty Images"),
    ("Emmanuel Macron Chris McGrath/Getty Images", "Chris McGrath/Getty Images"),
    ("Rescuers search the rubble in Kyiv on Monday. (AP Photo/Efrem Lukatsky)", "AP Photo/Efrem Lukatsky"),
    ("A destroyed tank near Irpin. REUTERS/Gleb Garanich/File Photo", "REUTERS/Gleb Garanich/File Photo"),
    ("Olaf Scholz im Bundestag. Foto: Michael Kappeler/dpa", "Michael Kappeler/dpa"),
    ("The summit in Brussels. Photo: Getty", "Getty"),
    ("Soldiers at a checkpoint. Photograph: Sergei Supinsky/AFP/Getty Images", "Sergei Supinsky/AFP/Getty Images"),
    ("Image source, Reuters", "Reuters"),
    ("The mayor at the rally. Photos, Jane Doe", "Jane Doe"),
    ("Фото: пресс-служба мэрии", "пресс-служба мэрии"),
    ("Getty Images", "Getty Images"),
    ("Protesters in Paris SAMEER AL-DOUMY/AFP via Getty Images", "SAMEER AL-DOUMY/AFP via Getty Images"),
])
def test_credit_lines_are_recognised(line, credit):
    assert captions.find_credit(line, credit_rules()) == credit


@pytest.mark.parametrize("line", [
    "The photo was distributed by Getty Images.",
    "Getty Images said on Monday it would appeal the ruling in a London court.",
    "He worked for Reuters and the AP for two decades before joining the ministry.",
    "Photo by photo, the exhibition traces the city's history",
    "Why I left Getty Images",
    "Image: a word the designers used for everything",
    "Photo: the mayor said the budget was approved on Monday.",
    # a label word after another word is a noun of a heading or a spec line, not a credit's label
    "Sharper Pictures, Quicker Uploads",
    "8K video, RAW",
    "Album: 12 pages, 30 images, Notebook",
    # a date after the label names no one: a gallery's heading, not a credit
    "Day in pictures: 24 July 2012",
    "Photos: 3. März 2021",
])
def test_prose_mentioning_agencies_is_not_a_credit(line):
    assert captions.find_credit(line, credit_rules()) is None


def test_credit_word_precheck_changes_no_answer():
    """The word precheck before the credit pattern only saves time."""
    from dataclasses import replace

    from fixtures_lib import load_cases

    rules = credit_rules()
    unchecked = replace(rules, words=None)
    assert rules.words and "getty" in rules.words
    lines = [line for case in load_cases() for line in case.source.splitlines() if line.strip()]
    found = 0
    for line in lines + ["Paris. SAMEER AL-DOUMY/AFP via Getty Images", "Foto: dpa-tmn", "x © Maria Wolf"]:
        credit = captions.find_credit(line, rules)
        assert credit == captions.find_credit(line, unchecked), line
        found += credit is not None
    assert found >= 20


def test_alt_text_before_caption_goes_with_it():
    text = f"Title of the piece\n\nEmmanuel Macron\nEmmanuel Macron Chris McGrath/Getty Images\n\n{BODY}"
    article = clean(text)
    assert article.text == BODY
    assert [r.reason.split()[0] for r in article.removed if r.rule == "photo-credit"] == ["alt", "caption"]
    assert article.metadata["image_credits"] == ["Chris McGrath/Getty Images"]


def test_bbc_caption_label_line():
    text = f"Image source, Reuters\nImage caption, Ukrainian soldiers near Bakhmut\n\n{BODY}"
    assert clean(text).text == BODY


@pytest.mark.parametrize("head, expected", [
    ("Feb. 8 (UPI) — French President", {"date": "Feb. 8", "place": None, "agency": "UPI"}),
    ("KYIV, Ukraine (AP) — Russian forces", {"date": None, "place": "KYIV, Ukraine", "agency": "AP"}),
    ("KYIV, Nov 3 (Reuters) - Ukraine said", {"date": "Nov 3", "place": "KYIV", "agency": "Reuters"}),
    ("Berlin (dpa) - Die Bundesregierung", {"date": None, "place": "Berlin", "agency": "dpa"}),
    ("MADRID, 8 Feb. (EUROPA PRESS) - El Gobierno", {"date": "8 Feb.", "place": "MADRID", "agency": "EUROPA PRESS"}),
    ("WASHINGTON — The Senate voted", {"date": None, "place": "WASHINGTON", "agency": None}),
    ("МОСКВА, 8 февраля. /ТАСС/. Президент", {"date": "8 февраля", "place": "МОСКВА", "agency": "ТАСС"}),
    ("(ANSA) - ROMA, 08 FEB - Il governo", {"date": "08 FEB", "place": "ROMA", "agency": "ANSA"}),
])
def test_datelines(head, expected):
    rules = dateline.prepare(default_cleaner().rules)
    assert dateline.parse_dateline(head, rules) == expected


@pytest.mark.parametrize("head", [
    "Meanwhile — the talks went on.",
    "The Senate voted on Tuesday (after a long debate) — and the bill passed.",
    "It was cold.",
])
def test_no_dateline_in_ordinary_openings(head):
    assert dateline.parse_dateline(head, dateline.prepare(default_cleaner().rules)) is None


def spell(text):
    return clean(f"{text} {BODY}", kind="text")


@pytest.mark.parametrize("before, after", [
    ("Officials in Kiev said so.", "Officials in Kyiv said so."),
    ("KIEV's mayor spoke.", "KYIV's mayor spoke."),
    ("A pro-Kiev rally was held.", "A pro-Kyiv rally was held."),
    ("Kiev, Kharkov and Odessa were shelled.", "Kyiv, Kharkiv and Odesa were shelled."),
    ("The restaurant served chicken Kiev to guests.", "The restaurant served chicken Kiev to guests."),
    ("He lives in Odessa, Texas, with his family.", "He lives in Odessa, Texas, with his family."),
    ("See kiev.example.org or #Kiev for details.", "See kiev.example.org or #Kiev for details."),
    ("The Kievan Rus state was large.", "The Kievan Rus state was large."),
    ("It was annexed in in 2014.", "It was annexed in 2014."),
    ("The the report was late.", "The report was late."),
    ("She had had enough of it.", "She had had enough of it."),
    ("He said that that was wrong.", "He said that that was wrong."),
    ("They moved in in May.", "They moved in in May."),
    ("Take vitamin A a day before.", "Take vitamin A a day before."),
])
def test_spelling(before, after):
    assert spell(before).text.startswith(after)


def test_spelling_counts_and_title():
    article = clean(f"Shelling in Kiev\n\nKiev was hit. KIEV residents fled from Kiev's suburbs. {BODY}")
    assert article.metadata["title"] == "Shelling in Kyiv"
    assert article.metadata["normalized"] == [{"from": "Kiev", "to": "Kyiv", "count": 4}]


def test_spelling_is_english_only():
    text = ("Der Bürgermeister von Kiev sagte am Dienstag, die Stadt bleibe trotz der Angriffe "
            "geöffnet und die Versorgung sei gesichert.")
    article = clean(text)
    assert article.metadata["language"] == "de" and "Kiev" in article.text


def test_whitespace_normalization_keeps_quotes_and_dashes():
    text, changes = normalize_whitespace("“Quote” —\u00a0dash\u200b  here \r\n\n\n\nNext\u00a0line ")
    assert text == "“Quote” — dash here\n\nNext line"
    assert {c.before for c in changes} >= {"odd space", "invisible character", "CR line ending"}


def test_whitespace_nfc():
    assert normalize_whitespace("Cafe\u0301")[0] == "Café"


@pytest.mark.parametrize("text", ["", "   ", "1234567890 " * 20, "😀" * 50, "!!!", "a"])
def test_language_undetermined(text):
    assert language.detect(text) == ("und", 0.0)


def test_language_is_deterministic_and_bounded():
    text = BODY * 200
    first = language.detect(text)
    assert first[0] == "en" and all(language.detect(text) == first for _ in range(5))
    assert len(language.sample(text)) <= language.SAMPLE_CHARS


def test_related_block_mid_article_gives_back_the_subheading():
    text = (f"{BODY}\n\nRelated stories\n\nCouncil votes on new budget\n\nStorm hits the coast again\n\n"
            f"What happens next\n\n{BODY}")
    article = clean(text)
    assert "What happens next" in article.text
    assert "Council votes on new budget" not in article.text


def test_a_button_after_each_item_of_a_list_is_no_heading_over_the_next_item():
    # a list of reports, each its title, its publisher and a "Read more" button: the
    # buttons go, the items stay (each button was taken as a related heading, and the next
    # item's title and publisher with it)
    items = [("Night buses in four cities: a review", "Transport Board"),
             ("What riders say about the late routes", "City Institute"),
             ("The cost of running buses after midnight", "Harbour University"),
             ("Safety on the night network", "Transport Board")]
    lines = [line for title, source in items for line in (title, source, "Read more")]
    text = f"{BODY}\n\nThe reports below say more about the night buses.\n" + "\n".join(lines)
    article = clean(text)
    assert all(title in article.text and source in article.text for title, source in items)
    buttons = [r for r in article.removed if r.text == "Read more"]
    assert len(buttons) == 4 and all(r.rule == "related-links" and "button" in r.reason for r in buttons)
    # the same under a related heading: a box of teasers, each with its button, goes as before
    box = clean(f"{BODY}\n\nYou might also like\n" + "\n".join(lines) + f"\n\n{BODY}")
    assert not any(title in box.text for title, _ in items[1:])


def test_a_table_of_contents_goes_and_its_headings_below_stay():
    # the entries stand again below as the story's headings: the copy at the top goes
    # (its words stay, in the headings); a "Contents" line over prose is no table
    heads = ["Why the buses run late", "What the board plans", "When the new routes start"]
    story = "\n\n".join([BODY] + [f"{h}\n\n{BODY}" for h in heads])
    text = story.replace("\n\n", "\n\nTable of contents\n" + "\n".join(heads) + "\n\n", 1)
    article = clean(text, kind="text")
    assert article.text == story
    assert {r.rule for r in article.removed} == {"related-links"} and len(article.removed) == 4
    assert all("table of contents" in r.reason for r in article.removed)
    plain = f"{BODY}\n\nContents\n\nThe box holds two maps and a timetable.\n\n{BODY}"
    assert clean(plain, kind="text").text == plain


def test_a_forms_messages_and_a_cookie_banners_rows_go():
    # what a sign-up form leaves in whole-page text (its hidden success and error
    # messages) and a cookie banner's rows: promo lines wherever they stand
    debris = ["Thank you! Your submission has been received!",
              "Oops! Something went wrong while submitting the form.", "Privacy Overview", "Always Enabled"]
    text = f"{BODY}\n\n" + "\n\n".join(debris) + f"\n\n{BODY}"
    article = clean(text, kind="text")
    assert article.text == f"{BODY}\n\n{BODY}" and {r.rule for r in article.removed} == {"promo"}


def test_lone_trigger_before_prose_is_kept():
    text = f"{BODY}\n\nRecommended\n\n{BODY}"
    assert "Recommended" in clean(text).text


def test_comment_field_labels_only_near_a_form():
    lone = clean(f"{BODY}\n\nName\n\n{BODY}")
    assert "Name" in lone.text.split("\n")
    form = clean(f"{BODY}\n\nLeave a Reply\nName*\nEmail*\nWebsite\nPost Comment")
    assert form.text == BODY


def test_passes_can_be_switched_off():
    text = f"Headline here\n\nOfficials in Kiev spoke. {BODY}\n\nAdvertisement"
    article = Cleaner(Config(disabled=frozenset({"spelling", "promo", "title"}))).clean(text)
    assert "Kiev" in article.text and "Advertisement" in article.text
    assert article.metadata["title"] is None


def test_related_block_ended_by_an_ad_label_loses_all_its_headlines():
    text = (f"{BODY}\n\nRelated stories\n\nCouncil votes on new budget\n\nStorm hits the coast again\n\n"
            f"Advertisement\n\n{BODY}")
    article = clean(text)
    assert article.text == f"{BODY}\n\n{BODY}"


def test_social_network_subheadings_stay_but_share_rows_go():
    howto = f"{BODY}\n\nFacebook\n\n{BODY}\n\nTwitter\n\n{BODY}"
    assert clean(howto).text == howto
    row = f"{BODY}\n\nShare\nFacebook\nTwitter\nEmail\nPrint"
    assert clean(row).text == BODY


def test_comment_count_heading():
    assert clean(f"{BODY}\n\nComments (12)").text == BODY


THREAD_EN = ("Art Edwards says:\nJuly 11, 2011 at 12:25 pm\nSo true. These singles will always have a special place.\n"
             "Reply\nHarry Paterson says:\nJuly 11, 2011 at 2:54 pm\nNow that was great writing.\nNice work, Tim 🙂\n"
             "Reply\nGloria says:\nJuly 30, 2011 at 7:48 pm\nThe Wilson sisters are goddesses.\nReply")


def test_comment_thread_goes_whole():
    article = clean(f"{BODY}\n\n{THREAD_EN}\n\nMUST READ")
    assert article.text == f"{BODY}\n\nMUST READ"
    reasons = {r.reason for r in article.removed}
    assert len(reasons) == 1 and reasons.pop().startswith(
        "comment thread of 3 comments, headers like 'Art Edwards says:' (verb 'says', boilerplate/en.txt:")


FORUM_THREAD = ("Chandice Probst\n14/04/2020 at 3:00 pm\nHas anyone baked this loaf with spelt flour?\nReply\n"
                "Kay\n15/04/2020 at 8:15 am\nYes, twice. Use a little more water.\nReply\n"
                "Marta Ruiz\n2 days ago\nMine came out dense the first time.\nReply")


def test_a_thread_with_no_story_above_it_is_the_pages_content():
    # a forum's thread, the question among its posts: no story stands above it, so the
    # posts are what the page holds, not comments on it
    text = f"Spelt flour in the harbour loaf?\n\n{FORUM_THREAD}"
    article = clean(text, kind="text")
    assert all(line in article.text.splitlines() for line in FORUM_THREAD.splitlines() if line != "Reply")
    assert not [r for r in article.removed if r.rule == "comment-form"]
    # the same thread under a story, or under a comment section's line, is its comments
    assert clean(f"{BODY}\n\n{FORUM_THREAD}", kind="text").text == BODY
    short = "Spelt loaf\n\nBy Ann"
    article = clean(f"{short}\n\n{{ 3 comments… read them below or add one }}\n\n{FORUM_THREAD}", kind="text")
    assert "Has anyone baked" not in article.text and "read them below" not in article.text


@pytest.mark.parametrize("thread", [
    # German, stamps under the headers and like counts, no reply button after the last one
    "Auslandsoesi sagt:\n1. November 2023 um 11:54 Uhr\nUnd wenn ich das sehe, wird mir schlecht.\n1\nAntworten\n"
    "Contra sagt:\n1. November 2023 um 11:34 Uhr\nDas glaubt ihr doch wohl selber nicht.\n6\nAntworten\n"
    "Halloween sagt:\n1. November 2023 um 10:39 Uhr\nNettes Foto mit dem lachenden Kürbis.\n36",
    # French, the stamp on the header line
    "Claire dit : 3 mars 2021 à 10:12\nMerci pour cet article très clair.\nRépondre\n"
    "Paul Martin dit : 3 mars 2021 à 11:40\nJe ne suis pas d'accord avec la conclusion.\nRépondre",
])
def test_comment_threads_in_other_languages(thread):
    assert clean(f"{BODY}\n\n{thread}").text == BODY


@pytest.mark.parametrize("buttons", [
    ("Reply", "Reply", "Reply"),
    # the button's other wordings: "Reply to comment", WordPress's "Reply to <commenter>", "Log in to Reply"
    ("Reply to comment", "Reply to comment", "Reply to comment"),
    ("Reply to Chandice", "Reply to Kay", "Log in to Reply"),
])
def test_comment_thread_without_verbs_goes_whole(buttons):
    """Name, time stamp, comment, reply button: the WordPress layout without "says"."""
    first, second, third = buttons
    thread = (f"Chandice Probst\n14/04/2020 at 3:00 pm\nYum, how delicious! Love the olives on top.\n{first}\n"
              f"Kay\n15/04/2020 at 8:15 am\nThank you, enjoy!\n{second}\n"
              f"Marta Ruiz\n2 days ago\nCan I use spelt flour instead?\n{third}")
    article = clean(f"{BODY}\n\nReader Interactions\n\n{thread}")
    assert article.text == f"{BODY}\n\nReader Interactions"
    assert {r.reason for r in article.removed} == {
        "comment thread of 3 comments, each a name, a time stamp ('14/04/2020 at 3:00 pm'), the comment and a reply button"}


HEADED_THREAD = ("12 Comments on “Lanterns over the harbour”\n"
                 "Ada Brook\nMarch 3, 2024, 9:46 pm\nI read it twice. The grandmother's answer stayed with me.\n"
                 "Tom K\nMarch 3, 2024, 10:02 pm\nSame here.\nMy grandfather said something like it about fog.\n"
                 "Lee\n2 days ago\nLovely.")


@pytest.mark.parametrize("thread, heading", [
    (HEADED_THREAD, "12 Comments on"),
    ("3 Kommentare\nAda Brook\n3. März 2024 um 21:46 Uhr\nIch habe den Text zweimal gelesen.\n"
     "Tom K\n3. März 2024 um 22:02 Uhr\nGeht mir genauso.\nLee\nvor 2 Tagen\nSchön.", "3 Kommentare"),
    # stamps that say how long ago and nothing else: [elapsed] of datelines.txt, per language
    ("3 commentaires\nAda Brook\nil y a 3 heures\nJ'ai lu le texte deux fois.\n"
     "Tom K\nil y a 2 jours\nMoi aussi.\nLee\nil y a 5 jours\nMagnifique.", "3 commentaires"),
    ("3 comentarios\nAda Brook\nhace 3 horas\nLo leí dos veces.\n"
     "Tom K\nhace 2 días\nYo también.\nLee\nhace 1 semana\nPrecioso.", "3 comentarios"),
])
def test_comment_thread_under_its_heading_goes_without_verbs_or_reply_buttons(thread, heading):
    """A name, a time stamp and the comment, entry after entry, right under a comment
    section's heading: a thread, although no entry has a verb or a reply button."""
    article = clean(f"{BODY}\n\n{thread}", kind="text")
    assert article.text == BODY
    assert any(r.reason.startswith(f"comment thread of 3 comments under the heading '{heading}")
               for r in article.removed)


@pytest.mark.parametrize("text", [
    # a listing's cards under a count: each a tag line and the day alone, no time
    f"{BODY}\n\n14 comments\nCompany Announcements\nFebruary 23, 2026\nA new home for the archive\n"
    f"Ryan Doe\nSecurity Tools\nFebruary 18, 2026\nClosing the gap in the build chain\n\n{BODY}",
    # a liveblog's entries, each a reporter and a time, with no comment heading over them
    f"{BODY}\n\nAda Brook\nMarch 3, 2024, 9:46 pm\nThe first lorries reach the border.\n"
    f"Tom K\nMarch 3, 2024, 10:02 pm\nThe border opens again.\n\n{BODY}",
])
def test_named_dated_entries_without_a_comment_heading_stay(text):
    article = clean(text, kind="text")
    assert ("archive" in article.text and "build chain" in article.text) or (
        "lorries" in article.text and "opens again" in article.text)
    assert not any(r.reason.startswith("comment thread") for r in article.removed)


def test_story_under_its_own_dateline_is_no_comment_of_the_thread_below():
    """A blog post's own dateline ("by NAME on DATE") is a time stamp; the reply button of
    the first comment below, whose header (a name and a stamp, too long for a stamp alone)
    comes first, closed the story as if it were the thread's first comment."""
    story = ("Lanterns over the harbour\nby Mara Quell on June 27, 2021\n"
             "The fishermen of the old town light their lanterns when the first storm of the autumn comes in.\n"
             "\"Why do you light them before the storm?\" the boy asked.\n"
             "\"So that the storm knows where the harbour is,\" said his grandmother.")
    thread = ("Previous post: The winter market\nNext post: Salt and bread\n{ 3 comments… read them below or add one }\n"
              "Theodora Alvarez de la Cruz July 26, 2021 at 3:56 pm\nA lovely story, thank you.\nReply\n"
              "Deborah July 23, 2021 at 4:39 am\nMy grandmother said the same thing.\nReply\n"
              "Jack July 22, 2021 at 4:25 pm\nBeautiful, as always.\nReply")
    article = clean(f"{story}\n{thread}", kind="text")
    for line in story.splitlines()[1:]:
        assert line in article.text
    assert "My grandmother said the same thing." not in article.text  # the thread still goes
    assert any(r.reason.startswith("comment thread of 2 comments") for r in article.removed)


@pytest.mark.parametrize("text", [
    # dated entries without reply buttons: a timeline, a liveblog
    f"{BODY}\n\n14/04/2020 at 3:00 pm\nThe first lorries reach the border.\n\n"
    f"15/04/2020 at 8:15 am\nThe border opens again.\n\n{BODY}",
    # one entry with a reply button is no thread
    f"{BODY}\n\nKay\n15/04/2020 at 8:15 am\nThank you, enjoy!\nReply\n\n"
    f"16/04/2020 at 9:00 am\nThe border opens again.\n\n{BODY}",
])
def test_dated_entries_are_no_comment_thread(text):
    article = clean(text)
    assert "Thank you, enjoy!" in article.text or "lorries" in article.text
    assert not any(r.reason.startswith("comment thread") for r in article.removed)


@pytest.mark.parametrize("text", [
    # an interview: speakers' lines, no time stamps, no reply buttons
    f"{BODY}\n\nThe minister says:\nWe will not raise taxes this year, whatever the council decides.\n\n"
    f"The opposition leader says:\nThat promise has been broken twice already since 2019.\n\n{BODY}",
    # short answers that name a year are no time stamps
    f"{BODY}\n\nWhen will the bridge open?\n\nThe mayor says:\nNot before 2025\n\n"
    f"The engineer says:\nIn spring 2026, weather permitting\n\n{BODY}",
    # a quotation introduced in the story, the stamp-like rest is no stamp
    f"{BODY}\n\nEr sagt: „Die Altenpflege ist kein Hotspot der Pandemie.“\n\n"
    f"Sie sagt: „Das sehen wir ganz anders.“\n\n{BODY}",
    # one commenter's header alone is no thread
    f"{BODY}\n\nJane says:\nMay 3, 2020 at 9:14 am\n\n{BODY}",
])
def test_speakers_in_a_story_are_no_comment_thread(text):
    article = clean(text)
    assert article.text == text
    assert not article.removed


def page_text():
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Culture", "Weather", "Login"])
    story = "\n".join([BODY.replace("Tuesday", day) for day in ("Monday", "Tuesday", "Wednesday", "Thursday")])
    footer = "\n".join(["About us", "Contact", "Careers", "Imprint", "Privacy", "Cookies", "Sitemap", "RSS"])
    return f"{menu}\n{menu}\nCouncil passes the budget\nBy Jane Doe\n{story}\n{footer}\n{footer}", story


def test_page_chrome_keeps_the_article_of_a_whole_page():
    text, story = page_text()
    article = Cleaner(Config(whole_page=True)).clean(text, kind="text")
    assert story in article.text and "Council passes the budget" in (article.metadata["title"] or article.text)
    assert "Careers" not in article.text and "Politics" not in article.text
    assert {r.rule for r in article.removed} >= {"page-chrome"}


def test_page_chrome_is_off_by_default_and_leaves_articles_alone():
    text, _ = page_text()
    article = page_only.clean(text, kind="text")
    # the header menu stays: page-chrome cut nothing (the footer's labels next to
    # other promo lines are the promo pass's; line-score, which may take the menu, is off)
    assert "page-chrome" not in article.metadata["removed_counts"]
    assert article.text.startswith("Home\nWorld\nPolitics")
    body = f"Council passes the budget\n\n{BODY}\n\n{BODY}"
    assert Cleaner(Config(whole_page=True)).clean(body).text == f"{BODY}\n\n{BODY}"


def test_fast_langdetect_gives_langdetects_probabilities():
    from langdetect.detector import Detector
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    from fixtures_lib import load_cases

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    model = language.model_once()
    texts = [c.source for c in load_cases()] + [
        "東京は日本の首都です。" * 30, "Привет   мир " * 40, "x" * 2000, "ABC DEF " * 100,
        "Şoseaua și țara " * 30, "Đây là tiếng Việt. " * 40, "a", "!!! 123",
        # many n-grams: a long run of trials, and many rejected draws
        " ".join(f"w{n}ord" for n in range(1500)),
    ]
    assert len(texts) > 60
    for text in texts:
        sample = language.sample(text)
        stock = Detector(factory)
        stock.append(sample)
        try:
            stock.get_probabilities()
        except LangDetectException:
            assert model.probabilities(sample) is None, text[:40]
            continue
        ours = model.probabilities(sample)
        assert ours is not None and len(ours) == len(stock.langprob)
        assert max(abs(a - b) for a, b in zip(ours, stock.langprob)) < 1e-12, text[:40]


def test_fast_langdetect_stops_at_the_iteration_limit_as_langdetect(monkeypatch):
    """Texts converge long before langdetect's limit of 1,000 updates; with
    a limit of 10 and 65 most trials stop there, in both implementations."""
    from langdetect.detector import Detector
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    model = language.model_once()
    texts = ["Der Hund und the dog und der Katze and the cat " * 10, BODY * 3, "Ja nein oui non si yes no " * 20]
    for limit in (10, 65):
        monkeypatch.setattr(Detector, "ITERATION_LIMIT", limit)
        for text in texts:
            stock = Detector(factory)
            stock.append(text)
            stock.get_probabilities()
            ours = model.probabilities(text)
            assert max(abs(a - b) for a, b in zip(ours, stock.langprob)) < 1e-12, (limit, text[:30])


def test_vectorized_ngrams_are_langdetects_ngrams():
    from langdetect.detector import Detector
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    model = language.model_once()
    texts = ["  Leading spaces, then  runs  of   spaces ", "ABC DEF GHi jKLm", "NATO-Gipfel in Den Haag",
             "x", " ", "É ÉTÉ été. Ǆemal ǅ", "𝐀𝐁𝐂 𝐝 mathematical capitals", "東京は日本の首都です。",
             "Şoseaua și țara", "Привет, МИР!", "ends with a space "]
    for text in texts:
        stock = Detector(factory)
        stock.append(text)
        stock.cleaning_text()
        expected = [model.row(g) for g in stock._extract_ngrams()]
        assert model.ngrams(model.prepare(text)).tolist() == expected, text


def test_trie_regex_matches_exactly_the_words():
    import re

    from cleaner.rules import trie_regex

    words = ["AP", "AP Images", "AFP", "a.b", "Getty Images", "Getty"]
    pattern = re.compile(f"(?:{trie_regex(words)})")
    assert all(pattern.fullmatch(w) for w in words)
    assert not any(pattern.fullmatch(w) for w in ["A", "APX", "aXb", "Getty Image"])
    assert pattern.match("AP Images here").group() == "AP Images"  # the longest word first


@pytest.mark.parametrize("debris", [
    "© 2022, Example News. This article is the copyrighted property of Example News. Written permission "
    "must be obtained before reprint.",
    "To view the full story, please subscribe to The Example Times. You can choose an annual subscription.",
    "Follow The Example Gleaner on Twitter and Instagram @ExampleGleaner and on Facebook @Gleaner.",
    "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
    "Contenido Relacionado",
    "Auch lesen: Diese drei Tipps helfen im Winter",
    "Para comentar debes registrarte y completar los datos generales.",
])
def test_more_debris_kinds(debris):
    assert clean(f"{BODY}\n\n{BODY}\n\n{debris}").text == f"{BODY}\n\n{BODY}"


@pytest.mark.parametrize("footer", [
    # the site's content licence
    "All content is licensed under a Creative Commons Attribution 4.0 International License, unless stated otherwise.",
    "Unless otherwise stated, the content of this page is licensed under Creative Commons Attribution-ShareAlike 3.0.",
    "Alle Artikel und Inhalte dieses Blogs stehen unter der Lizenz CC BY-SA 4.0 (Creative Commons Namensnennung).",
    "Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY",
    "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE. Die Fotos dürfen nicht verwendet werden.",
    "Sauf mention contraire, le contenu de ce site est publié sous licence Creative Commons BY-SA.",
    # the blog platform's credit and feed links
    "Simple theme. Powered by Blogger.",
    "Thème Simple. Fourni par Blogger.",
    "Designed by Elegant Themes | Powered by WordPress",
    "Subscribe to: Post Comments (Atom)",
    "Inscription à : Publier les commentaires (Atom)",
    "View my complete profile",
    # affiliate disclosures, newsletter and follow-by-email prompts, closed comments
    "PC Gamer is supported by its audience. When you buy through links on our site, we may earn an affiliate "
    "commission.",
    "Example Recipes is a participant in the Amazon Services LLC Associates Program, an affiliate advertising program.",
    "Für Links auf dieser Seite erhält Example ggf. eine Provision vom Händler, z.B. für solche mit -Symbol.",
    "No spam, we promise. You can unsubscribe at any time.",
    "Join our Newsletter for the latest news right to your inbox",
    "Gib Deine E-Mail-Adresse an, um diesen Blog zu abonnieren und Benachrichtigungen über neue Beiträge zu erhalten.",
    "Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse eingeben.",
    "Immer informiert bleiben mit dem wöchentlichen Example Newsletter. Jetzt anmelden!",
    "Aktuelle Stories und die wichtigsten News für Marketeers direkt in dein Postfach!",
    "Zum Verfassen von Kommentaren bitte anmelden oder registrieren.",
    "Leider sind keine Kommentare möglich.",
    "Please log in here to leave a comment.",
    "Lust auf mehr? Lass dir die besten Storys von Example Deutschland jede Woche in deinen Posteingang liefern.",
    "Get The Example Times's Daily Edition by email and never miss our top stories Free Sign Up",
    # the consent notice in place of an embedded map or video
    "Klicken Sie auf den unteren Button, um den Inhalt von www.example.de zu laden.",
    "Click the button below to load the content from example.com.",
])
def test_site_footer_lines(footer):
    assert clean(f"{BODY}\n\n{BODY}\n\n{footer}").text == f"{BODY}\n\n{BODY}"


@pytest.mark.parametrize("prose", [
    # a story about licences, platforms and newsletters keeps its sentences
    "The museum said its photographs are licensed under a Creative Commons licence after years of debate, "
    "and that researchers had asked for it since 2015.",
    "The blog, powered by WordPress since 2009, was read by more than a million people last year.",
    "Der Verlag teilte mit, dass der Newsletter nun direkt in das Postfach von 20.000 Lesern geht und werbefrei bleibt.",
    "Copyright lawyers said the 2019 ruling would change how archives license old photographs.",
    "Supporters were urged to follow the campaign on Instagram, where it posts daily updates.",
    "Die Werbung für das Festival lief schon seit Wochen in allen Zeitungen der Region.",
])
def test_prose_near_those_kinds_stays(prose):
    text = f"{BODY}\n\n{prose}\n\n{BODY}"
    assert clean(text).text == text


def test_prose_that_ends_in_a_credit_is_no_caption():
    # an FAQ answer or a teaser's paragraphs with the picture's credit glued on: the
    # sentences are the article's, so the line is not dropped as a caption; a caption's
    # one or two sentences before a credit still are
    answer = ("- How long does the ferry take? The crossing takes about forty minutes in calm weather. "
              "In winter the boats run less often. Check the timetable before you leave. Photo: Harbour Board")
    caption = "The ferry leaves the north pier on Monday. Photo: Harbour Board"
    assert captions.find_credit(answer, credit_rules()) is None
    assert captions.find_credit(caption, credit_rules()) == "Harbour Board"
    article = clean(f"{BODY}\n\n{answer}\n\n{caption}\n\n{BODY}", kind="text")
    assert answer in article.text and caption not in article.text
    # three sentences, the last one right before the credit: it counts as one of them
    short = "- How long is the crossing? About forty minutes. Check the timetable before you leave. Photo: Harbour Board"
    two = "The ferry leaves the north pier. It is full on Mondays. Photo: Harbour Board"
    assert captions.find_credit(short, credit_rules()) is None
    assert captions.find_credit(two, credit_rules()) == "Harbour Board"


def test_page_chrome_auto_finds_the_article_in_a_whole_page_dump():
    from fixtures_lib import ARTICLES

    source = (ARTICLES / "en_whole_page_dump_harbour_pier.txt").read_text(encoding="utf-8")
    article = page_only.clean(source, kind="text")
    assert article.text.startswith("By Tom Reid") and article.metadata["title"] == "North pier to be rebuilt after storm damage"
    assert article.text.endswith("The board expects the pier to reopen to boats by the end of next year.")
    removed = [r for r in article.removed if r.rule == "page-chrome"]
    assert removed and all("whole-page text" in r.reason for r in removed)
    no_chrome = Cleaner(Config(whole_page=False, disabled={"line-score"}))
    assert no_chrome.clean(source, kind="text").text.count("Obituaries") == 2


def _menu_page(title_first: bool, headline: str = "Council passes the budget", menu_lines: int = 10) -> tuple:
    """A page dump with fewer labels than a portal's: one menu above, one footer below."""
    menu = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Weather", "Login", "Search", "Jobs"]
    menu = (menu * 3)[:menu_lines]
    story = [f"The council met again on the budget, and the members agreed to fund {n} more night buses "
             f"for the city, as the transport board had asked." for n in range(2, 22)]
    footer = ["About us", "Contact", "Careers", "Imprint", "Privacy", "Cookies", "Sitemap", "RSS", "Ads", "Help"]
    lines = (["Council passes the budget | City Paper"] if title_first else []) + menu \
        + [headline, "By Jane Doe"] + story + footer
    return "\n".join(lines), "\n".join(story)


def test_page_chrome_auto_cuts_a_menu_page_whose_title_stands_above_the_story():
    # one menu run, not a portal's many: cut only because the page's title (its first
    # line, as all-visible-text extractors write it) stands again right above the story
    text, story = _menu_page(title_first=True)
    article = page_only.clean(text, kind="text")
    assert story in article.text and "Politics" not in article.text and "Careers" not in article.text
    assert {r.rule for r in article.removed} >= {"page-chrome"}
    # without the title found again, the head is left whole (it may be an article with a
    # list above its prose); only the footer goes, ended by labels and holding an "Ads" line
    text, _ = _menu_page(title_first=False)
    article = page_only.clean(text, kind="text")
    assert article.text.startswith("Home\nWorld\nPolitics") and story in article.text and "Careers" not in article.text
    assert all("head kept" in r.reason for r in article.removed if r.rule == "page-chrome")


def test_page_chrome_auto_cuts_a_menu_page_that_opens_with_its_title_and_holds_one_story():
    # the headline is not the <title> again, but the text opens with a page title (the
    # site's name set off) and one stretch holds all its prose: a page, cut
    text, story = _menu_page(title_first=True, headline="Late buses")
    article = page_only.clean(text, kind="text")
    assert story in article.text and "Politics" not in article.text
    # opening with a plain headline instead, it may be an article with a list above its prose:
    # the head is left whole
    text = text.replace("Council passes the budget | City Paper", "Council passes the budget")
    assert page_only.clean(text, kind="text").text.startswith("Council passes the budget\nHome\nWorld")


def _chart_page(intro: str, titled: bool = False) -> tuple:
    """A listing's whole-page text: menus, a chart of ranked items (rank, name, year,
    rating, buttons) and one sentence of prose about the chart, at its foot."""
    menu = ["Menu", "All", "Watchlist", "Sign in", "EN", "English", "Français", "Deutsch", "Use app", "Charts"]
    items = []
    for n, (name, year) in enumerate((("Harbour Lights", 2025), ("The Long Pier", 2026), ("Night Buses", 2024),
                                      ("Salt and Stone", 2026), ("The Lantern Keeper", 2025), ("Fog Season", 2026),
                                      ("Tides", 2023), ("North Wind", 2026)), 1):
        items += [f"#{n}", name, str(year), f"1h {40 + n}m", f"{5 + n / 10:.1f}", "Rate", "Mark as watched"]
    footer = ["Recently viewed", "Get the app", "Help", "Site index", "Press room", "Advertising", "Jobs",
              "Conditions of use", "Privacy policy", "Back to top"]
    head = ["Most popular films | Film Charts"] + menu + (["Most popular films"] if titled else [])
    return "\n".join(head + ["Most popular films", "As rated by viewers", "Sort by", "Ranking"] + items
                     + [intro] + footer), "\n".join(items)


def test_page_chrome_keeps_a_listing_whose_only_prose_is_a_sentence_about_it():
    # the one sentence is the only prose, so it scores as the core; under a paragraph's
    # worth of prose with no page title right above it, no article is sure: the chart stays
    intro = ("Our charts use the ratings of more than a million viewers a month to rank the films "
             "most watched this week.")
    text, items = _chart_page(intro)
    article = page_only.clean(text, kind="text")
    assert items in article.text and intro in article.text
    assert not [r for r in article.removed if r.rule == "page-chrome"]


def _jobs_page() -> tuple:
    """A job board's whole-page text: its title, a menu, the listing's headline and one
    sentence about it, then fifty jobs (title, company, place, pay, button), a footer."""
    menu = ["Home", "Jobs", "Companies", "Salaries", "Post a job", "Log in", "Sign up", "Search", "Help", "Blog"]
    jobs = []
    for n in range(1, 51):
        jobs += [f"Data engineer {n}", f"Harbour Analytics {n}", "Remote", f"${60 + n},000 a year", "View job"]
    footer = ["About us", "Contact", "Careers", "© 2026 Harbour Jobs", "Privacy", "Terms", "Cookies"]
    intro = "Looking for a remote data role? These are this week's openings from teams that hire anywhere."
    lines = ["Remote data engineering jobs | Harbour Jobs"] + menu + ["Remote data engineering jobs", intro] \
        + jobs + footer
    return "\n".join(lines), "\n".join(jobs)


def test_page_chrome_keeps_a_listing_under_its_title_and_a_short_intro():
    # the intro is the only prose, under the page's title found again: the cut starts at
    # the headline, and the jobs below run to the first line only page chrome holds (the
    # copyright), not to the end of the one sentence: a long page below a short core may
    # be the listing's items
    text, jobs = _jobs_page()
    article = page_only.clean(text, kind="text")
    assert jobs in article.text and "Post a job" not in article.text and "Terms" not in article.text
    assert article.metadata["title"] == "Remote data engineering jobs"


def _shop_page(items: int) -> tuple:
    """A shop's category page: menus, the category's name, a grid of items (name, fit,
    colour, price, badge), then the category's text under its name again, a footer."""
    menu = ["Women", "Men", "Kids", "Accessories", "Sale", "New in", "Best sellers", "Gift cards", "Stores", "Help"]
    grid = []
    for n in range(1, items + 1):
        grid += [f"Harbour Linen Shirt {n}", "relaxed fit", ("Sand", "Navy", "Olive")[n % 3], f"${30 + n}", "new"]
    blurb = ("Our linen shirts are woven in small mills and cut for warm days, and each one is washed "
             "soft before it leaves us, so it feels worn in from the first day you put it on. ") * 2
    footer = ["About us", "Contact", "Careers", "© 2026 Harbour Clothing", "Privacy", "Terms", "Cookies"]
    lines = ["Men's linen shirts | Harbour Clothing"] + menu * 3 + ["Men's linen shirts", f"{items} products"] \
        + grid + ["Men's linen shirts", blurb.strip()] + footer
    return "\n".join(lines), "\n".join(grid)


def test_page_chrome_keeps_a_shops_grid_above_its_category_text():
    # the category's text is the only prose, under the page's title found again at the foot:
    # the items above it, thirty prices and more, are what the page is for, not its header;
    # the menus above the grid and the footer below still go
    text, grid = _shop_page(36)
    article = page_only.clean(text, kind="text")
    assert grid in article.text and "Gift cards" not in article.text and "Careers" not in article.text
    # a carousel of a dozen priced items is no page of them: cut as before
    text, grid = _shop_page(12)
    assert "Harbour Linen Shirt 5" not in page_only.clean(text, kind="text").text


def _course_page(lessons: int) -> str:
    """A course's page: menus, its title again, two paragraphs, then its syllabus (parts
    numbered 01, 02, ..., their lessons as labels), a footer."""
    menu = ["Courses", "Programs", "Insights", "About", "Contact", "Sign in", "Register", "Help", "Blog", "Jobs"]
    about = [f"This course shows you how to keep a small boat sound through the winter, part {n}, with the "
             "checks a harbour master would make and the repairs you can do yourself." for n in (1, 2)]
    syllabus = ["Syllabus"]
    for n, part in enumerate(("Getting started", "The hull", "Sails and rigging", "The engine", "Winter storage"), 1):
        syllabus += [f"0{n}. {part}"] + [("Introduction", "Tools", "Checks", "Repairs")[j] for j in range(lessons)]
    footer = ["Stay connected", "Facebook", "Instagram", "© 2026 Harbour School", "Privacy", "Terms", "Cookies"]
    return "\n".join(["Boat care in winter | Harbour School"] + menu * 3 + ["Boat care in winter"] + about
                     + syllabus + footer)


def test_page_chrome_keeps_a_courses_syllabus_after_its_text():
    # the parts numbered 1 to 5, each over its lessons (labels), go on from the course's
    # text: its outline, not the page's footer, which still goes
    article = page_only.clean(_course_page(lessons=3), kind="text")
    assert "05. Winter storage" in article.text and "Repairs" not in article.text.split("Winter storage")[0][-40:]
    assert "Instagram" not in article.text and "Register" not in article.text
    # one line under each number (a "most read" list's time or teaser): no outline, cut as before
    assert "03. Sails and rigging" not in page_only.clean(_course_page(lessons=1), kind="text").text


def test_page_chrome_still_cuts_around_a_short_story_under_its_title():
    # one short paragraph, but the page's title stands again right above it: a short story
    # (a video's page, a weekly address), cut from its menus as before
    menus = [["Home", "World", "Politics", "Business", "Sport", "Culture"],
             ["Video", "Photos", "Podcasts", "Live", "Newsletters", "Events"],
             ["Blog", "Archive", "Briefing Room", "Press", "Speeches", "Schedule"]] * 3
    story = "The mayor spoke this week about the storm, and thanked the crews who worked through the night."
    footer = ["About us", "Contact", "Careers", "Privacy", "Cookies", "Sitemap", "Help", "Jobs"]
    text = "\n".join(["Weekly address: after the storm | City Hall"] + [x for m in menus for x in m]
                     + ["Weekly address: after the storm", story] + footer)
    article = page_only.clean(text, kind="text")
    assert story in article.text and "Politics" not in article.text and "Careers" not in article.text


@pytest.mark.parametrize("headline, breadcrumb", [
    ("Council passes new budget", False),           # the headline in other words than the <title>
    ("Council passes the budget", True),            # the title also in a breadcrumb far up the page
])
def test_page_chrome_auto_finds_the_title_near_the_story(headline, breadcrumb):
    text, story = _menu_page(title_first=True, headline=headline, menu_lines=30 if breadcrumb else 10)
    if breadcrumb:
        text = text.replace("\nHome\n", "\nHome\nCouncil passes the budget\n", 1)
    article = clean(text, kind="text")
    assert story in article.text and "Politics" not in article.text and "Careers" not in article.text


def test_whole_page_text_gives_its_headline_as_the_title():
    # page-chrome cut the article out around its headline, the page's <title> seen again:
    # that line is the title, though a byline and not a sentence follows it, and line-score
    # never takes it for a teaser; the note page-chrome left for them is not in the output
    text, story = _menu_page(title_first=True)
    article = clean(text, kind="text")
    assert article.metadata["title"] == "Council passes the budget"
    assert article.text.startswith("By Jane Doe\n") and story in article.text
    (moved,) = [r for r in article.removed if r.rule == "title"]
    assert "<title> seen again" in moved.reason
    assert not any(r.rule == "line-score" and "Council passes" in r.text for r in article.removed)
    assert not [key for key in article.metadata if key.startswith("_")]
    assert clean(article.text, kind="text").text == article.text


def test_whole_page_text_takes_no_site_name_for_its_headline():
    # the line above the story is the site's name that the <title> sets off, not the
    # <title>'s story part: no title from it
    text, story = _menu_page(title_first=True, headline="The City Paper")
    text = text.replace("Council passes the budget | City Paper", "Council passes the budget | The City Paper")
    article = clean(text, kind="text")
    assert article.metadata.get("title") != "The City Paper" and story in article.text


def _teaser_page(tail: list) -> tuple:
    """A page dump: title, menu, the story, then ``tail`` and a footer."""
    text, story = _menu_page(title_first=True)
    footer_at = text.index("\nAbout us")
    return text[:footer_at] + "\n" + "\n".join(tail) + text[footer_at:], story


def _assert_story_and_tail_kept(tail: list, kept: list = None, whole_lines: bool = True) -> None:
    """The page of :func:`_teaser_page` with ``tail`` after its story, cleaned as a page: the
    story and each of ``kept`` (all of ``tail`` by default) stay, whole lines or within
    them, and the footer goes."""
    text, story = _teaser_page(tail)
    article = page_only.clean(text, kind="text")
    got = article.text.split("\n") if whole_lines else article.text
    assert story in article.text and all(line in got for line in (tail if kept is None else kept))
    assert "Careers" not in article.text


def test_page_chrome_ends_the_article_at_labels_followed_by_teasers():
    # tags, then other stories' headlines, each with one sentence of description:
    # prose, but little after a run of labels, so the article ends at the labels
    teasers = ["Tags", "Budget", "Transport", "More stories"]
    for n in range(3):
        teasers += [f"Harbour works delayed again ({n})",
                    "The board said on Monday that the works on the north pier will start later than planned."]
    text, story = _teaser_page(teasers)
    article = clean(text, kind="text")
    assert article.text.endswith(story.rsplit("\n", 1)[1]) and story in article.text
    assert "Harbour works" not in article.text and "on the north pier" not in article.text
    dropped = [r for r in article.removed if "works on the north pier" in r.text]
    assert len(dropped) == 3 and all(r.rule == "page-chrome" and "footer" in r.reason for r in dropped)


def test_page_chrome_keeps_the_story_after_a_list_inside_it():
    # two labels inside the story (a list), then as much story again: the story goes on
    rest = [f"After the vote, the mayor said that {n} more routes would be studied over the winter, "
            f"and the board promised a report in the spring." for n in range(2, 14)]
    text, story = _teaser_page(["Route 4", "Route 9"] + rest)
    article = clean(text, kind="text")
    assert story in article.text and "Route 9" in article.text and all(r in article.text for r in rest)
    # a list, then one short closing paragraph: little prose after the labels, but in one
    # piece and with nothing only page chrome holds, so it is the story's end, not a teaser
    text, story = _teaser_page(["Route 4", "Route 9", "Route 12", rest[0]])
    article = clean(text, kind="text")
    assert story in article.text and article.text.endswith("Route 4\nRoute 9\nRoute 12\n" + rest[0])


def test_page_chrome_keeps_a_listicles_last_items_after_their_labels():
    # the story's last sections, each under a row of labels (a rank, a kind): little prose
    # after the labels and in two pieces, as teasers come, but each piece is paragraphs in a
    # row, which a teaser's one sentence is not: the story goes on
    tail = []
    for rank, name in ((2, "Harbour Cafe"), (1, "Pier Diner")):
        tail += [f"#{rank}: {name}", "Seafood",
                 f"{name} serves the freshest fish on the north pier, and the queue at noon is long.",
                 f"The staff at {name} are quick and kind, and the prices have not gone up this year."]
    _assert_story_and_tail_kept(tail, whole_lines=False)


def test_page_chrome_keeps_a_countdowns_items_after_their_labels():
    # a numbered countdown, each item a heading and a label, then one sentence: teaser-shaped,
    # but each heading's number follows the one above it, so the list goes on to its end
    tail = []
    for n, name in zip(range(6, 0, -1), ("Harbour Lights", "Gull Song", "Tide Line", "North Pier", "Salt", "Rain")):
        tail += [f"{n} '{name}'", "Studio Bay",
                 f"The film {name} tells of a town by the sea where the boats come in late every night, and of "
                 f"the families who wait for them on the pier while the storm goes on until the morning."]
    _assert_story_and_tail_kept(tail, whole_lines=False)


def test_page_chrome_keeps_a_listicles_items_whose_fields_repeat_with_other_values():
    # a buying guide's items, each a name and its fields ("Price: ...", "Open: ..."), then
    # its text; the last items have one paragraph each, as teasers do. Their labels are
    # never the same line twice (each price is its own), but the fields' names stand again
    # and again above: the story's items go on
    tail = []
    cafes = ("Harbour Cafe", "Pier Diner", "Gull House", "Tide Kitchen", "Salt Bar", "Rope Room")
    for n, name in enumerate(cafes):
        tail += [name, f"Price: {12 + 3 * n} euros", f"Open: {7 + n} to {15 + n}",
                 f"{name} serves the freshest fish on the north pier, and the queue at noon is long."]
        if n < 3:
            tail.append(f"The staff at {name} are quick and kind, and the prices have not gone up this year.")
    _assert_story_and_tail_kept(tail)


def _listing_page(items: int) -> tuple:
    """A page dump whose article is a listing: an intro, then items of labels and one sentence."""
    text, _ = _menu_page(title_first=True)
    head, rest = text.split("\nBy Jane Doe\n")
    intro = rest.split("\n")[:6]
    listing = []
    for n in range(items):
        listing += [f"Cafe number {n}", "Map", "Book now",
                    f"A small place by the water where the owners bake their own bread for {n + 2} tables."]
    footer = rest.split("\n")[20:]
    return "\n".join([head, "By Jane Doe"] + intro + listing + footer), intro + listing


def test_page_chrome_keeps_a_listings_items_that_repeat_the_storys_labels():
    # each item is a label row and one sentence, as teasers are; but the labels ("Map",
    # "Book now") stand again and again in the article above: the listing's items go on
    text, article_lines = _listing_page(items=14)
    article = page_only.clean(text, kind="text")
    assert all(line in article.text.split("\n") for line in article_lines)
    assert "Careers" not in article.text


def test_page_chrome_leaves_an_extractors_article_with_a_long_list_alone():
    # an extractor's text: a few paragraphs, then the article's list, each item written as
    # "- item" under a short heading: as labels they would make it look like a page whose
    # footer starts at the list, but list items are the article's, not a menu's
    intro = [f"{BODY} The shops on the list below sell clothes made in {n} ways that last." for n in range(6)]
    items = []
    for shop in ("Harbour Wear", "North Pier Cotton", "Gull Linen", "Bay Knits", "Tide Denim", "Rope Shoes"):
        items += [shop, "- organic cotton", "- linen options", "- recycled fabric", "- fair trade", "- family-owned",
                  "- eco packaging", f"prices at {shop} from 20 to 60 euros"]
    text = "\n\n".join(["Sustainable clothing shops"] + intro) + "\n\n" + "\n".join(items)
    article = page_only.clean(text, kind="text")
    assert "page-chrome" not in article.metadata["removed_counts"]
    assert all(item in article.text for item in items)


def test_page_chrome_takes_a_long_page_title_for_a_title_not_the_story():
    # a <title> with a date reads as prose by its words; it must not pull the core to the top
    title = "The council passes the budget and the mayor is glad of it | City Paper | 23.05.2011"
    text, story = _menu_page(title_first=True)
    text = text.replace("Council passes the budget | City Paper", title, 1)
    article = clean(text, kind="text")
    assert story in article.text and "Politics" not in article.text and "Careers" not in article.text


def test_page_chrome_cuts_only_a_marked_footer_below_an_unclear_article():
    # no title above the story: the head stays. Below it, labels and a copyright line:
    # the footer goes. The same labels without the copyright line (a table's last rows,
    # an article's closing list) stay.
    text, story = _menu_page(title_first=False)
    plain = text.replace("\nAds\nHelp", "\nMaps\nHelp")
    marked = plain + "\n© 2024 City Paper. All rights reserved."
    article = page_only.clean(marked, kind="text")
    assert article.text.startswith("Home\nWorld") and article.text.endswith(story.rsplit("\n", 1)[1])
    footer = [r for r in article.removed if r.rule == "page-chrome"]
    assert [r.text for r in footer][:3] == ["About us", "Contact", "Careers"] and len(footer) == 11
    assert "page-chrome" not in page_only.clean(plain, kind="text").metadata["removed_counts"]


def test_page_chrome_keeps_a_long_list_that_goes_on_below_an_unclear_article():
    # the story thanks its many supporters by name: a long run of labels below its prose,
    # and the page's footer (with a line only page chrome holds) only at the list's far
    # end. Nothing says where the story's list ends and the footer starts: no cut (the
    # footer cut took the whole list as the footer)
    text, story = _menu_page(title_first=False)
    story_end = text.index("\nAbout us")
    first = ["Maria", "Tom", "Ana", "Li", "Omar", "Eva", "Ken", "Ines", "Raj"]
    last = ["Lopez", "Berg", "Costa", "Wang", "Haddad", "Novak", "Sato", "Ruiz", "Iyer", "Moreau"]
    names = [f"{f} {n}" for f in first for n in last]
    text = text[:story_end] + "\n" + "\n".join(names) + text[story_end:] + "\n© 2024 City Paper"
    article = page_only.clean(text, kind="text")
    assert story in article.text and all(name in article.text.split("\n") for name in names)
    assert "page-chrome" not in article.metadata["removed_counts"]
    # five names, the footer right below them: a footer, cut as before
    short = text.replace("\n".join(names[5:]) + "\n", "")
    article = page_only.clean(short, kind="text")
    assert story in article.text and "Careers" not in article.text and "© 2024" not in article.text


def test_page_chrome_auto_leaves_short_line_articles_alone():
    # label-like lines in runs, but no page around them: a list, a poem, a liveblog
    items = "\n".join(f"{n}. Item number {n}" for n in range(1, 31))
    poem = "\n".join(["gulls on the wire", "the boats come in", "and nobody speaks", "salt on the glass", "rain"] * 8)
    for body in (f"{BODY}\n\n{items}\n\n{BODY}", f"{BODY}\n\n{poem}\n\n{BODY}"):
        assert clean(body, kind="text").text == body


def test_whole_page_option_is_checked():
    from cleaner.config import ConfigError

    for wrong in ("yes", 1, 0, None):
        with pytest.raises(ConfigError):
            Config(whole_page=wrong)
    assert Config().whole_page == "auto" and Config(whole_page=True).enabled("page-chrome")
    assert not Config(whole_page=False).enabled("page-chrome")


WIDGET_STORY = ("Der Gemeinderat hat am Montag beschlossen, die Brücke über den Mühlbach bis zum Sommer "
                "zu sanieren, nachdem ein Gutachten Risse im Beton gefunden hatte.")


@pytest.mark.parametrize("widget, rule", [
    (["Gefällt mir Lade..."], "promo"),
    (["Mit Freunden teilen"], "promo"),
    (["Rezept drucken"], "promo"),
    (["This entry was posted in Local news, Roads. Bookmark the permalink."], "promo"),
    (["POPSUGAR Would Like To Send You Push Notifications."], "promo"),
    (["Hinterlasse jetzt einen Kommentar"], "comment-form"),
    (["View the discussion thread."], "comment-form"),
    (["Ähnliche Nachrichten", "Neue Ampel an der Schulstraße", "Stadtfest fällt aus"], "related-links"),
    (["Viel gelesen in Lokales", "Neue Ampel an der Schulstraße", "Stadtfest fällt aus"], "related-links"),
    (["Recent Posts", "New lights for School Street", "Town fair called off"], "related-links"),
    (["Свежие записи", "Новый светофор на Школьной улице", "Праздник города отменён"], "related-links"),
    (["Entradas recientes", "Nuevo semáforo en la calle Escuela", "Se suspende la fiesta"], "related-links"),
    (["Commentaires récents"], "comment-form"),
    (["Recept afdrukken"], "promo"),
])
def test_widget_lines_of_blogs_and_portals_go(widget, rule):
    text = WIDGET_STORY + "\n\n" + "\n".join(widget) + "\n\n" + WIDGET_STORY.replace("Montag", "Dienstag")
    article = clean(text)
    assert article.text == WIDGET_STORY + "\n\n" + WIDGET_STORY.replace("Montag", "Dienstag")
    assert {r.rule for r in article.removed} == {rule} and len(article.removed) == len(widget)


def _review_page(bands: tuple) -> tuple:
    """A page dump whose story is a round-up: each item a heading, two paragraphs, the
    reviewer's name and a line pointing to more on the band."""
    text, _ = _menu_page(title_first=True)
    head, rest = text.split("\nBy Jane Doe\n")
    footer = rest.split("\n")[20:]
    items = []
    for n, band in enumerate(bands):
        items += [f"{band} - Harbour Lights (Tide Records)",
                  f"The new record by {band} opens with the sound of boats in the rain, and the songs that "
                  f"follow are slow, warm and full of the sea, as the band has promised for {n + 2} years.",
                  f"It is the best thing {band} have made, and the last song is one to hear again and again.",
                  f"Reviewer {n}", f"More on {band}"]
    return "\n".join([head, "By Jane Doe"] + items + footer), items


def test_page_chrome_keeps_a_roundups_items_whose_chrome_phrase_repeats_above():
    # each item ends with its reviewer's name and "More on <band>" (a related
    # heading's phrase): near the end the prose left after such a pair is small and the
    # phrase stands right after the labels, but the story's items repeated it all along
    bands = ("Gull Song", "Tide Line", "North Pier", "Salt", "Rain", "Rope", "Bay", "Fog", "Mist")
    text, items = _review_page(bands)
    article = page_only.clean(text, kind="text")
    chrome = {r.text for r in article.removed if r.rule == "page-chrome"}
    assert not chrome.intersection(items[:-2]) and "Careers" in chrome
    assert all(line in article.text.split("\n") for line in items if line.endswith("."))


def test_page_chrome_keeps_a_list_its_story_introduces():
    # "... the benefits include:" then three labels: the story's list, and the story's
    # last paragraphs after it, in two pieces, are its end, not teasers
    tail = ["According to the study, the kinds of exercise that helped most include:",
            "Team sports", "Cycling", "Swimming",
            "These gentler kinds still helped a little:",
            "Gardening", "Walking",
            "Yoga and tai chi, though gentler, helped more than the researchers had expected, they said.",
            "Short", "The board will publish the whole study of the night buses in the spring, the mayor said."]
    _assert_story_and_tail_kept(tail)


def test_page_chrome_keeps_the_storys_numbered_notes():
    # after the story, a sign-up button and a "Notes" label, then the notes: each a bare
    # number and its sentence, numbered from 1
    tail = ["Subscribe", "Notes"]
    for n in range(1, 6):
        tail += [str(n), f"The figures for route {n} come from the transport board's report of the spring, "
                         f"pages {n * 10} to {n * 10 + 4}."]
    _assert_story_and_tail_kept(tail, tail[2:])


def test_page_chrome_keeps_further_reading_described_at_length():
    # after labels, three sources, each a heading, its publisher and a long paragraph:
    # teasers come with a sentence, these with paragraphs of their own
    tail = ["Further reading", "Elsewhere"]
    for name in ("The Harbour Book", "Tides and Towns", "A Port Remade"):
        tail += [name, "Bay Press",
                 f"{name} shows how a town by the sea rebuilt its port after the great storm, how the boats "
                 f"came back one by one, and why the people who had waited on the pier for news never left it, "
                 f"even in the years when the fish were gone and the market stood empty every morning."]
    _assert_story_and_tail_kept(tail, tail[2:])


def test_page_chrome_keeps_prose_in_the_storys_own_words_after_labels():
    # a "print" button, then the story's card: labels, and its steps again in short
    # paragraphs, in the words of the story above: the story's, not another's
    tail = ["Print this", "Rate it", "Night buses", "Routes: 20"]
    tail += ["Council members met again on the budget; members agreed to fund more night buses for the city.",
             "Budget", "Transport board members asked the council for night buses; the council members agreed.",
             "Routes", "Members agreed to fund night buses for the city, as the transport board had asked again.",
             "Board", "Night buses: the council, the members, the transport board, the budget agreed again.",
             "Council", "Members of the council met on the night buses; the city's transport board agreed.",
             "City", "Transport board, council members: night buses funded; budget agreed; city routes.",
             "Members", "Council members fund night buses; transport board agreed; city budget met.",
             "Night", "Night buses: council budget funded, transport board asked, members agreed, city met.",
             "Buses", "City council members agreed: transport board night buses funded by the budget.",
             "Fund", "Transport board night buses; council members met; city budget agreed and funded."]
    _assert_story_and_tail_kept(tail, tail[2:])


def test_page_chrome_keeps_a_ranked_table_after_the_storys_last_paragraph():
    # the story ends with "the full table", then its rows: a rank, a name, a figure, all
    # labels, numbered from 1 at one period: the story's table, not the page's footer
    rows = ["Rank", "Route", "Riders"]
    for n, name in enumerate(("Harbour", "North Pier", "Old Town", "Station", "Airport", "Bay", "Hill"), 1):
        rows += [str(n), name, f"{9000 - n * 700:,}"]
    text, story = _teaser_page(rows)
    article = page_only.clean(text, kind="text")
    assert story in article.text and article.text.endswith("\n".join(rows))
    assert "Careers" not in article.text
    # a "most read" list numbers headlines, not labels: it goes with the footer
    popular = ["Most read"]
    for n in range(1, 7):
        popular += [str(n), f"The harbour festival returns with {n} new stages this summer"]
    text, story = _teaser_page(popular)
    article = page_only.clean(text, kind="text")
    assert story in article.text and "harbour festival" not in article.text


BLURB = ("I read. I build. I share. And one picture a day is never enough, so here I keep "
         "the clever things other people make.")


def _image_post_page(story: list, between: tuple = ()) -> str:
    """A blog page dump: its title, the headline in the header, a menu, the blogger's
    one-sentence blurb, a long sidebar of labels, then the post under its headline."""
    sidebar = [f"{month} ({n})" for n, month in enumerate(
        ("December", "November", "October", "September", "August", "July", "June", "May") * 5, 3)]
    head = ["Lamps from old jars - Jar Notes", "Lamps from old jars", "Home", "About me", "Jar Notes",
            "Ann (@jarnotes)", "Ann on Twitter", "Ann on Facebook", BLURB, "Search", "Archive"]
    post = ["Back to blog", "Edit", "Delete", *between, "5 May 2015", "Lamps from old jars", *story]
    lines = head + sidebar + post + ["Tweet", "Posted by Ann", "0 responses", "Like", "Comment", "Theme by Studio"]
    return "\n".join(lines)


def test_page_chrome_takes_the_post_under_its_headline_not_the_sidebars_blurb():
    # the blurb is the page's only long prose line, so it scores as the core; the post
    # is the lines after the headline found again below it, alone among labels
    story = ["via lamps.example.org", "Old jars finally lighting up the hall."]
    article = page_only.clean(_image_post_page(story), kind="text")
    assert article.text == "\n".join(story) and article.metadata["title"] == "Lamps from old jars"
    dropped = {r.text: r.reason for r in article.removed if r.rule == "page-chrome"}
    assert BLURB in dropped and "found again below a lone blurb" in dropped[BLURB]


def test_page_chrome_keeps_a_core_near_its_headline_found_again():
    # prose right above the headline found again (a review above a product's name): the
    # core may be the story's, left as it was; so is a core of several paragraphs
    lines = split_lines(_image_post_page(["via lamps.example.org", "Old jars finally lighting up the hall."],
                                         between=(BLURB.replace("I read", "We read"),)))
    classes = page.classify_lines(lines, PAGE_RULES.stopwords)
    core = page._core(lines, classes)
    assert page.story_below(lines, classes, core) is None
    lines = split_lines(_image_post_page(["via lamps.example.org", "Old jars finally lighting up the hall."]))
    classes = page.classify_lines(lines, PAGE_RULES.stopwords)
    scores, start, end = page._core(lines, classes)
    assert page.story_below(lines, classes, (scores, start, end)) == (len(lines) - 9, len(lines) - 6)
    classes[start + 1] = "prose"  # a core of two paragraphs
    assert page.story_below(lines, classes, (scores, start, start + 2)) is None


@pytest.mark.parametrize("bio", [
    "Jana Novak ist Redakteurin im Ressort Politik.",
    "Jana Novak est chroniqueuse au journal depuis 2019.",
    "Jana Novak is a freelance writer based in Lisbon.",
])
def test_end_matter_takes_an_author_bio_by_its_trade(bio):
    """The trades of [bio.roles] (metadata.txt), in any of the languages, make the last
    sentence an author box when the story never names the person."""
    article = clean(f"{BODY}\n\n{bio}", kind="text")
    assert article.text == BODY and [r.text for r in article.removed] == [bio]


def test_end_matter_leaves_a_story_whose_last_sentence_names_a_job_not_a_trade():
    # "president", "head" are jobs, not the trades of an author box
    for last in ("Ana Lopez is the president of the rowing club.", "Ana Lopez was head of the harbour board."):
        assert clean(f"{BODY}\n\n{last}", kind="text").text == f"{BODY}\n\n{last}"


def test_end_matter_trades_are_rule_data(tmp_path):
    (tmp_path / "metadata.txt").write_text("[bio.roles]\nbeekeeper\n", encoding="utf-8")
    text = f"{BODY}\n\nJana Novak is a beekeeper in the hills above the town."
    assert clean(text, kind="text").text == text
    assert Cleaner(Config(rule_dirs=[tmp_path])).clean(text, kind="text").text == BODY


def test_end_matter_leaves_a_directory_the_story_lists():
    # the story says where to write, then lists a desk per line, each an e-mail and a
    # phone number: a directory the story gives, not a contact box appended to it
    desks = ["Local", "Transport", "Business", "Sport", "Culture", "Weather"]
    directory = [f"{d}: {d.lower()}@citypaper.example or 555.0{n}00" for n, d in enumerate(desks, 1)]
    text = f"{BODY}\n\nSend your news to the desk it is for, at the addresses below.\n" + "\n".join(directory)
    assert clean(text, kind="text").text == text
    # a reporter's box after a story: one or two e-mail lines still go
    box = f"{BODY}\n\nContact:\njane.doe@citypaper.example"
    article = clean(box, kind="text")
    assert article.text == BODY and {r.rule for r in article.removed} == {"end-matter"}


def test_a_line_carries_its_folded_words_computed_once_for_every_pass():
    from cleaner.letters import WORD, fold_words
    texts = ["Posted on March 3, 2012 | 14 Comments", "  ***  ", "STRASSE straße ﬁne", "Ünïcode — Wörter, ja!"]
    for line in split_lines("\n".join(texts)):
        assert line.words == WORD.findall(line.text.casefold()) and line.folded == fold_words(line.text)
        assert line.__dict__["words"] is line.words  # kept on the line: the next read is a plain lookup
        assert page.classify_lines([line], PAGE_RULES.stopwords) == [page.classify(line.text, PAGE_RULES.stopwords)]
