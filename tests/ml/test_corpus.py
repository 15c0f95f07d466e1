from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskscreen.ml.corpus import (
    CorpusError,
    Record,
    data_sha256,
    load_records,
    parse_label,
    read_csv,
    read_jsonl,
    split_of,
    split_records,
)

from .helpers import make_records, write_jsonl


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("risk", 1),
        ("no_risk", 0),
        ("RISK", 1),
        (" No_Risk ", 0),
        ("1", 1),
        ("0", 0),
        (1, 1),
        (0, 0),
        ("true", 1),
        ("False", 0),
        (True, 1),
        (False, 0),
        ("yes", 1),
        ("no", 0),
        ("1.0", 1),
        (0.0, 0),
    ],
)
def test_parse_label_accepts(value: object, expected: int) -> None:
    assert parse_label(value) == expected


@pytest.mark.parametrize("value", ["maybe", "", "2", None, float("nan"), "risky"])
def test_parse_label_refuses(value: object) -> None:
    with pytest.raises(ValueError):
        parse_label(value)


def test_read_jsonl(tmp_path: Path) -> None:
    records = make_records("job_ad", 6)
    path = write_jsonl(tmp_path / "a.jsonl", records)
    assert read_jsonl(path) == [
        Record(r.id, r.kind, r.text, r.label, False, "en", "MY", "garments", ()) for r in records
    ]


def test_read_jsonl_bad_label_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "a", "kind": "audit", "text": "x y", "label": "risk"}\n\n'
        '{"id": "b", "kind": "audit", "text": "x y", "label": "sometimes"}\n'
    )
    with pytest.raises(CorpusError, match=r"bad.jsonl: line 3 \(id b\): unknown label 'sometimes'"):
        read_jsonl(path)


def test_read_jsonl_bad_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "kind": "audit", "text": "x", "label": "risk"}\n{oops\n')
    with pytest.raises(CorpusError, match="line 2: invalid JSON"):
        read_jsonl(path)


def test_read_csv_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "job_id,title,description,fraudulent\n"
        '1,Driver,"Pay fee, leave now",1\n'
        "2,Nurse,Band 5 post,0\n"
        "3,Picker,,1\n",
        encoding="utf-8",
    )
    records = read_csv(path, "job_ad", ("title", "description"), "fraudulent", id_column=None)
    assert [r.label for r in records] == [1, 0, 1]
    assert records[0].text == "Driver\nPay fee, leave now"
    assert records[2].text == "Picker"
    assert records[0].id == "sha-" + hashlib.sha256(records[0].text.encode()).hexdigest()[:16]
    assert {r.kind for r in records} == {"job_ad"}


def test_read_csv_bad_label_names_row(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("text,fraudulent\nfine job,0\nbad job,1\nodd job,perhaps\n")
    with pytest.raises(CorpusError, match=r"row 3 \(line 4\): unknown label 'perhaps'"):
        read_csv(path, "job_ad", ("text",), "fraudulent")


def test_read_csv_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("text,label\na b,1\n")
    with pytest.raises(CorpusError, match="missing column"):
        read_csv(path, "job_ad", ("description",), "label")


def test_load_records_filters_sorts_and_refuses_duplicates(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "b.jsonl", make_records("audit", 4))
    write_jsonl(tmp_path / "a.jsonl", make_records("job_ad", 4))
    records = load_records([tmp_path], kind="audit")
    assert [r.id for r in records] == sorted(r.id for r in make_records("audit", 4))
    write_jsonl(tmp_path / "c.jsonl", make_records("audit", 1))
    with pytest.raises(CorpusError, match="duplicate id"):
        load_records([tmp_path])


def test_split_rule_matches_contract() -> None:
    records = make_records("audit", 200)
    for r in records:
        bucket = int(hashlib.sha256(r.id.encode()).hexdigest()[:8], 16) % 5
        assert split_of(r) == ("test" if bucket == 0 else "train")
    train, test = split_records(records)
    assert 20 <= len(test) <= 60 and len(train) + len(test) == 200


@given(st.text(min_size=1, max_size=40), st.booleans())
def test_split_is_deterministic_and_generated_trains(rid: str, generated: bool) -> None:
    rec = Record(id=rid, kind="job_ad", text="t", label=1, generated=generated)
    as_dict = {"id": rid, "generated": generated}
    assert split_of(rec) == split_of(as_dict) == split_of(rec)
    if generated:
        assert split_of(rec) == "train"


def test_data_hash_is_order_free_and_label_sensitive() -> None:
    records = make_records("job_ad", 10)
    assert data_sha256(records) == data_sha256(list(reversed(records)))
    flipped = [Record(records[0].id, "job_ad", records[0].text, 1 - records[0].label), *records[1:]]
    assert data_sha256(flipped) != data_sha256(records)
