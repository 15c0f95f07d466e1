"""create_app reads defaults, then RISKSCREEN_* variables, then the test mapping."""

from pathlib import Path

import pytest

from riskscreen.config import ConfigError, build_config, configuration_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_put_sqlite_in_the_instance_folder(tmp_path):
    config = build_config(environ={"RISKSCREEN_INSTANCE_PATH": str(tmp_path)})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path}/riskscreen.sqlite3"
    assert config["AUTO_MIGRATE"] is True


def test_environment_overrides_defaults_and_mapping_overrides_environment(tmp_path):
    environ = {"RISKSCREEN_RATE_LIMIT": "5 per second", "RISKSCREEN_MAX_REQUEST_BYTES": "1024"}
    config = build_config({"MAX_REQUEST_BYTES": 99}, environ=environ)
    assert config["RATE_LIMIT"] == "5 per second"
    assert config["MAX_REQUEST_BYTES"] == 99


def test_database_url_from_environment_wins_over_instance_path(tmp_path):
    environ = {"RISKSCREEN_DATABASE_URL": "postgresql+psycopg://u:p@db/riskscreen",
               "RISKSCREEN_INSTANCE_PATH": str(tmp_path)}
    assert build_config(environ=environ)["DATABASE_URL"].startswith("postgresql+psycopg://")


@pytest.mark.parametrize("name,value", [("AUTO_MIGRATE", "maybe"), ("MAX_REQUEST_BYTES", "ten")])
def test_unreadable_variable_names_itself(name, value):
    with pytest.raises(ConfigError, match=f"RISKSCREEN_{name}"):
        build_config(environ={f"RISKSCREEN_{name}": value})


def test_readme_lists_every_variable():
    readme = README.read_text(encoding="utf-8")
    for line in configuration_table().splitlines()[2:]:
        variable = line.split("|")[1].strip()
        assert variable in readme, f"{variable} is missing from the README's configuration table"


def test_app_factory_applies_test_mapping(app):
    assert app.config["RATE_LIMIT"] == "10000 per minute"
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_REQUEST_BYTES"]
