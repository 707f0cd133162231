"""The HTML path: a page's markup to its main text, metadata and removals.

:func:`cleaner.html.stages.extract_html` runs the stages in this order, on one tree:

1. decode and parse (:mod:`~cleaner.html.parse`, with :mod:`~cleaner.html.libxml`):
   control characters out, trafilatura's markup repairs, the shapes libxml2 parses
   badly bounded or closed, one lxml tree;
2. metadata (:mod:`cleaner.meta`): title, authors, date, read from the whole tree;
3. prune (:mod:`~cleaner.html.prune`): code, then what the markup shows is not the
   story, then asides and footers; the removals are recorded with ``stage="dom"``;
4. extract (:mod:`~cleaner.html.extract`): trafilatura's main text of the pruned tree,
   searched again in full when :mod:`~cleaner.html.pagetext` finds the fast result
   short of the page;
5. headline (:mod:`~cleaner.html.headline`): the headline trafilatura kept goes, the
   title travels in the metadata.
"""
