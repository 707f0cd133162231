"""Steps for other corpus tools (each needs its tool, an optional extra).

- :mod:`cleaner.integrations.datatrove`: a datatrove pipeline step
  (``pip install "cleaner[datatrove]"``).
"""
