"""The letter class that the readers of names, datelines, credits and bylines share: one
definition, for the text passes and the metadata readers alike.

``CAPITAL`` is the body of a regex character class (``[{CAPITAL}]``) for a capital of the
Latin alphabets (with Latin-1's À-Þ), Cyrillic and Greek: what a name, a place or an agency
opens with ("Łukasz", "Čapek", "Київ", "Αθήνα"). Latin Extended-A (Ā-Ž) interleaves its
capitals and small letters, so the range holds both: it answers "may this open a name?",
not "is this a capital?".
"""
from __future__ import annotations

CAPITAL = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω"
