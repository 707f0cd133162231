"""Hypothesis strategies: articles built from known prose and known debris.

Prose sentences deliberately mention the words the rules look for ("Getty
Images", "leave a reply", "read more", "share") inside sentences, where they
must stay.
"""
from __future__ import annotations

from hypothesis import strategies as st

WORDS = (
    "council minister said report market prices week rose government city police officials "
    "river bridge school budget election voters company workers energy plan court judge "
    "hospital doctors farmers weather storm border talks deal troops museum festival team"
).split()
MENTIONS = (
    "the photo was licensed from Getty Images",
    "readers were invited to leave a reply under the post",
    "the site said you may also like its weekly digest",
    "she urged people to read more about the plan",
    "the company's share price fell sharply",
    "the newspaper said all rights reserved on its archive pages",
    "an advertisement ran in three papers",
    "comments from residents were mixed",
)

word = st.sampled_from(WORDS)


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(word, min_size=5, max_size=18))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(MENTIONS)))
    text = " ".join(words)
    return text[0].upper() + text[1:] + draw(st.sampled_from([".", ".", ".", "?", "!"]))


@st.composite
def paragraph(draw) -> str:
    text = " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))
    if draw(st.integers(0, 9)) == 0:
        text = f"“{text}” the official said."
    return text


@st.composite
def subheading(draw) -> str:
    words = draw(st.lists(word, min_size=2, max_size=6))
    return " ".join(words).capitalize()


@st.composite
def clean_body(draw) -> list:
    """Paragraphs of a clean article; the first is always prose, subheadings inside, each
    subheading once (an article's sections have names of their own: a short line that
    stands twice, between debris, is what page chrome looks like to line-score)."""
    paras = [draw(paragraph())]
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.integers(0, 5)) == 0:
            heading = draw(subheading())
            if heading not in paras:
                paras.append(heading)
        paras.append(draw(paragraph()))
    return paras


headline = st.builds(lambda ws: " ".join(ws).capitalize(), st.lists(word, min_size=3, max_size=12))

DEBRIS = {
    "photo-credit": st.sampled_from([
        "Protesters gather outside the council. File photo by Jane Doe/UPI",
        "The mayor speaks on Monday. Chris Smith/Getty Images",
        "Firefighters at the scene (AP Photo/Sam Lee)",
        "REUTERS/Anna Petrova/File Photo",
        "Getty Images",
    ]),
    "comment-form": st.sampled_from([
        "LEAVE A REPLY\n\nPlease enter your comment!\nPlease enter your name here",
        "Leave a Reply Cancel reply",
        "You must be logged in to post a comment.",
    ]),
    "related-links": st.sampled_from([
        "READ MORE: Why prices keep rising",
        "Related: The river bridge reopens",
    ]),
    "promo": st.sampled_from([
        "Advertisement",
        "Sign up for our newsletter",
        "Share this article",
        "© 2024 Example Media. All rights reserved.",
    ]),
}

RELATED_BLOCKS = [
    "You may also like\n\nCouncil votes on new budget\n\nStorm hits the coast again",
    "Related\nThe river bridge reopens",
    "MORE FROM THE CITY DESK\nSchool budget talks stall\nPolice name new chief\nFestival returns in June",
]


@st.composite
def article_with_debris(draw):
    """(source text, content paragraphs, debris rule names inserted)."""
    title = draw(headline)
    body = draw(clean_body())
    parts = list(body)
    inserted = []
    for rule, strategy in DEBRIS.items():
        if draw(st.booleans()):
            # debris never goes before the first paragraph: that is where the
            # title pass looks, and a caption there is covered by fixtures
            parts.insert(draw(st.integers(1, len(parts))), draw(strategy))
            inserted.append(rule)
    if draw(st.booleans()):  # a related block sits at the end, where sites put it
        parts.append(draw(st.sampled_from(RELATED_BLOCKS)))
        inserted.append("related-links")
    return title + "\n\n" + "\n\n".join(parts), body, inserted
