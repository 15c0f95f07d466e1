"""Small text helpers shared by the normalisers: accents, case, punctuation, spaces."""

from __future__ import annotations

import re
import unicodedata

# letters NFKD does not decompose into ASCII
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d",
                       "Đ": "d", "ł": "l", "Ł": "l", "œ": "oe", "Œ": "oe", "ı": "i",
                       "’": "'", "‘": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents removed (Türkiye -> turkiye), spaces collapsed, trimmed."""
    if text.isascii():
        return _SPACES.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


def key(text: str) -> str:
    """fold() and every run of punctuation made one space: a lookup key for names and headers."""
    folded = fold(text).replace("&", " and ")
    folded = re.sub(r"[^\w]+|_", " ", folded)
    return _SPACES.sub(" ", folded).strip()
