"""The passes: one module per concern, each a small pure function.

A line pass takes the lines and the rules and returns a
:class:`~cleaner.document.PassResult`; records are made only for what changed.
"""
