"""Band cut-offs come from labelled data and meet their targets on it."""

import random

from riskscreen.analysis.bands import (
    CRITICAL_MIN_PRECISION,
    HIGH_MIN_PRECISION,
    LOW_MAX_RISKY,
    band_table,
    choose_cutoffs,
)


def synthetic(n=400, seed=3):
    rng = random.Random(seed)
    scores, labels = [], []
    for _ in range(n):
        label = rng.random() < 0.4
        score = min(100.0, max(0.0, rng.gauss(75 if label else 20, 18)))
        scores.append(score)
        labels.append(int(label))
    return scores, labels


def test_chosen_cutoffs_meet_the_targets():
    scores, labels = synthetic()
    cutoffs = choose_cutoffs(scores, labels)
    assert [name for _, name in cutoffs] == ["low", "medium", "high", "critical"]
    assert [lower for lower, _ in cutoffs] == sorted(lower for lower, _ in cutoffs)
    rows = {row.band: row for row in band_table(scores, labels, cutoffs)}
    assert rows["low"].share_risky <= LOW_MAX_RISKY
    high_and_up = rows["high"].risky + rows["critical"].risky
    assert high_and_up / (rows["high"].documents + rows["critical"].documents) \
        >= HIGH_MIN_PRECISION
    assert rows["critical"].share_risky >= CRITICAL_MIN_PRECISION
    assert sum(row.documents for row in rows.values()) == len(scores)


def test_band_table_counts_every_document_once():
    rows = band_table([0, 34.9, 35, 64.9, 65, 100], [0, 0, 1, 0, 1, 1],
                      [(0, "low"), (35, "medium"), (65, "high"), (90, "critical")])
    assert [(r.band, r.documents, r.risky) for r in rows] == [
        ("low", 2, 0), ("medium", 2, 1), ("high", 1, 1), ("critical", 1, 1)]
