"""Reading labelled records: the JSONL corpus and partner CSV files.

A :class:`Record` is the normalised form every other module uses. Labels become 1 (risk)
or 0 (no_risk); an unreadable label is an error that names the file and the row, never a
silent drop.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

KINDS = ("job_ad", "audit")
LABEL_NAMES = ("no_risk", "risk")  # index = numeric label

_POSITIVE = {"risk", "1", "1.0", "true", "yes", "y", "t"}
_NEGATIVE = {"no_risk", "0", "0.0", "false", "no", "n", "f"}


class CorpusError(ValueError):
    """A labelled file that cannot be read; the message names the file and the row."""


@dataclass(frozen=True)
class Record:
    """One labelled document, normalised."""

    id: str
    kind: str
    text: str
    label: int  # 1 = risk, 0 = no_risk
    generated: bool = False
    language: str | None = None
    country: str | None = None
    industry: str | None = None
    indicators: tuple[str, ...] = field(default_factory=tuple)
    # structured fields the rules can test (hours_per_week, wage, ...); the classifier ignores them
    fields: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def label_name(self) -> str:
        return LABEL_NAMES[self.label]


def parse_label(value: Any) -> int:
    """Map risk/no_risk, 1/0, true/false, yes/no (any case) to 1/0; raise ValueError otherwise."""
    if isinstance(value, bool):
        return int(value)
    if value is None or (isinstance(value, float) and value != value):
        raise ValueError("missing label")
    text = str(value).strip().lower()
    if text in _POSITIVE:
        return 1
    if text in _NEGATIVE:
        return 0
    raise ValueError(f"unknown label {value!r} (expected risk/no_risk, 1/0, true/false or yes/no)")


def split_of(record: Record | dict[str, Any]) -> str:
    """'test' or 'train', computed from the id (docs/contracts.md). Generated records train."""
    if isinstance(record, Record):
        rid, generated = record.id, record.generated
    else:
        rid, generated = str(record["id"]), bool(record.get("generated", False))
    if generated:
        return "train"
    bucket = int(hashlib.sha256(rid.encode("utf-8")).hexdigest()[:8], 16) % 5
    return "test" if bucket == 0 else "train"


def data_sha256(records: Iterable[Record]) -> str:
    """SHA-256 over the normalised records (id, kind, label, generated, text), sorted by id."""
    digest = hashlib.sha256()
    for rec in sorted(records, key=lambda r: r.id):
        line = json.dumps(
            [rec.id, rec.kind, rec.label, rec.generated, rec.text], ensure_ascii=False
        )
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def record_from_json(obj: Any, where: str) -> Record:
    """One corpus-format object as a Record; CorpusError names `where` when it cannot."""
    if not isinstance(obj, dict):
        raise CorpusError(f"{where}: expected a JSON object")
    missing = [key for key in ("id", "kind", "text", "label") if key not in obj]
    if missing:
        raise CorpusError(f"{where}: missing {', '.join(missing)}")
    if obj["kind"] not in KINDS:
        raise CorpusError(f"{where}: kind must be one of {', '.join(KINDS)}, not {obj['kind']!r}")
    if not isinstance(obj["text"], str) or not obj["text"].strip():
        raise CorpusError(f"{where}: empty or non-string text")
    try:
        label = parse_label(obj["label"])
    except ValueError as exc:
        raise CorpusError(f"{where}: {exc}") from None
    indicators = obj.get("indicators") or []
    if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
        raise CorpusError(f"{where}: indicators must be a list of indicator ids")
    fields = obj.get("fields") or {}
    if not isinstance(fields, dict):
        raise CorpusError(f"{where}: fields must be an object")
    language = obj.get("language")
    return Record(
        id=str(obj["id"]),
        kind=obj["kind"],
        text=obj["text"],
        label=label,
        generated=bool(obj.get("generated", False)),
        language=language if isinstance(language, str) else None,
        country=obj.get("country"),
        industry=obj.get("industry"),
        indicators=tuple(indicators),
        fields=dict(fields),
    )


def read_jsonl(path: Path) -> list[Record]:
    """Read one corpus JSONL file (blank lines allowed)."""
    records = []
    with Path(path).open(encoding="utf-8-sig") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}: line {lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{where}: invalid JSON ({exc.msg})") from None
            if isinstance(obj, dict) and "id" in obj:
                where = f"{where} (id {obj['id']})"
            records.append(record_from_json(obj, where))
    return records


def read_csv(
    path: Path,
    kind: str,
    text_columns: Sequence[str] = ("text",),
    label_column: str = "label",
    id_column: str | None = "id",
) -> list[Record]:
    """Read a labelled CSV. Several text columns are joined with newlines.

    Rows without an id get ``sha-<16 hex of sha256(text)>``, so identical texts share a split.
    """
    if kind not in KINDS:
        raise CorpusError(f"unknown kind {kind!r} (expected one of {KINDS})")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise CorpusError(f"{path}: cannot read CSV ({exc})") from None
    missing = [c for c in (*text_columns, label_column) if c not in frame.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {missing}; columns are {list(frame.columns)}")
    texts = (
        frame[list(text_columns)]
        .fillna("")
        .astype(str)
        .agg(lambda row: "\n".join(part for part in row if part.strip()), axis=1)
    )
    has_ids = id_column is not None and id_column in frame.columns
    records = []
    for row_number, (index, text) in enumerate(texts.items(), start=1):
        where = f"{path}: row {row_number} (line {row_number + 1})"
        raw_label = frame.at[index, label_column]
        try:
            label = parse_label(raw_label)
        except ValueError as exc:
            raise CorpusError(f"{where}: {exc}") from None
        if not text.strip():
            raise CorpusError(f"{where}: empty text in column(s) {list(text_columns)}")
        if has_ids and str(frame.at[index, id_column]).strip():
            rid = str(frame.at[index, id_column]).strip()
        else:
            rid = "sha-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        records.append(Record(id=rid, kind=kind, text=text, label=label))
    return records


def load_records(
    paths: Sequence[Path],
    kind: str | None = None,
    text_columns: Sequence[str] = ("text",),
    label_column: str = "label",
) -> list[Record]:
    """Read JSONL and CSV files (directories: every *.jsonl inside), filter by kind, sort by id.

    A duplicate id among JSONL records is an error (the split relies on unique ids). CSV rows
    without an id column share the id of identical texts, which keeps duplicates in one split.
    """
    records: list[Record] = []
    jsonl_files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            jsonl_files.extend(sorted(path.glob("*.jsonl")))
        elif path.suffix.lower() == ".csv":
            if kind is None:
                raise CorpusError(f"{path}: a CSV needs the document kind (--kind)")
            records.extend(read_csv(path, kind, text_columns, label_column))
        elif path.exists():
            jsonl_files.append(path)
        else:
            raise CorpusError(f"{path}: no such file")
    seen: dict[str, Path] = {}
    for jsonl in jsonl_files:
        for rec in read_jsonl(jsonl):
            if rec.id in seen:
                raise CorpusError(f"{jsonl}: duplicate id {rec.id!r} (also in {seen[rec.id]})")
            seen[rec.id] = jsonl
            records.append(rec)
    if kind is not None:
        records = [r for r in records if r.kind == kind]
    return sorted(records, key=lambda r: (r.id, r.text))


def split_records(records: Iterable[Record]) -> tuple[list[Record], list[Record]]:
    """(train, test) by :func:`split_of`."""
    train: list[Record] = []
    test: list[Record] = []
    for rec in records:
        (test if split_of(rec) == "test" else train).append(rec)
    return train, test
