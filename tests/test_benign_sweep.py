"""Benign sweep: no rule may hit a no_risk corpus record unless the pair is a listed,
explained known false positive (rules/known_false_positives.yaml)."""

from __future__ import annotations

from riskscreen import paths
from riskscreen.engine.evaluation import document_of, read_records
from riskscreen.engine.rules import RuleSet
from riskscreen.engine.rules.known_false_positives import load_known_false_positives

MIN_BENIGN_RECORDS = 300


def test_no_rule_hits_a_benign_record(shipped_ruleset: RuleSet) -> None:
    corpus = paths.corpus_path()
    records = [r for r in read_records([corpus]) if r.get("label") == "no_risk"]
    assert len(records) >= MIN_BENIGN_RECORDS, (
        f"only {len(records)} no_risk records in {corpus}: the sweep needs at least "
        f"{MIN_BENIGN_RECORDS} to mean anything"
    )
    known = load_known_false_positives(paths.rules_path())
    unexpected = []
    seen = set()
    for record, hits in zip(
        records, shipped_ruleset.match_many([document_of(r) for r in records]), strict=True
    ):
        for hit in hits:
            pair = (str(record["id"]), hit.rule_id)
            seen.add(pair)
            if pair not in known:
                unexpected.append(f"{pair[0]} {pair[1]}: {hit.evidence!r} in {hit.sentence!r}")
    assert not unexpected, (
        "rules hit benign records (fix the rule or list the pair with a reason):\n"
        + "\n".join(unexpected)
    )
    stale = sorted(set(known) - seen)
    assert not stale, f"known false positives that no longer occur (remove them): {stale}"
