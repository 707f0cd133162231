"""Widgets and figures: what tells them from the story, and their removal.

A figure stays when it looks like part of the story (a numbered chart or table, a
caption the body text repeats, content beyond a picture); a widget announced by a
heading goes with its small container or the links that follow the heading, not with
the prose the story goes on with. Credits of removed figures go to ``image_credits``
(:mod:`cleaner.passes.captions` recognises them, as it does in the text).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..letters import WORD
from ..passes import captions
from .nodes import (HEADINGS, INLINE, NAME_SEPARATORS, first_child, flat_text, link_chars, link_density, name_tokens,
                    next_element, precedes, running_text)

if TYPE_CHECKING:
    from .prune import PrunePass


MAX_CAPTION_CHARS = 400
MAX_WIDGET_PROSE = 250          # chars: a share row or notice, not article paragraphs
MIN_LINK_DENSITY = 0.4         # related/promo widgets are mostly links
MIN_STORY_PARAGRAPH = 100      # chars: a bare paragraph this long under a comments heading is the story's
MIN_PROSE_BESIDE_LINKS = 80  # chars of a paragraph's own text outside its links: it is a sentence
MIN_RUNNING_WORDS = 6  # words of the paragraph around an inline element: it sits in running text
NEVER_REMOVED = frozenset({"html", "body", "main", "head"})  # whatever names them
# a figure holding one of these is part of the story: a table, code, a quote, a list,
# a video, or a heading (a slideshow or listicle item: "12. The best view of the bay")
_ITEM_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_STORY_PARTS = ("table", "pre", "code", "blockquote", "ul", "ol", "video", "audio") + _ITEM_HEADINGS


def leave_figure(el) -> bool:
    """Put an empty <figure> in the place of a removed figure ``el`` (its tail stays).

    trafilatura drops figures itself before its own extractor reads the page, but its full
    search takes a figure in readability's result for a sign of an unclean result, and then
    weighs jusText's result against it. A caption gone with its figure took that sign away:
    the full search kept readability's shorter text where trafilatura alone took jusText's
    (a page's headline block, a buying guide's product boxes). The empty figure holds no
    text. False when ``el`` is no <figure>."""
    if el.tag != "figure":
        return False
    shell = el.makeelement("figure", {})
    shell.tail = el.tail
    el.getparent().replace(el, shell)
    return True


def _keep_figure(p: PrunePass, el, caption: str) -> bool:
    """A figure that belongs to the story: a chart, a table, text the body repeats."""
    if next(el.iter(*_STORY_PARTS), None) is not None:
        return True
    if p.rules.figure_keep is not None and p.rules.figure_keep.match(caption):
        return True
    if len(caption) > MAX_CAPTION_CHARS:
        return True
    head = caption[:60]
    if len(head) >= 20 and p.page.text.count(head) > 1:
        return True  # the body text quotes the caption: keep the figure with it
    return False


def keep_story_block(el) -> None:
    """A figure kept with a heading inside is a listicle or slideshow item: see _as_story_block."""
    if el.tag == "figure" and next(el.iter(*_ITEM_HEADINGS), None) is not None:
        _as_story_block(el)


def _as_story_block(figure) -> None:
    """A listicle or slideshow item kept as story: plain blocks, so the extractor (which
    drops figures with their images, and blocks classed "slide") keeps its heading and text too."""
    figure.tag = "div"
    figure.attrib.pop("class", None)
    for caption in figure.iter("figcaption"):
        caption.tag = "p"


def remove_figure(p: PrunePass, el, why: str) -> bool:
    """Remove a figure or caption block; its credit goes to image_credits."""
    caption = flat_text(el)
    if _keep_figure(p, el, caption):
        keep_story_block(el)
        return False
    credit = None
    for sub in el.iter():
        if sub is not el and isinstance(sub.tag, str) \
                and name_tokens(f"{sub.get('class', '')} {sub.get('id', '')}") & p.rules.credit_names:
            credit = flat_text(sub).strip(" ©()") or None
            for label in ("Photo:", "Foto:", "Credit:", "Image:", "Bild:", "Photograph:"):
                if credit and credit.startswith(label):
                    credit = credit[len(label):].strip()
            credit = captions.credit_in(credit, p.rules.credits) if credit else None
            break
    if credit is None and caption:
        credit = captions.find_credit(caption, p.rules.credits)
    if credit and credit not in p.credits and captions.credit_value(credit, p.rules.credits):
        p.credits.append(credit)
    p.remove(el, "photo-credit", why, caption, figure=True)
    return True


def remove_widget_after(p: PrunePass, el, rule: str, why: str) -> None:
    """Remove a widget announced by heading ``el``: its small container, or the heading and what follows."""
    container = el.getparent()
    # a comment heading ("Reply", "Comments") right above a paragraph of prose is the story's own subheading
    story_follows = rule == "comment-form" and story_paragraph(next_element(el))
    if (container is not None and container.tag not in NEVER_REMOVED and first_child(container) is el):
        text = flat_text(container)
        if rule == "comment-form":  # a comment area: a form, or anything but the story going on under the heading
            dense = not story_follows or next(container.iter("form", "textarea"), None) is not None
        else:
            dense = link_density(container, len(text)) >= MIN_LINK_DENSITY
        if dense and not p.guarded(container, rule, len(text)):
            p.remove(container, rule, why, text)
            return
    siblings = []
    for sib in () if story_follows else el.itersiblings():  # then the heading alone goes, as its line would
        if not isinstance(sib.tag, str):
            continue
        if sib.tag in HEADINGS and (rule != "comment-form" or sib.tag in ("h1", "h2")):
            break
        text_len = len(flat_text(sib))
        if rule != "comment-form" and text_len > 30:
            links = link_chars(sib)  # read once for both tests
            if links / text_len < MIN_LINK_DENSITY or _prose_beside_links(sib, text_len, links):
                break
        siblings.append(sib)
    if rule != "comment-form" and not siblings:
        return  # a lone heading with prose after it: leave it to the text passes
    p.remove(el, rule, why)
    for sib in siblings:
        if not p.guarded(sib, rule, len(flat_text(sib))):
            p.remove(sib, rule, why + " (widget body)")


MIN_TEASERS = 3
MAX_TEASER_WORDS = 50  # a headline and its blurb


def teaser_list(el) -> bool:
    """A list or grid of teasers: :data:`MIN_TEASERS` or more items of one tag, each with a
    link to another page and at most :data:`MAX_TEASER_WORDS` words (a headline, a line of
    blurb, a date). Their blurbs are prose, so the links are few of their words."""
    while len(el) == 1 and isinstance(el[0].tag, str):
        el = el[0]  # wrappers around the list
    items = [k for k in el if isinstance(k.tag, str)]
    if len(items) < MIN_TEASERS or any(k.tag != items[0].tag for k in items):
        return False
    for item in items:
        if len(flat_text(item).split()) > MAX_TEASER_WORDS:
            return False
        if not any(not (a.get("href") or "#").startswith(("#", "javascript:")) for a in item.iter("a")):
            return False
    return True


def _prose_beside_links(el, text_len: int, links: int) -> bool:
    """A <p> whose words outside its links (``links`` chars) make a sentence of their own (a
    paper's authors linked, "... considers what happens when we restrict the folds to ..."):
    the story goes on under the heading, where a widget's items are links, a label or a date."""
    return el.tag == "p" and text_len - links >= MIN_PROSE_BESIDE_LINKS


def story_paragraph(el) -> bool:
    """A bare <p> of prose, not links: under a comments heading the story goes on (an official's
    reply on a letters page), where a comment section goes on with its entries, widget or form."""
    if el is None or el.tag != "p":
        return False
    text_len = len(flat_text(el))
    return text_len > MIN_STORY_PARAGRAPH and link_density(el, text_len) < MIN_LINK_DENSITY


def looks_like_widget(el, rule: str, text_len: int) -> bool:
    """A class token alone is weak evidence: the element must also be small or made of links/forms."""
    if text_len <= MAX_WIDGET_PROSE:
        return True
    if rule == "comment-form":
        return next(el.iter("form", "textarea"), None) is not None
    return link_density(el, text_len) >= MIN_LINK_DENSITY


MAX_SHARE_SELF_NAMED = 0.25  # of the page's text: a named box of prose larger than this is left alone
_NAME_STEM = 6  # letters of a box's name its words must open with ("newsletter": "newsle...")


def says_what_it_is(p: PrunePass, el, rule: str, names: str, text: str) -> str:
    """Evidence beyond a class token that a box of prose (longer than a widget, few links) is
    what its name says, and not the story: the reason, or "" when there is none.

    - an author's box (a token of ``[author-box.class]``) that names one of the page's byline
      authors (its metadata, read before the prune): the story's own text is not named so;
    - a box named by a token of ``[self-named.class]`` (cookie, newsletter, subscribe ...) whose
      own words say one of those names ("We use cookies", "Subscribe below"): a notice or a
      sign-up box (a word opening with a token's first :data:`_NAME_STEM` letters);
    - a box named for related stories that holds a list of teasers (:func:`teaser_list`): the
      story's paragraphs are no row of short items each linking elsewhere.
    - a box named promo that stands ahead of the page's headline (its first <h1>), where the
      story has not begun (a shipping or offer bar above the article).

    Either must be small beside the page (:data:`MAX_SHARE_SELF_NAMED`) and hold no heading of
    the page's headline (``PrunePass.guarded`` sees to that)."""
    if len(text) > MAX_SHARE_SELF_NAMED * p.page.size:
        return ""
    if rule == "related-links" and teaser_list(el):
        return "a list of teasers (a headline and a blurb, each with its link)"
    if rule == "promo" and p.page.headline is not None and precedes(el, p.page.headline):
        return "ahead of the page's headline, where the story has not begun"
    tokens = name_tokens(names)
    rules = p.rules
    if tokens & rules.author_box and p.page.authors:
        words = set(WORD.findall(text))
        for author in p.page.authors:
            named = [w for w in WORD.findall(author) if len(w) >= 3 and w[0].isupper() and w in words]
            if named:
                return f"an author's box naming the page's author {author!r}"
    if tokens & rules.self_named:
        words = [w.lower() for w in WORD.findall(text)]
        joined = set(words + [a + b for a, b in zip(words, words[1:])])  # "sign up" says "signup"
        for token in sorted(rules.self_named):
            stem = "".join(NAME_SEPARATORS.split(token))[:_NAME_STEM]
            if any(w.startswith(stem) for w in joined):
                return f"named a notice or sign-up box, and its words say {token!r}"
    return ""


def in_running_text(el) -> bool:
    """Whether ``el`` is an inline element inside a paragraph of prose (words of the
    paragraph's sentences, not a widget): no block rule takes it, the sentence would lose words."""
    if el.tag not in INLINE:
        return False
    block = el.getparent()
    while block is not None and block.tag in INLINE:
        block = block.getparent()
    if block is None:
        return False
    words = len(running_text(block).split()) - len(el.text_content().split())
    return words >= MIN_RUNNING_WORDS
