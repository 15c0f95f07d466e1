"""Labelled sets: the corpus format, errors that name the line, the split."""

from __future__ import annotations

import pytest

from riskscreen.analysis.labelled import LabelledSetError, parse_jsonl, read_corpus, select
from riskscreen.paths import corpus_path
from tests.analyst_support import LABELLED, jsonl


def test_jsonl_records_become_labelled_texts():
    items = parse_jsonl(jsonl(LABELLED))
    assert len(items) == len(LABELLED)
    assert items[2].label == 1 and items[2].indicators == ("recruitment_fees",)
    assert items[0].document().kind == "job_ad"


@pytest.mark.parametrize("line,message", [
    ("{not json", "line 2: invalid JSON"),
    ('{"id": "x", "kind": "job_ad", "text": "t"}', "line 2: missing label"),
    ('{"id": "x", "kind": "poster", "text": "t", "label": "risk"}', "line 2: kind"),
    ('{"id": "x", "kind": "job_ad", "text": "t", "label": "maybe"}', "line 2: unknown label"),
    ('{"id": "t-1", "kind": "job_ad", "text": "t", "label": "risk"}', "duplicate id"),
])
def test_bad_lines_are_named(line, message):
    with pytest.raises(LabelledSetError, match=message):
        parse_jsonl(jsonl(LABELLED[:1]) + "\n" + line)


def test_the_corpus_split_follows_the_contract():
    items = read_corpus([corpus_path()])
    test, train = select(items, "test"), select(items, "train")
    assert len(test) + len(train) == len(items) and test
    assert all(item.kind == "audit" for item in select(items, "all", "audit"))
