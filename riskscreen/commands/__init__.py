"""Subcommands of the `riskscreen` command, one module per area, imported when used.

Importing every command module costs seconds (scikit-learn, pandas, spaCy, SQLAlchemy), so
the command line only names them here: `riskscreen rules check` imports the rules module
alone, and `riskscreen --help` lists the commands from the one-line summaries below
(tests/test_cli.py checks that each equals its command's own).
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

import click


class Subcommand(NamedTuple):
    """A subcommand: where its click command lives and its one-line summary."""

    target: str  # "module:attribute"
    summary: str  # the first line of its help, as `riskscreen --help` shows it

    def load(self) -> click.Command:
        """Import the command's module and return the command."""
        module_name, attribute = self.target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command


SUBCOMMANDS = {
    "bands": Subcommand(
        "riskscreen.commands.bands:bands_command",
        "Score the corpus split; print the band table for the current cut-offs and a proposal.",
    ),
    "config": Subcommand(
        "riskscreen.commands.service:config_command",
        "Print every RISKSCREEN_* variable with its default and meaning (Markdown).",
    ),
    "db": Subcommand("riskscreen.commands.service:db_group", "The store's schema."),
    "keys": Subcommand("riskscreen.commands.keys:keys_group", "API keys: create, list, revoke."),
    "model": Subcommand(
        "riskscreen.commands.model:model_group",
        "Train, evaluate and manage the text classifier versions.",
    ),
    "reference": Subcommand(
        "riskscreen.commands.reference:reference_group",
        "Reference data for supplier screening: DOL goods list, country indices, entity lists.",
    ),
    "rules": Subcommand(
        "riskscreen.commands.rules:rules_group", "Check, test and evaluate the rule files."
    ),
    "rulesets": Subcommand(
        "riskscreen.commands.analyst:analyst_group",
        "Stored ruleset versions: list, import, activate, roll back, backtest.",
    ),
    "screen": Subcommand(
        "riskscreen.commands.screen:screen_command",
        "Screen a job ad or audit finding from FILE (or standard input).",
    ),
    "serve": Subcommand(
        "riskscreen.commands.service:serve_command",
        "Start the service (gunicorn with gunicorn.conf.py where available).",
    ),
}
