"""A document's token columns, read once for the hits of one document.

Building the hits of a document asks, for each hit, which tokens a character span covers,
which sentence holds it and what lies between it and a negation cue. Through spaCy's Span
and Token objects each question creates Python objects; here one to_array call gives plain
lists that answer them all.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH
from spacy.tokens import Doc

from riskscreen.engine.nlp import sentence_starts_of


@dataclass(frozen=True)
class TokenTable:
    """Offsets, flags and sentence starts of a Doc's tokens (index i is token i)."""

    text: str  # the text the doc was made from
    starts: list[int]  # character offset of each token
    ends: list[int]  # character offset just after each token
    is_space: list[int]  # 1 or 0
    is_punct: list[int]
    sentences: list[int]  # first token of each sentence

    @classmethod
    def of(
        cls,
        doc: Doc,
        text: str,
        orths: np.ndarray | None = None,
        flags: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> TokenTable:
        """The table of a doc made from `text` (passed in: doc.text rebuilds the string).

        `orths` is the doc's ORTH column and `flags` its (IS_SPACE, IS_PUNCT) columns as
        boolean arrays when already known: reading flags through to_array costs more than
        the rest.
        """
        if not len(doc):
            return cls(text, [], [], [], [], [0])
        if orths is None:
            orths = doc.to_array(ORTH)
        if flags is None:
            space, punct = doc.to_array([IS_SPACE, IS_PUNCT]).T != 0
        else:
            space, punct = flags
        offsets = doc.to_array([IDX, LENGTH]).astype(np.intp)  # intp: 3x faster tolist
        starts = offsets[:, 0]
        sentences = sentence_starts_of(orths, punct, space, doc.vocab.strings)
        is_space, is_punct = space.tolist(), punct.tolist()
        ends = (starts + offsets[:, 1]).tolist()
        return cls(text, starts.tolist(), ends, is_space, is_punct, sentences)

    def __len__(self) -> int:
        return len(self.starts)

    def lower(self, i: int) -> str:
        """spaCy's LOWER: the token's text in lower case."""
        return self.token_text(i).lower()

    def space_after(self, i: int) -> bool:
        """Whether a single space follows the token (spaCy's whitespace_)."""
        return self.text[self.ends[i] : self.ends[i] + 1] == " "

    def token_text(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def tokens_covering(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """The token span [start, end) that covers the characters, or None if none does
        (spaCy's char_span with alignment_mode="expand")."""
        if end_char <= start_char or not self.starts:
            return None
        first = bisect_right(self.starts, start_char) - 1
        if first < 0 or self.ends[first] <= start_char:
            first += 1  # the span begins in the whitespace between tokens
        last = bisect_right(self.starts, end_char - 1) - 1
        if last < first:
            return None
        return first, last + 1

    def sentence_of(self, token: int) -> tuple[int, int]:
        """The token span of the sentence that holds the token."""
        k = bisect_right(self.sentences, token) - 1
        end = self.sentences[k + 1] if k + 1 < len(self.sentences) else len(self.starts)
        return self.sentences[k], end
