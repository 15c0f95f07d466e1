"""TokenTable answers what spaCy's Span and Token objects would, from plain lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.engine.nlp import get_nlp
from riskscreen.engine.rules.tokentable import TokenTable

TEXTS = [
    "Placement fee: USD 1,500.  Passports kept by the agent!\r\nNo days off 😀 ever.",
    "  leading spaces, double  spaces and a tab\there. Último párrafo — fin.",
    "",
    "one",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TEXTS), st.integers(0, 90), st.integers(1, 30))
def test_tokens_covering_equals_char_span_expand(text: str, start: int, width: int) -> None:
    doc = get_nlp("en").make_doc(text)
    table = TokenTable.of(doc, text)
    start = min(start, len(text))
    end = min(start + width, len(text))
    span = doc.char_span(start, end, alignment_mode="expand")
    expected = None if span is None or not len(span) else (span.start, span.end)
    assert table.tokens_covering(start, end) == expected


def test_columns_match_the_tokens() -> None:
    for text in TEXTS:
        doc = get_nlp("en").make_doc(text)
        table = TokenTable.of(doc, text)
        assert len(table) == len(doc)
        for token in doc:
            i = token.i
            assert table.token_text(i) == token.text
            assert (table.starts[i], table.ends[i]) == (token.idx, token.idx + len(token))
            assert table.lower(i) == token.lower_
            assert bool(table.is_space[i]) == token.is_space
            assert bool(table.is_punct[i]) == token.is_punct
            assert table.space_after(i) == bool(token.whitespace_)


def test_sentence_of_follows_the_pipeline_sentences() -> None:
    nlp = get_nlp("en")
    text = "First one. Second one!\nThird line without stop\nFourth? Yes."
    doc = nlp(text)
    table = TokenTable.of(nlp.make_doc(text), text)
    for sent in doc.sents:
        for token in sent:
            assert table.sentence_of(token.i) == (sent.start, sent.end)
