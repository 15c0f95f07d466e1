"""The `riskscreen` command. Each subcommand calls the same functions as the HTTP API.

Subcommands live in riskscreen/commands/ and are imported only when run (see
riskscreen.commands.SUBCOMMANDS): a command that checks rule files should not wait for
scikit-learn to import.
"""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

from riskscreen.commands import SUBCOMMANDS


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, and listed without importing."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(SUBCOMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in SUBCOMMANDS:
            self.add_command(SUBCOMMANDS[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def _listed(self, ctx: click.Context) -> list[click.Command]:
        """The visible subcommands; one not imported yet is a stand-in with its summary."""
        listed = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name) or click.Command(name, help=SUBCOMMANDS[name].summary)
            if not command.hidden:
                listed.append(command)
        return listed

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed = self._listed(ctx)
        if not listed:
            return
        limit = formatter.width - 6 - max(len(str(command.name)) for command in listed)
        rows = [(str(command.name), command.get_short_help_str(limit)) for command in listed]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Subcommand names and options, without importing the subcommands."""
        results = [
            CompletionItem(command.name, help=command.get_short_help_str())
            for command in self._listed(ctx)
            if str(command.name).startswith(incomplete)
        ]
        return results + click.Command.shell_complete(self, ctx, incomplete)


@click.group(cls=LazyGroup)
def main() -> None:
    """riskscreen: screen job ads, audits and supplier lists for forced-labour risk."""


if __name__ == "__main__":
    main()
