"""Subcommand groups of the `riskscreen` command, one module per area."""

from __future__ import annotations

import importlib

import click

# (module, attribute) of each group; a module that is not there yet is skipped
GROUPS = (
    ("riskscreen.commands.rules", "rules_group"),
    ("riskscreen.commands.model", "model_group"),
    ("riskscreen.commands.analyst", "analyst_group"),
    ("riskscreen.commands.screen", "screen_command"),
    ("riskscreen.commands.bands", "bands_command"),
    ("riskscreen.commands.reference", "reference_group"),
)


def registered_groups() -> list[click.Command]:
    groups = []
    for module_name, attribute in GROUPS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        groups.append(getattr(module, attribute))
    return groups
