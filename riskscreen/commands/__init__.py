"""Subcommand groups of the `riskscreen` command, one module per area."""

from __future__ import annotations

import click


def command_groups() -> list[click.Command]:
    """Every subcommand group, imported when the command line is built."""
    from riskscreen.commands.analyst import analyst_group
    from riskscreen.commands.bands import bands_command
    from riskscreen.commands.model import model_group
    from riskscreen.commands.reference import reference_group
    from riskscreen.commands.rules import rules_group
    from riskscreen.commands.screen import screen_command

    return [rules_group, analyst_group, model_group, screen_command, bands_command,
            reference_group]
