"""The indicator catalogue: shape, groups, duplicates, errors naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskscreen.engine.catalogue import GROUPS, load_catalogue, parse_catalogue
from riskscreen.engine.errors import RuleLoadError
from tests.engine.support import FIXTURES, ROOT

GOOD = {
    "id": "recruitment_fees",
    "name": "Recruitment fees",
    "group": "fair_recruitment",
    "source": "ILO (2019)",
    "description": "Worker pays.",
    "remediation": "Repay.",
}


def test_fixture_catalogue_loads() -> None:
    indicators = load_catalogue(FIXTURES / "catalogue.yaml")
    assert "recruitment_fees" in indicators
    assert indicators["recruitment_fees"].group == "fair_recruitment"


def test_shipped_catalogue_loads() -> None:
    path = ROOT / "rules" / "indicators.yaml"
    indicators = load_catalogue(path)
    assert {i.group for i in indicators.values()} <= set(GROUPS)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"indicators": [{**GOOD, "owner": "x"}]}, "indicators[0].owner", "unknown key"),
        (
            {"indicators": [{k: v for k, v in GOOD.items() if k != "source"}]},
            "indicators[0].source",
            "missing",
        ),
        ({"indicators": [{**GOOD, "name": ""}]}, "indicators[0].name", "non-empty"),
        ({"indicators": [{**GOOD, "group": "other"}]}, "indicators[0].group", "unknown group"),
        ({"indicators": [GOOD, GOOD]}, "indicators[1].id", "duplicate"),
        ({"indicators": ["recruitment_fees"]}, "indicators[0]", "mapping"),
        ({"indicators": []}, "indicators", "non-empty"),
        ({"items": []}, "indicators", "single key"),
        (None, "indicators", "single key"),
    ],
)
def test_catalogue_errors(data: object, field: str, message: str) -> None:
    _, errors = parse_catalogue(data, "indicators.yaml")
    assert any(
        e.file == "indicators.yaml" and e.field == field and message in e.message for e in errors
    ), errors


def test_load_catalogue_raises_with_every_error(tmp_path: Path) -> None:
    (tmp_path / "indicators.yaml").write_text("indicators:\n  - id: a\n  - id: b\n")
    with pytest.raises(RuleLoadError) as info:
        load_catalogue(tmp_path)
    assert len(info.value.errors) == 10  # 5 missing fields x 2 indicators
    assert str(info.value).count("\n") == 9
