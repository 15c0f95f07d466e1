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

from riskscreen.engine.document import KINDS, Document
from riskscreen.ml.corpus import Record, parse_label, split_of

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
                      indicators=self.indicators)


def from_object(obj: Any, where: str) -> LabelledText:
    """One corpus-format record ({id, kind, text, label, indicators?, language?, fields?})."""
    if not isinstance(obj, dict):
        raise LabelledSetError(f"{where}: expected a JSON object")
    missing = [key for key in ("id", "kind", "text", "label") if key not in obj]
    if missing:
        raise LabelledSetError(f"{where}: missing {', '.join(missing)}")
    if obj["kind"] not in KINDS:
        raise LabelledSetError(f"{where}: kind must be one of {', '.join(KINDS)}")
    if not isinstance(obj["text"], str) or not obj["text"].strip():
        raise LabelledSetError(f"{where}: text must be a non-empty string")
    try:
        label = parse_label(obj["label"])
    except ValueError as exc:
        raise LabelledSetError(f"{where}: {exc}") from None
    indicators = obj.get("indicators") or []
    if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
        raise LabelledSetError(f"{where}: indicators must be a list of indicator ids")
    fields = dict(obj.get("fields") or {})
    if obj.get("country") and "country" not in fields:
        fields["country"] = obj["country"]
    language = obj.get("language")
    return LabelledText(
        id=str(obj["id"]), kind=obj["kind"], text=obj["text"], label=label,
        indicators=tuple(indicators), language=language if isinstance(language, str) else None,
        fields=fields, generated=bool(obj.get("generated", False)),
    )


def parse_jsonl(text: str, name: str = "upload") -> list[LabelledText]:
    """Records of a JSONL text, one object a line (blank lines allowed)."""
    out: list[LabelledText] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}: line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelledSetError(f"{where}: invalid JSON ({exc.msg})") from None
        item = from_object(obj, where)
        if item.id in seen:
            raise LabelledSetError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
        out.append(item)
    return out


def from_objects(objects: Sequence[Any], name: str = "records") -> list[LabelledText]:
    return parse_jsonl("\n".join(json.dumps(o) for o in objects), name)


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
