"""The `riskscreen` command. Each subcommand calls the same functions as the HTTP API.

Subcommands live in riskscreen/commands/ and are imported only when run (see
riskscreen.commands.SUBCOMMANDS): a command that checks rule files should not wait for
scikit-learn to import.
"""

from __future__ import annotations

import importlib

import click

from riskscreen.commands import SUBCOMMANDS


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, and listed without importing."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(SUBCOMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in SUBCOMMANDS:
            module_name, attribute = SUBCOMMANDS[cmd_name].target.split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # A command not imported yet is shown through a stand-in holding its summary.
            command = self.commands.get(name) or click.Command(name, help=SUBCOMMANDS[name].summary)
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup)
def main() -> None:
    """riskscreen: screen job ads, audits and supplier lists for forced-labour risk."""


if __name__ == "__main__":
    main()
