"""Properties of the whole screening, on the shipped rules and models (hypothesis).

- every span indexes the submitted text exactly;
- the reasons' contributions sum to the logit, and score = 100 * sigmoid(logit);
- adding a sentence of indicator evidence never lowers the score;
- the same input gives the same answer.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from riskscreen.commands.screen import build_screener
from riskscreen.engine.assessment import sigmoid
from riskscreen.engine.document import Document
from riskscreen.engine.scoring import BANDS
from riskscreen.paths import corpus_path, rules_path


@pytest.fixture(scope="module")
def screener():
    return build_screener()


def corpus_texts(kind: str, language: str = "en") -> list[str]:
    texts = []
    for file in sorted(corpus_path().glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["kind"] == kind and record["language"] == language:
                texts.append(record["text"])
    return texts[::7]  # a spread sample keeps the strategy small


def evidence_sentences() -> list[str]:
    """Match examples of English rules: each is evidence of some indicator."""
    import yaml

    sentences = []
    for file in sorted(rules_path().glob("*.yaml")):
        rule = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(rule, dict) or "examples" not in rule or "en" not in rule["languages"]:
            continue
        if "job_ad" not in rule.get("kinds", ["job_ad", "audit"]):
            continue
        for example in rule["examples"].get("match", []):
            if isinstance(example, str) and example.rstrip().endswith((".", "!", "?")):
                sentences.append(example.strip())
    return sentences


JOB_ADS = corpus_texts("job_ad")
EVIDENCE = evidence_sentences()
odd_text = st.text(
    alphabet=st.sampled_from(list("abc fee passport Fees PASSPORT .,!\r\n\t😀é–\u00a0")),
    max_size=200,
)


def assert_spans_index_the_text(answer, text):
    for reason in answer.reasons:
        for span in reason.spans:
            assert text[span.start:span.end] == span.evidence


def assert_reasons_add_up(answer):
    assert math.fsum(r.contribution for r in answer.reasons) == pytest.approx(answer.logit,
                                                                             abs=1e-9)
    assert answer.score == pytest.approx(100 * sigmoid(answer.logit))


settings.register_profile("screening", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("screening")


@given(base=st.sampled_from(JOB_ADS), noise=odd_text, position=st.integers(0, 2000))
def test_spans_index_the_text_exactly(screener, base, noise, position):
    position = min(position, len(base))
    text = base[:position] + noise + base[position:]
    answer = screener.screen(Document(text, kind="job_ad", language="en"), explain=True)
    assert_spans_index_the_text(answer, text)
    for hit in answer.trace["hits"] + answer.trace["suppressed"]:
        if hit["start"] is not None:
            assert text[hit["start"]:hit["end"]] == hit["evidence"]


@given(base=st.sampled_from(JOB_ADS))
def test_contributions_sum_to_the_logit(screener, base):
    answer = screener.screen(Document(base, kind="job_ad", language="en"))
    assert_reasons_add_up(answer)
    assert answer.versions["ruleset"].startswith("rules-")


@given(base=st.sampled_from(JOB_ADS), evidence=st.sampled_from(EVIDENCE))
def test_adding_evidence_never_lowers_the_score(screener, base, evidence):
    base = base.rstrip()
    if not base.endswith((".", "!", "?")):
        base += "."
    before = screener.screen(Document(base, kind="job_ad", language="en"))
    after = screener.screen(Document(f"{base}\n\n{evidence}", kind="job_ad", language="en"))
    # evidence means: a rule fires on the added sentence (not every example fires everywhere)
    assume(any(span.start >= len(base) for r in after.reasons if r.source == "rule"
               for span in r.spans))
    assert after.logit >= before.logit - 1e-9, (evidence, before.logit, after.logit)


@given(base=st.sampled_from(JOB_ADS))
def test_same_input_same_answer(screener, base):
    document = Document(base, kind="job_ad", language="en")
    assert asdict(screener.screen(document)) == asdict(screener.screen(document))


def rounded(value, digits=9):
    """Batches sum sparse rows in another order than single calls: equal to ~1e-15."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v, digits) for v in value]
    return value


def test_batch_answers_equal_single_answers(screener):
    documents = [Document(text, kind="job_ad", language="en") for text in JOB_ADS[:20]]
    batch = screener.screen_many(documents)
    singles = [screener.screen(d) for d in documents]
    assert rounded([asdict(a) for a in batch]) == rounded([asdict(a) for a in singles])


def test_shown_classifier_terms_are_words_not_stop_words(screener):
    stop_words = {"the", "and", "with", "a", "is", "or", "of", "to"}
    for document in [Document(text, kind="job_ad", language="en") for text in JOB_ADS[:30]]:
        for reason in screener.screen(document).reasons:
            if reason.source == "classifier_term":
                assert not set(reason.term.lower().split()) <= stop_words
                assert any(ch.isalpha() for ch in reason.term)


def test_evidence_sentences_really_are_evidence(screener):
    assert len(EVIDENCE) >= 50
    fired = [s for s in EVIDENCE
             if screener.screen(Document(s, kind="job_ad", language="en")).indicators]
    assert len(fired) >= 0.9 * len(EVIDENCE)


def test_good_practice_does_not_raise_the_score(screener):
    risky = screener.screen(Document(
        "Workers pay a recruitment fee of USD 2,000 and the company keeps their passports.",
        kind="job_ad", language="en"))
    good = screener.screen(Document(
        "No recruitment fees are charged to workers and workers keep their own passports.",
        kind="job_ad", language="en"))
    assert {"recruitment_fees", "retention_of_documents"} <= set(risky.indicator_ids)
    assert good.indicators == ()
    assert risky.score > good.score
    assert {a.indicator for a in risky.advice} == set(risky.indicator_ids)


# Written for this test, not taken from the corpus: legitimate ads in the terse recruiter style
# that risky ads use. A classifier that learned style instead of substance scores them high.
PLAIN_GOOD_ADS = [
    "Warehouse pickers needed in Kuala Lumpur. Salary RM 1,800 a month. No placement fee: the "
    "employer pays all recruitment costs. Workers keep their own passports. Apply at "
    "careers.example-logistics.my.",
    "URGENT: 10 kitchen helpers needed for a hotel in Doha, start next month. Flights and visa "
    "paid by the employer, contract in your language before you travel. Call our office.",
    "Strawberry pickers needed for the season in Huelva, April to June. 8 hours a day, Sunday "
    "off, paid every month by bank transfer. Shared housing optional. Call the farm office.",
    "Hiring now! Cleaners for office buildings in Warsaw, day shift, 40 hours a week, paid "
    "overtime only if you choose it. Licensed agency, no fees for workers. Apply online.",
]


def test_plain_good_practice_ads_are_not_high(screener):
    high = dict(BANDS)  # lower bound -> name
    high_lower = next(lower for lower, name in high.items() if name == "high")
    for text in PLAIN_GOOD_ADS:
        answer = screener.screen(Document(text, kind="job_ad", language="en"))
        assert answer.indicators == ()
        assert answer.score < high_lower, (text, answer.score, answer.band)
