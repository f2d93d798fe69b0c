"""The command line's exit codes, shared options and their checks, and its help's formatting (:mod:`linimasa.cli`)."""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from linimasa import __version__
from linimasa.console import error
from linimasa.native import status

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3


def _plain_help(params: list[Any]) -> list[Any]:
    """Help without type clutter: a flag (``--force``, ``--help``) shows no ``<bool>``, an
    argument no ``<list[str]>``; options show the metavar they are given (``DIR``, ``N``)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif isinstance(param, typer.core.TyperArgument):
            param.display_type_rich = lambda ctx: None  # its name (INPUT) says it
    return params


def _paragraphs(text: str) -> str:
    """A docstring's paragraphs each on one line: the rich help keeps a docstring's line breaks,
    which then break its lines in the middle ("Re-running on the" / "same input")."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


class HelpCommand(typer.core.TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.help:
            self.help = _paragraphs(self.help)

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


class HelpGroup(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


def given(value: Any) -> str:
    """A path or store option's value, refused when empty: ``--out "$DIR"`` with ``DIR`` unset in a
    script is a mistake, not the current folder (an empty path is ``.``, where the files would go)."""
    if not str(value).strip():
        raise typer.BadParameter("is empty (an unset variable in a script?): give a path")
    return str(value)


def given_path(value: Any) -> Path:
    """:func:`given`, as a path."""
    return Path(given(value))


InputsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT",
        help="Files, folders (walked recursively) or '-' for JSON Lines on stdin. Formats: .txt, .html/.htm, "
        ".jsonl/.json (one object a line, 'text' or 'html' required), .warc/.warc.gz.",
        show_default=False,
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar and no summary table: the one-line summary and errors only."),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        metavar="N",
        help="Processes for the per-document stages (default: every core; for an input of fewer than two "
        "batches, this process only; at most 4 a core).",
    ),
]
BatchOpt = Annotated[
    int,
    typer.Option(
        "--batch-size", min=1, metavar="N", help="Documents per batch: the unit of work, of memory and of resume."
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="jsonl|csv|parquet",
        help="Output format: 'jsonl' (default), 'csv' (CSV tables too) or 'parquet' (with --engine spark).",
    ),
]

EntitiesConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--entities-config",
        metavar="FILE",
        help="A TOML file of entity corrections: aliases, blocked words, forced types (docs/entities-config.md).",
    ),
]


def use_entities_config(path: Path | None) -> None:
    """Check the corrections file and put it in effect for this process and its workers."""
    if path is None:
        return
    from linimasa.entities.corrections import ENV, ConfigError, read_config  # (only with the option)

    try:
        read_config(path)
    except ConfigError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    os.environ[ENV] = str(path.resolve())


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"linimasa {__version__} ({status()})")
        raise typer.Exit()
