"""RuleSet: language and kind filtering, ordering, versions, batches."""

from __future__ import annotations

import pytest

from riskscreen import paths
from riskscreen.engine.document import Document
from riskscreen.engine.rules import IndicatorHit, RuleLoadError, RuleSet, load_ruleset, token_stream
from riskscreen.engine.rules.token_stream import TokenStreamMatcher


def _ids(hits: list[IndicatorHit]) -> set[str]:
    return {h.rule_id for h in hits}


def test_spanish_rules_do_not_run_on_english_text(ruleset: RuleSet) -> None:
    # fees_es_cuota also lists the English phrase "recruitment fee"; it only runs on es.
    text = "The recruitment fee is 500 dollars."
    assert _ids(ruleset.match(Document(text, language="en"))) == {"fees_phrase"}
    assert _ids(ruleset.match(Document(text, language="es"))) == {"fees_es_cuota"}


def test_language_is_detected_when_not_given(ruleset: RuleSet) -> None:
    text = "Se cobra una cuota de reclutamiento de 500 dólares a los trabajadores."
    assert _ids(ruleset.match(Document(text))) == {"fees_es_cuota"}


def test_unknown_language_gets_no_hits(ruleset: RuleSet) -> None:
    assert ruleset.match(Document("placement fee", language="fr")) == []


def test_kind_filtering(ruleset: RuleSet) -> None:
    text = "You will repay the loans from your wages."
    assert "debt_lemma" in _ids(ruleset.match(Document(text, kind="job_ad", language="en")))
    assert "debt_lemma" not in _ids(ruleset.match(Document(text, kind="audit", language="en")))


def test_lemma_phrases_match_inflections_and_case(ruleset: RuleSet) -> None:
    text = "WORKERS WORKED OFF THEIR DEBTS. They are working off the debt."
    hits = [h for h in ruleset.match(Document(text, language="en")) if h.rule_id == "debt_lemma"]
    assert [h.evidence for h in hits] == ["working off the debt"]
    text = "They worked off the debts."
    assert [h.evidence for h in ruleset.match(Document(text, language="en"))] == [
        "worked off the debts"
    ]


def test_hits_are_sorted_and_complete(ruleset: RuleSet) -> None:
    text = "Passports are kept by the company. A placement fee of $200 is due."
    hits = ruleset.match(Document(text, language="en", fields={"hours_per_week": 70}))
    assert [h.rule_id for h in hits] == [
        "passport_tokens",
        "fees_phrase",
        "fees_regex",
        "hours_field",
    ]
    fee = hits[1]
    assert fee == IndicatorHit(
        rule_id="fees_phrase",
        indicator="recruitment_fees",
        start=37,
        end=50,
        evidence="placement fee",
        weight=1.5,
        sentence="A placement fee of $200 is due.",
        status="stable",
        sentence_start=35,
        sentence_end=66,
    )


def test_match_many_keeps_order_across_languages(ruleset: RuleSet) -> None:
    docs = [
        Document("placement fee", language="en"),
        Document("cuota de reclutamiento", language="es"),
        Document("nothing here", language="en"),
        Document("placement fee", language="fr"),
    ]
    assert [_ids(h) for h in ruleset.match_many(docs)] == [
        {"fees_phrase"},
        {"fees_es_cuota"},
        set(),
        set(),
    ]
    assert [ruleset.match(d) for d in docs] == ruleset.match_many(docs)


def test_rules_for(ruleset: RuleSet) -> None:
    assert "fees_es_cuota" not in {r.id for r in ruleset.rules_for("en", "job_ad")}
    assert "debt_lemma" not in {r.id for r in ruleset.rules_for("en", "audit")}
    assert ruleset.version.startswith("rules-")


def test_empty_text(ruleset: RuleSet) -> None:
    assert ruleset.match(Document("", language="en")) == []


def test_loading_compiles_every_pattern_so_the_first_match_compiles_nothing(monkeypatch) -> None:
    # Start-up is when the cost of compiling falls: a worker's first request must not pay it.
    loaded = load_ruleset(paths.rules_path())  # the shipped rules have token-stream patterns

    def refuse(self: TokenStreamMatcher) -> None:
        raise AssertionError("token patterns compiled on the first match, not at load")

    monkeypatch.setattr(TokenStreamMatcher, "compile", refuse)
    for language in loaded.languages:
        loaded.match(Document("The placement fee is 500 dollars.", language=language))


def test_rules_that_do_not_compile_together_are_a_load_error(monkeypatch) -> None:
    # Each pattern is checked on its own; the alphabet of all of them together has a limit.
    # With room for 1,000 letters, every shipped pattern fits alone (at most ~500) and the
    # English ones together (~3,200) do not.
    monkeypatch.setattr(token_stream, "_LAST", token_stream._BASE + 1000)
    with pytest.raises(RuleLoadError, match="the rules do not compile: too many distinct words"):
        load_ruleset(paths.rules_path())
