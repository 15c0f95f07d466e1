"""rules/known_false_positives.yaml: entries need record, rule and a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskscreen.engine.errors import RuleLoadError
from riskscreen.engine.rules.known_false_positives import load_known_false_positives


def test_missing_file_means_none(tmp_path: Path) -> None:
    assert load_known_false_positives(tmp_path) == {}


def test_entries(tmp_path: Path) -> None:
    (tmp_path / "known_false_positives.yaml").write_text(
        "known_false_positives:\n"
        "  - record: jla-0001\n    rule: fees_x\n    reason: quotes a policy\n"
    )
    assert load_known_false_positives(tmp_path) == {("jla-0001", "fees_x"): "quotes a policy"}


def test_entry_without_reason_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "known_false_positives.yaml").write_text(
        "known_false_positives:\n  - record: jla-0001\n    rule: fees_x\n    why: x\n"
    )
    with pytest.raises(RuleLoadError) as info:
        load_known_false_positives(tmp_path)
    fields = {e.field for e in info.value.errors}
    assert fields == {"known_false_positives[0].reason", "known_false_positives[0].why"}
