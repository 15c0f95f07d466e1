"""The cached spaCy pipelines: lemmas regardless of case, sentences at line breaks."""

from __future__ import annotations

import pytest

from riskscreen.engine.nlp import get_nlp, lemmatizer_of, sentence_starts


def test_pipeline_is_cached_per_language() -> None:
    assert get_nlp("en") is get_nlp("en")
    assert get_nlp("en") is not get_nlp("es")
    assert get_nlp("en").pipe_names == ["lemmatizer", "sentencizer", "line_breaks"]


@pytest.mark.parametrize(
    ("lang", "text", "lemmas"),
    [
        ("en", "Children", ["child"]),  # the case-sensitivity pitfall of spaCy's lookup lemmatizer
        ("en", "CHILDREN children", ["child", "child"]),
        ("en", "Passports were HELD", ["passport", "be", "hold"]),
        ("en", "Fees paid", ["fee", "pay"]),
        ("es", "Pagan Cuotas", ["pagar", "cuota"]),
    ],
)
def test_lemmas_ignore_case(lang: str, text: str, lemmas: list[str]) -> None:
    doc = get_nlp(lang)(text)
    assert [t.lemma_ for t in doc if not t.is_space] == lemmas


def test_lemma_of_single_words() -> None:
    lemma_of = lemmatizer_of(get_nlp("en")).lemma_of
    assert lemma_of("Fees") == "fee"
    assert lemma_of("fee") == "fee"
    assert lemma_of("zzqx") == "zzqx"


def test_line_breaks_start_sentences() -> None:
    doc = get_nlp("en")("No experience needed\r\nPlacement fee RM 500\nApply now. Today")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences == ["No experience needed", "Placement fee RM 500", "Apply now.", "Today"]


def test_offsets_are_characters_of_the_text() -> None:
    text = "😀 Pay a fee\r\nnow é"
    doc = get_nlp("en")(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token)] == token.text


def test_unsupported_language() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        get_nlp("xx")


@pytest.mark.parametrize(
    "text",
    [
        "One. Two! Three? Four",
        'He said "stop!" and left. Next line\nnew line\r\n\r\nlast',
        "e.g. this is one sentence... and this?! yes.",
        "",
        "\n\nleading breaks",
    ],
)
def test_sentence_starts_agree_with_the_pipeline(text: str) -> None:
    nlp = get_nlp("en")
    expected = [s.start for s in nlp(text).sents] if text else [0]
    assert sentence_starts(nlp.make_doc(text)) == expected


def test_sentence_starts_agree_on_the_corpus() -> None:
    from riskscreen import paths
    from riskscreen.engine.evaluation import read_records

    records = read_records([paths.corpus_path()])
    assert len(records) > 1000  # the shipped corpus
    for record in records:
        nlp = get_nlp(record.get("language") or "en")
        doc = nlp(record["text"])
        assert sentence_starts(nlp.make_doc(record["text"])) == [s.start for s in doc.sents]
