"""Document construction and the language guesser."""

from __future__ import annotations

import pytest

from riskscreen.engine.document import Document
from riskscreen.engine.langdetect import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are hiring warehouse staff for the night shift.", "en"),
        ("Se busca personal para la cosecha de fresas en la provincia de Huelva.", "es"),
        ("Los trabajadores pagan una cuota de reclutamiento al agente.", "es"),
        ("", "en"),
        ("12345 !!! 😀", "en"),
        ("Hola", "en"),  # too little evidence: the default
        ("Job in Spain: the salary is paid per month and the contract is in Spanish.", "en"),
        # stop words with punctuation attached still count
        ("Se busca personal (con experiencia).", "es"),
        ("Se busca el/la trabajador/a", "es"),
        ("Trabajo;de la;empresa", "es"),
        ("¿Cuánto?¿Dónde?El pago,la casa,los papeles", "es"),
        # abbreviations and contractions do not turn into Spanish one-letter words
        ("U.S. or U.K. passport, o'clock, O/T paid", "en"),
        ("Don't pay any fee: it's the employer's cost", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_document_guesses_language_when_missing() -> None:
    assert Document("Se necesitan trabajadores para la obra en Madrid.").language == "es"
    assert Document("Se necesitan trabajadores.", language="en").language == "en"


def test_document_keeps_text_exactly() -> None:
    text = "Fee:\u00a0RM\u202f500\r\n😀 “quoted”"
    assert Document(text).text == text


@pytest.mark.parametrize("kind", ["tweet", "", None])
def test_document_rejects_unknown_kind(kind: object) -> None:
    with pytest.raises(ValueError, match="kind"):
        Document("text", kind=kind)  # type: ignore[arg-type]


def test_document_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        Document(b"bytes")  # type: ignore[arg-type]


def test_document_fields_default_to_empty() -> None:
    assert Document("x").fields == {}
    assert Document("x", fields=None).fields == {}  # type: ignore[arg-type]
