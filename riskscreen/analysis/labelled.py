"""Labelled texts for backtests and training: the corpus, an uploaded JSONL, or feedback.

Every source becomes a list of :class:`LabelledText`: a text with its kind, label (1 = risk,
0 = no risk), the indicators a reviewer says it shows, and the structured fields the rules
can test. Lines that cannot be read are errors naming the line, never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskscreen.engine.document import Document
from riskscreen.ml.corpus import CorpusError, Record, record_from_json, split_of

SPLITS = ("all", "train", "test")


class LabelledSetError(ValueError):
    """A labelled record that cannot be read; the message names where."""


@dataclass(frozen=True)
class LabelledText:
    id: str
    kind: str
    text: str
    label: int  # 1 = risk, 0 = no risk
    indicators: tuple[str, ...] = ()
    language: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    generated: bool = False

    def document(self) -> Document:
        return Document(self.text, kind=self.kind, language=self.language, fields=dict(self.fields))

    def record(self) -> Record:
        """The form riskscreen.ml trains on."""
        return Record(id=self.id, kind=self.kind, text=self.text, label=self.label,
                      generated=self.generated, language=self.language,
                      indicators=self.indicators, fields=dict(self.fields))


def from_object(obj: Any, where: str) -> LabelledText:
    """One corpus-format record ({id, kind, text, label, indicators?, language?, fields?})."""
    try:
        record = record_from_json(obj, where)
    except CorpusError as exc:
        raise LabelledSetError(str(exc)) from None
    return from_record(record)


def from_record(record: Record) -> LabelledText:
    """A corpus Record as a labelled text; its country joins the fields the rules can test."""
    fields = dict(record.fields)
    if record.country and "country" not in fields:
        fields["country"] = record.country
    return LabelledText(
        id=record.id, kind=record.kind, text=record.text, label=record.label,
        indicators=record.indicators, language=record.language, fields=fields,
        generated=record.generated,
    )


def parse_jsonl(text: str, name: str = "upload") -> list[LabelledText]:
    """Records of a JSONL text, one object a line (blank lines allowed)."""
    objects: list[tuple[Any, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}: line {lineno}"
        try:
            objects.append((json.loads(line), where))
        except json.JSONDecodeError as exc:
            raise LabelledSetError(f"{where}: invalid JSON ({exc.msg})") from None
    return _unique(objects)


def _unique(objects: Iterable[tuple[Any, str]]) -> list[LabelledText]:
    out: list[LabelledText] = []
    seen: set[str] = set()
    for obj, where in objects:
        item = from_object(obj, where)
        if item.id in seen:
            raise LabelledSetError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
        out.append(item)
    return out


def from_objects(objects: Sequence[Any], name: str = "records") -> list[LabelledText]:
    return _unique((obj, f"{name}: record {i}") for i, obj in enumerate(objects, start=1))


def read_corpus(paths: Iterable[Path]) -> list[LabelledText]:
    """Every record of the JSONL files given (a folder means its *.jsonl files)."""
    out: list[LabelledText] = []
    for path in paths:
        files = sorted(Path(path).glob("*.jsonl")) if Path(path).is_dir() else [Path(path)]
        for file in files:
            out.extend(parse_jsonl(file.read_text(encoding="utf-8-sig"), str(file)))
    return out


def select(items: Iterable[LabelledText], split: str = "all", kind: str | None = None
           ) -> list[LabelledText]:
    """Only the records of a split (docs/contracts.md) and kind."""
    if split not in SPLITS:
        raise LabelledSetError(f"split must be one of {', '.join(SPLITS)}")
    out = []
    for item in items:
        if kind is not None and item.kind != kind:
            continue
        if split != "all" and split_of({"id": item.id, "generated": item.generated}) != split:
            continue
        out.append(item)
    return out
