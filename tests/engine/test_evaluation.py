"""Backtesting rules on labelled records: split, counts and metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riskscreen.engine.evaluation import (
    CorpusError,
    evaluate,
    format_evaluation,
    read_records,
    split_of,
)
from riskscreen.engine.rules import RuleSet


def _record(
    rid: str, text: str, indicators: list[str], label: str = "risk", **extra: object
) -> dict:
    return {
        "id": rid,
        "kind": "job_ad",
        "text": text,
        "label": label,
        "indicators": indicators,
        "language": "en",
        **extra,
    }


def test_split_follows_the_contract() -> None:
    records = [{"id": f"r-{i:04d}"} for i in range(500)]
    tests = [r for r in records if split_of(r) == "test"]
    assert 60 < len(tests) < 140  # about one in five
    assert split_of({"id": tests[0]["id"], "generated": True}) == "train"


def test_split_matches_the_ml_package() -> None:
    from riskscreen.ml import corpus

    for i in range(200):
        record = {"id": f"x-{i}", "generated": i % 7 == 0}
        assert corpus.split_of(record) == split_of(record)


def test_evaluate_counts(ruleset: RuleSet) -> None:
    records = [
        _record("a", "A placement fee of $300.", ["recruitment_fees"]),
        _record("b", "Passports are kept by the agent.", ["recruitment_fees"]),
        _record("c", "No recruitment fees at all.", [], label="no_risk"),
        _record("d", "A placement fee applies.", [], label="no_risk"),
    ]
    result = evaluate(ruleset, records, ruleset.indicators)
    fees = result.per_indicator["recruitment_fees"]
    assert (fees.tp, fees.fp, fees.fn) == (1, 1, 1)
    assert fees.false_positives == ["d"] and fees.false_negatives == ["b"]
    docs = result.per_indicator["retention_of_documents"]
    assert (docs.tp, docs.fp, docs.fn) == (0, 1, 0)
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (1, 2, 1)
    assert (result.any_risk.tp, result.any_risk.fp, result.any_risk.fn) == (2, 1, 0)
    assert fees.precision == fees.recall == fees.f1 == 0.5
    text = format_evaluation(result, {"recruitment_fees"}, verbose=True)
    assert "FP recruitment_fees d: fees_phrase: 'placement fee'" in text
    assert "FN recruitment_fees b" in text


def test_read_records(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(_record("a", "x", [])) + "\n\n")
    (tmp_path / "b.jsonl").write_text("{not json}\n")
    assert [r["id"] for r in read_records([tmp_path / "a.jsonl"])] == ["a"]
    with pytest.raises(CorpusError, match=r"b\.jsonl:1"):
        read_records([tmp_path])
