from __future__ import annotations

from pathlib import Path

from riskscreen.ml.corpus import split_of
from riskscreen.ml.datasheet import END, START, tables, updated
from riskscreen.ml.generate import generate

from .helpers import make_records, write_jsonl


def test_datasheet_tables_and_markers(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", make_records("audit", 8))
    write_jsonl(tmp_path / "b.jsonl", make_records("job_ad", 6))
    body = tables(tmp_path)
    assert body.startswith("14 records in 2 files.")
    assert "| a.jsonl | 0 | 0 | 4 | 4 | 8 |" in body
    assert "| en | 3 | 3 | 4 | 4 | 14 |" in body
    readme = f"# Sheet\n\nprose\n\n{START}\nold\n{END}\n\nmore prose\n"
    new = updated(readme, body)
    assert new.startswith("# Sheet\n\nprose") and new.endswith("more prose\n")
    assert "old" not in new and updated(new, body) == new


def test_generate_is_deterministic_marked_and_train_only() -> None:
    records = make_records("job_ad", 40)
    first, second = generate(records, 30, seed=2), generate(records, 30, seed=2)
    assert first == second
    assert all(r.generated and split_of(r) == "train" for r in first)
    assert {r.label for r in first} == {0, 1}
    test_texts = {r.text for r in records if split_of(r) == "test"}
    assert not any(t in g.text for g in first for t in test_texts)
