"""The compiled patterns of one language: phrase matchers, token matcher and RE2 regexes.

Compiled once per RuleSet. Matching runs the tokenizer (and the lemmatizer only when some
pattern needs lemmas); sentences are only computed for documents that have a hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from riskscreen.engine.nlp import get_nlp, lemmatizer_of
from riskscreen.engine.rules.model import PhrasePattern, RegexPattern, Rule, TokenPattern
from riskscreen.engine.rules.regex import RegexScanner
from riskscreen.engine.rules.token_stream import FLAG_BITS
from riskscreen.engine.rules.tokens import TokenMatcher
from riskscreen.engine.rules.wordfreq import LOGPROB

RawHit = tuple[Rule, int, int]  # (rule, start, end): in tokens or in characters

# One-for-one character substitutions, so offsets in the view equal offsets in the text:
# Unicode spaces become " ", typographic quotes and dashes their ASCII forms.
_VIEW = str.maketrans(
    {
        **dict.fromkeys(
            "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
        ),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
    }
)


_NEEDS_VIEW = re.compile("[" + "".join(chr(c) for c in _VIEW) + "]")


def matching_view(text: str) -> str:
    """The text as patterns see it: same length, same offsets, friendlier characters."""
    if text.isascii():
        return text
    for char in set(_NEEDS_VIEW.findall(text)):  # str.translate would cost ~0.1 ms a text
        text = text.replace(char, _VIEW[ord(char)])  # type: ignore[arg-type]
    return text


def uses_lemma(pattern: Any) -> bool:
    """Whether a token pattern (list of token dicts) refers to LEMMA."""
    return any(str(key).upper() == "LEMMA" for token in pattern for key in token)


class LanguageMatcher:
    """All text patterns of the rules that run on one language."""

    def __init__(self, lang: str, rules: Iterable[Rule]) -> None:
        self.lang = lang
        self.nlp = get_nlp(lang)
        vocab = self.nlp.vocab
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._tokens = TokenMatcher(vocab, LOGPROB.get(lang))
        self._rules: dict[int, Rule] = {}
        self._by_id: dict[str, Rule] = {}
        regexes: list[tuple[Rule, str]] = []
        self.needs_lemma = False
        for rule in rules:
            self._rules[vocab.strings.add(rule.id)] = rule
            self._by_id[rule.id] = rule
            for pattern in rule.patterns:
                if isinstance(pattern, RegexPattern):
                    regexes.append((rule, pattern.regex))
                else:
                    self._add(rule, pattern)
        self._tokens.compile()  # here, so that loading a rule set compiles all of it
        self._regex_rules = [rule for rule, _ in regexes]
        self._regexes = RegexScanner([regex for _, regex in regexes]) if regexes else None
        self.needs_lemma = self.needs_lemma or "LEMMA" in self._tokens.columns
        self.has_text_patterns = bool(
            len(self._lower) or len(self._lemma) or len(self._tokens) or regexes
        )

    def _add(self, rule: Rule, pattern: Any) -> None:
        if isinstance(pattern, PhrasePattern):
            if pattern.attr == "LEMMA":
                self._lemma.add(rule.id, list(self.nlp.pipe(pattern.phrases)))
                self.needs_lemma = True
            else:
                self._lower.add(rule.id, [self.nlp.make_doc(p) for p in pattern.phrases])
        elif isinstance(pattern, TokenPattern):
            for tokens in pattern.tokens:
                self._tokens.add(rule.id, list(tokens))

    def pipe(self, views: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
        """Tokenised (and, if needed, lemmatised) docs for matching views of texts.

        Runs the tokenizer and the lemmatizer directly: nlp.pipe with components disabled
        costs more per call than tokenizing a short text.
        """
        tokenizer: Any = self.nlp.tokenizer  # typed as a plain callable by spaCy
        docs = tokenizer.pipe(views, batch_size=batch_size)
        if not self.needs_lemma:
            return iter(docs)
        lemmatize = lemmatizer_of(self.nlp)
        return (lemmatize(doc) for doc in docs)

    def scan_regexes(self, views: list[str]) -> list[list[RawHit]]:
        """Regex hits for a batch of views (see RegexScanner.scan_many)."""
        if self._regexes is None:
            return [[] for _ in views]
        rules = self._regex_rules
        return [
            [(rules[index], start, end) for index, start, end in found]
            for found in self._regexes.scan_many(views)
        ]

    def letters(self, doc: Doc, orths: np.ndarray) -> np.ndarray:
        """Each token's letter in the token-pattern alphabet (see token_stream.py)."""
        return self._tokens.letters(doc, orths)

    def space_and_punct(self, letters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The IS_SPACE and IS_PUNCT columns (booleans), read from the tokens' letters."""
        bits = self._tokens.flags(letters)
        return bits & FLAG_BITS["IS_SPACE"] != 0, bits & FLAG_BITS["IS_PUNCT"] != 0

    def token_hits(self, doc: Doc, letters: np.ndarray) -> list[RawHit]:
        """Every (rule, start token, end token) a phrase or token pattern finds, unmerged."""
        hits: list[RawHit] = []
        for matcher in (self._lower, self._lemma):
            if len(matcher):
                rules = self._rules
                hits.extend((rules[k], s, e) for k, s, e in matcher(doc))
        if len(self._tokens):
            by_id = self._by_id
            hits.extend((by_id[k], s, e) for k, s, e in self._tokens(doc, letters))
        return hits
