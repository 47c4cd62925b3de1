"""Compound words for the search index: a resident who types the end of a Dutch compound finds it too.

Pagefind matches the start of words ("reparatie" finds "reparatiecafé"), not their end. Templates add the known
tails of a page's compound words, hidden, to what Pagefind indexes (`compound_parts` in templates).
"""

from __future__ import annotations

import re

# Everyday Dutch words that end compounds on a neighbourhood site. A resident who types "café" or "punt"
# should find "reparatiecafé" and "kledingpunt": Pagefind matches the start of words, not their end.
COMPOUND_HEADS = frozenset("""
    afval archief avond bank bemiddeling bewoner bewoners bibliotheek boom boot brug buurt cafe café centrum
    club cursus dag dagen dienst dijk dorp fabriek feest fiets foto fotos gebouw geld groep groen haven hof hoek
    huis hulp huizen jeugd kade kamer kantoor kapel kerk kerken kind kinderen klas kleding koffie koor kraam
    kring kunst land leven les maaltijd markt middag molen molens moestuin muziek nacht ochtend oogst ouderen
    overleg pad park plan plaats plein platform polder post project punt punten raad reis route school schip
    sport straat stoel taal team tuin uur vereniging verhaal verhalen vervoer voedsel water week weg werf werk
    werkplaats wijk winkel winter woning zaal zomer zorg""".split())
MIN_PART = 3


def compound_parts(texts: list[str]) -> list[str]:
    """The known tails of compound words in these texts: "Reparatiecafé" -> "café"; "kledingpunt" -> "punt"."""
    parts: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"\w+", text.casefold()):
            for start in range(MIN_PART, len(word) - MIN_PART + 1):
                tail = word[start:]
                if tail in COMPOUND_HEADS and tail != word:
                    parts.setdefault(tail, None)
    return list(parts)
