"""Negation and good-practice cues suppress hits in scope, and only in scope."""

from __future__ import annotations

import pytest

from riskscreen.engine.document import Document
from riskscreen.engine.rules import RuleSet

# (text, rule, language, fires, suppressing cue or None)
CASES = [
    # suppressed: negation before the hit
    ("No recruitment fees: the employer pays all costs.", "fees_phrase", "en", False, "No"),
    ("We never charge a placement fee.", "fees_phrase", "en", False, "never"),
    ("Workers do not pay any recruitment fee.", "fees_phrase", "en", False, "not"),
    ("Workers don't pay any recruitment fee.", "fees_phrase", "en", False, "n't"),
    ("Workers don’t pay any recruitment fee.", "fees_phrase", "en", False, "n’t"),
    ("Hired without any placement fee.", "fees_phrase", "en", False, "without"),
    ("No recruitment, agency or placement fees are charged.", "fees_phrase", "en", False, "No"),
    ("The employer pays the recruitment fee.", "fees_phrase", "en", False, "employer pays"),
    ("We never hold passports.", "passport_tokens", "en", False, "never"),
    ("Workers keep their passports.", "passport_tokens", "en", False, "Workers keep"),
    # suppressed: good practice after the hit
    ("Recruitment fees: none.", "fees_phrase", "en", False, "none"),
    (
        "Placement fee free of charge for all candidates.",
        "fees_phrase",
        "en",
        False,
        "free of charge",
    ),
    (
        "Recruitment fees are paid by the employer.",
        "fees_phrase",
        "en",
        False,
        "paid by the employer",
    ),
    (
        "Any placement fee is reimbursed in the first month.",
        "fees_phrase",
        "en",
        False,
        "reimbursed",
    ),
    (
        "Passports are kept by the workers themselves.",
        "passport_tokens",
        "en",
        False,
        "kept by the workers",
    ),
    ("Sin cuota de reclutamiento: la empresa paga todo.", "fees_es_cuota", "es", False, "Sin"),
    ("Cuota de reclutamiento: ninguna.", "fees_es_cuota", "es", False, "ninguna"),
    (
        "La cuota de reclutamiento es pagada por la empresa y reembolsada.",
        "fees_es_cuota",
        "es",
        False,
        "pagada por la empresa",
    ),
    (
        "None of the 25 workers interviewed in this visit reported paying a recruitment fee.",
        "fees_phrase",
        "en",
        False,
        "None of",
    ),
    ("Placement fees charged in 2023 have ceased.", "fees_phrase", "en", False, "have ceased"),
    ("The agency no longer asks for a placement fee.", "fees_phrase", "en", False, "no longer"),
    # not suppressed: cue out of scope
    ("No experience needed, placement fee RM 500.", "fees_phrase", "en", True, None),
    ("No experience needed\nPlacement fee RM 500", "fees_phrase", "en", True, None),
    ("No experience needed. Placement fee RM 500.", "fees_phrase", "en", True, None),
    ("We do not need a CV but a placement fee is due on arrival.", "fees_phrase", "en", True, None),
    ("Nothing is free here; the recruitment fee is RM 4,000.", "fees_phrase", "en", True, None),
    (
        "Not required to speak English, you only need to pay the small recruitment fee.",
        "fees_phrase",
        "en",
        True,
        None,
    ),
    ("A placement fee applies, overtime is voluntary.", "fees_phrase", "en", True, None),
    (
        "No one told us at the start that the employer would later take a large placement fee.",
        "fees_phrase",
        "en",
        True,
        None,
    ),
    ("No certificate, no experience 😍 placement fee 500 AED", "fees_phrase", "en", True, None),
    ("No experience - placement fee RM 500", "fees_phrase", "en", True, None),
    (
        "Hired without experience or papers, placement fee deducted later.",
        "fees_phrase",
        "en",
        True,
        None,
    ),
    (
        "We take you without a CV and arrange the recruitment fee loan.",
        "fees_phrase",
        "en",
        True,
        None,
    ),
    (
        "Free meals and housing, a placement fee of USD 900 applies.",
        "fees_phrase",
        "en",
        True,
        None,
    ),
    # not suppressed: the negation is part of the risk (not negatable)
    ("Workers are not allowed to leave the dormitory at night.", "locked_in", "en", True, None),
    (
        "Hay una cuota de reclutamiento de 500 dólares, pero no hay contrato.",
        "fees_es_cuota",
        "es",
        True,
        None,
    ),
]


@pytest.mark.parametrize(("text", "rule_id", "language", "fires", "cue"), CASES)
def test_negation(
    ruleset: RuleSet, text: str, rule_id: str, language: str, fires: bool, cue: str | None
) -> None:
    trace = ruleset.match_with_trace(Document(text, language=language))
    hits = [h for h in trace.hits if h.rule_id == rule_id]
    suppressed = [s for s in trace.suppressed if s.hit.rule_id == rule_id]
    assert bool(hits) == fires, (hits, suppressed)
    if cue is not None:
        assert [s.cue for s in suppressed][:1] == [cue]
        for s in suppressed:
            assert text[s.cue_start : s.cue_end] == s.cue


def test_suppressed_hit_keeps_its_evidence(ruleset: RuleSet) -> None:
    text = "No recruitment fees: the employer pays all costs."
    trace = ruleset.match_with_trace(Document(text, language="en"))
    assert trace.hits == []
    (suppressed,) = trace.suppressed
    assert suppressed.hit.evidence == "recruitment fees"
    assert suppressed.hit.sentence == text
    assert (suppressed.cue, suppressed.cue_start, suppressed.cue_end) == ("No", 0, 2)


def test_match_leaves_suppressed_hits_out(ruleset: RuleSet) -> None:
    assert ruleset.match(Document("We never charge a placement fee.", language="en")) == []


def test_suppressed_hits_are_in_text_order_on_the_corpus(shipped_ruleset: RuleSet) -> None:
    """Suppressed hits come in the order of the text, as hits do, whatever kind of pattern
    (regex, phrase, token) found them: ?explain=full lists them as they are."""
    from riskscreen import paths
    from riskscreen.engine.evaluation import document_of, read_records

    records = read_records([paths.corpus_path()])
    traces = shipped_ruleset.trace_many([document_of(r) for r in records])
    with_several = [t for t in traces if len(t.suppressed) > 1]
    assert len(with_several) >= 5  # negated phrases are common in the corpus
    for trace in with_several:
        order = [(s.hit.start, s.hit.end, s.hit.rule_id) for s in trace.suppressed]
        assert order == sorted(order)
