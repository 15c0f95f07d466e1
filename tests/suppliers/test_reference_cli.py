"""`riskscreen reference ...` and the reference data in the store (provenance, starter)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from riskscreen.cli import main
from riskscreen.config import build_config
from riskscreen.store.database import Store
from riskscreen.store.reference import REFERENCE_DIR, ensure_starter_goods, load_reference
from tests.conftest import make_test_app
from tests.suppliers.helpers import xlsx


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKSCREEN_INSTANCE_PATH", str(tmp_path / "instance"))
    return CliRunner()


def snapshot():
    store = Store(build_config()["DATABASE_URL"])
    with store.session() as session:
        return load_reference(session)


def test_import_goods_in_both_layouts_replaces_the_active_edition(runner, tmp_path):
    legacy = tmp_path / "legacy.csv"
    legacy.write_text("country,good,child_labor,forced_labor\nThailand,Shrimp,Yes,Yes\n")
    result = runner.invoke(main, ["reference", "import-goods", str(legacy), "--edition", "2018"])
    assert result.exit_code == 0, result.output
    assert "dol-legacy" in result.output
    assert snapshot().goods["TH"]["shrimp"].edition == "2018"

    current = tmp_path / "dol.xlsx"
    current.write_bytes(xlsx([
        ["good", "sector", "country", "region", "child_labor", "forced_labor",
         "forced_child_labor", "derived_labor_exploitation", "derived_country"],
        ["Gloves", "Manufacturing", "Malaysia", "", "No", "Yes", "No", "No", ""],
        ["Gold", "Mining", "Atlantis", "", "Yes", "No", "No", "No", ""]]))
    result = runner.invoke(main, ["reference", "import-goods", str(current), "--edition",
                                  "2022", "--source", "US DOL ILAB"])
    assert result.exit_code == 0, result.output
    assert "row 3, country: unknown country 'Atlantis'" in result.output
    data = snapshot()
    assert "TH" not in data.goods  # replaced, not merged
    assert data.goods["MY"]["gloves"].types == ("forced",)
    (goods,) = [p for p in data.provenance if p["kind"] == "goods"]
    assert (goods["edition"], goods["source"], goods["layout"]) == ("2022", "US DOL ILAB",
                                                                    "dol-2022")
    listed = runner.invoke(main, ["reference", "list"]).output
    assert "2022" in listed and "2018" not in listed


def test_import_entities_and_countries(runner):
    result = runner.invoke(main, ["reference", "import-entities",
                                  str(REFERENCE_DIR / "entities_example.csv"),
                                  "--list", "example-fictional"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["reference", "import-countries",
                                  str(REFERENCE_DIR / "country_index_example.csv"),
                                  "--name", "example", "--edition", "x1"])
    assert result.exit_code == 0, result.output
    assert "Wakanda" in result.output
    data = snapshot()
    assert len(data.entities) == 8
    assert all("FICTIONAL" in e.reference for e in data.entities)
    assert data.country_index["CN"][0].indicator == "example_index"
    removed = runner.invoke(main, ["reference", "remove", "entities", "example-fictional"])
    assert removed.exit_code == 0
    assert snapshot().entities == []


def test_a_file_in_the_wrong_layout_is_refused(runner, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("company,place\nA,B\n")
    result = runner.invoke(main, ["reference", "import-goods", str(wrong)])
    assert result.exit_code != 0 and "child_labor" in result.output
    result = runner.invoke(main, ["reference", "import-entities", str(wrong), "--list", "x"])
    assert result.exit_code != 0 and "name" in result.output


def test_the_starter_goods_table_loads_at_first_start_only(tmp_path):
    app = make_test_app(tmp_path)
    store = app.extensions["riskscreen.store"]
    with store.session() as session:
        data = load_reference(session)
    (goods,) = [p for p in data.provenance if p["kind"] == "goods"]
    assert goods["edition"] == "starter-2026-11" and goods["licence"] == "CC0-1.0"
    assert "NOT the official list" in goods["source"]
    assert data.goods["UZ"]["cotton"].types == ("child", "forced")
    with store.transaction() as session:
        assert ensure_starter_goods(session) is False  # already there
