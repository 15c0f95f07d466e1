"""spaCy pipelines: a blank language, a case-insensitive lookup lemmatizer and sentences.

Built once per process and language (get_nlp is cached) and never downloaded: the lemma
tables come from the spacy-lookups-data package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy
import spacy
import srsly
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.pipeline import Sentencizer
from spacy.strings import StringStore
from spacy.tokens import Doc

SUPPORTED_LANGUAGES = ("en", "es")
DEFAULT_PUNCT = frozenset(Sentencizer.default_punct_chars)
_CACHE_LIMIT = 200_000
# How many distinct whitespace-separated chunks the tokenizer remembers. spaCy's default of
# 10,000 is reached after a few thousand job ads, and every chunk seen after that is split
# into affixes again by Python regexes (tokenizing risk-dense ads ran 3x slower). An entry
# costs a few dozen bytes.
TOKENIZER_CACHE_SIZE = 200_000


def _load_table(lang: str) -> dict[str, str]:
    """The lemma lookup table of spacy-lookups-data as a plain {form: lemma} dict.

    Read straight from the package's gzipped JSON (about 0.5 s for Spanish) rather than
    through spacy.lookups (about 1.4 s, it hashes every key).
    """
    import spacy_lookups_data  # type: ignore[import-untyped]

    path = Path(str(spacy_lookups_data.get_file(f"{lang}_lemma_lookup.json")))
    gz = path.with_name(path.name + ".gz")
    if gz.is_file():
        return dict(srsly.read_gzip_json(gz))
    if path.is_file():
        return dict(srsly.read_json(path))
    table = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    return {str(key): value for key, value in table.items()}  # pragma: no cover


class LookupLemmatizer:
    """Lemmas from the spacy-lookups-data table, looked up by the lower-case form.

    spaCy's own lookup lemmatizer keys on the exact text, so "Children" keeps its capital
    and never reaches "child"; here the lower-case form is tried first, then the text, and
    the lemma is always lower case. The table is read on first use (pipelines whose rules
    need no lemmas never pay for it) and results are cached per lower-case form.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._table: dict[str, str] | None = None
        self._cache: dict[int, int] = {}

    @property
    def table(self) -> dict[str, str]:
        if self._table is None:
            self._table = _load_table(self.lang)
        return self._table

    def lemma_of(self, word: str) -> str:
        """The lemma of one word (used to check LEMMA values in rules)."""
        low = word.lower()
        return (self.table.get(low) or self.table.get(word) or low).lower()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        strings = doc.vocab.strings
        lowers = doc.to_array(LOWER).tolist()
        lemmas = [cache.get(h) for h in lowers]
        for i, lemma in enumerate(lemmas):
            if lemma is None:
                lemma = cache[lowers[i]] = strings.add(self.lemma_of(strings[lowers[i]]))
                lemmas[i] = lemma
        array = numpy.array(lemmas, dtype="uint64").reshape(-1, 1)
        doc.from_array([LEMMA], array)  # type: ignore[arg-type]
        return doc


@Language.factory("riskscreen_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer(str(nlp.lang))


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: ads are lists of lines without full stops."""
    for start in _line_starts(doc):
        doc[start].is_sent_start = True
    return doc


def _line_starts(doc: Doc) -> list[int]:
    """Indexes of the tokens that follow a whitespace token holding a line break."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    return [
        token.i + 1
        for token in doc[:-1]
        if token.is_space and "\n" in strings[token.orth]
    ]


def sentence_starts(doc: Doc, punct_chars: frozenset[str] = DEFAULT_PUNCT) -> list[int]:
    """Token indexes where sentences start, as sentencizer + line_breaks would set them.

    Reads attribute arrays instead of running the components, so matching can ask for
    sentences only around its hits at little cost.
    """
    if not len(doc):
        return [0]
    orths, is_punct, is_space = doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).T
    strings = doc.vocab.strings
    return sentence_starts_of(orths, is_punct != 0, is_space != 0, strings, punct_chars)


def sentence_starts_of(
    orths: numpy.ndarray,
    is_punct: numpy.ndarray,
    is_space: numpy.ndarray,
    strings: StringStore,
    punct_chars: frozenset[str] = DEFAULT_PUNCT,
) -> list[int]:
    """sentence_starts() from a document's ORTH, IS_PUNCT and IS_SPACE columns (arrays;
    the flags as booleans).

    The sentencizer starts a sentence at the first non-punctuation token after a
    sentence-final character (".", "!", ...).
    """
    final = _final_hashes(punct_chars)
    punct = numpy.flatnonzero(is_punct)
    finals = [i for i, orth in zip(punct.tolist(), orths[punct].tolist(), strict=True)
              if orth in final]  # fmt: skip
    starts = {0}
    if finals:
        words = numpy.flatnonzero(~is_punct)
        after = numpy.searchsorted(words, finals, side="right")  # the next word after each
        starts.update(words[after[after < len(words)]].tolist())
    spaces = numpy.flatnonzero(is_space[:-1])
    for i, orth in zip(spaces.tolist(), orths[spaces].tolist(), strict=True):
        if "\n" in strings[orth]:
            starts.add(i + 1)
    return sorted(starts)


@cache
def _final_hashes(punct_chars: frozenset[str]) -> frozenset[int]:
    """The string hashes of sentence-final characters (the same in every StringStore)."""
    store = StringStore()
    return frozenset(store.add(c) for c in punct_chars)


@cache
def get_nlp(lang: str) -> Language:
    """The pipeline for `lang` (tokenizer, lemmatizer, sentencizer, line breaks), cached."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"unsupported language {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    nlp = spacy.blank(lang)
    tokenizer: Any = nlp.tokenizer  # typed as a plain callable by spaCy
    tokenizer.max_cache_size = TOKENIZER_CACHE_SIZE
    nlp.add_pipe("riskscreen_lemmatizer", name="lemmatizer")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks")
    return nlp


def lemmatizer_of(nlp: Language) -> LookupLemmatizer:
    """The lemmatizer component of a pipeline made by get_nlp."""
    component = nlp.get_pipe("lemmatizer")
    if not isinstance(component, LookupLemmatizer):
        raise TypeError("pipeline was not built by get_nlp")
    return component
