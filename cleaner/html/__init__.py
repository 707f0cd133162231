"""The HTML path: a page's markup to its main text, metadata and removals.

Stages, in order (:func:`cleaner.html.extract.extract_html` runs them):

1. decode and parse (:mod:`~cleaner.html.extract`, :mod:`~cleaner.html.libxml`): control
   characters out, the shapes libxml2 parses badly bounded or closed, one lxml tree;
2. metadata (:mod:`cleaner.meta`): title, authors, date, from the whole tree;
3. prune (:mod:`~cleaner.html.prune`): code, then what the markup shows is not the story;
4. extract (:mod:`~cleaner.html.extract`, :mod:`~cleaner.html.pagetext`): trafilatura's
   main text of the pruned tree, the full search when the fast one missed much of the page;
   the headline it kept goes.
"""
