"""``linimasa export``: its options and exit codes (registered on the app by :mod:`linimasa.cli`).

Exit 0 when the files are written, 1 when the store cannot be read or the folder written,
2 for a bad option value (a date that is not one, ``--from`` after ``--to``, a story or
entity the store does not hold, a ``--meta`` that is not ``KEY=VALUE``, a filter other than
``--meta`` given twice): one line saying which, and nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linimasa.cli_options import EXIT_FATAL, EXIT_USAGE, QuietOpt, given, given_path
from linimasa.console import err, error, warning
from linimasa.jobs.export import EXPORT_FORMATS, ExportError, ExportFilters, export_store
from linimasa.outputs.files import OutputError
from linimasa.readers.errors import printable
from linimasa.store.database import StoreError

_PERIOD = "YYYY[-MM[-DD]]"


def export(
    db: Annotated[
        str, typer.Option("--db", metavar="PATH|URL", parser=given, help="The store to export.")
    ] = "linimasa.db",
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", parser=given_path, help="Output folder.")] = Path(
        "linimasa-export"
    ),
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="jsonl|csv|parquet",
            help="'jsonl' (the JSON Lines files only), 'csv' or 'parquet' (flat tables beside them).",
        ),
    ] = "jsonl",
    date_from: Annotated[
        list[str] | None,
        typer.Option(
            "--from", metavar=_PERIOD, help="Documents published on or after this day (a year: its 1 January)."
        ),
    ] = None,
    date_to: Annotated[
        list[str] | None,
        typer.Option(
            "--to", metavar=_PERIOD, help="Documents published on or before this day (a year: its 31 December)."
        ),
    ] = None,
    story: Annotated[list[str] | None, typer.Option("--story", metavar="ID", help="Documents of this story.")] = None,
    entity: Annotated[
        list[str] | None,
        typer.Option(
            "--entity", metavar="ID|NAME", help="Documents mentioning this entity (its id, name or an alias)."
        ),
    ] = None,
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", metavar="NAME", help="Documents of this outlet (any letter case).")
    ] = None,
    lang: Annotated[
        list[str] | None, typer.Option("--lang", metavar="CODE", help="Documents in this language (id, en, ms).")
    ] = None,
    query: Annotated[
        list[str] | None,
        typer.Option(
            "--query",
            metavar="TEXT",
            help='Documents matching this full-text search (the syntax of /api/search: words, "a phrase", '
            "prefix*, -excluded, a OR b).",
        ),
    ] = None,
    meta: Annotated[
        list[str] | None,
        typer.Option(
            "--meta", metavar="KEY=VALUE", help="Documents whose kept input field KEY is (or lists) VALUE; repeatable."
        ),
    ] = None,
    run: Annotated[
        list[str] | None,
        typer.Option(
            "--run",
            metavar="ID|last",
            help="Documents this run (or API ingest) analysed: new or changed then; 'last': the last run that "
            "stored documents (the run's own, where 'run --out' lists the whole store).",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """What the store holds, whole or filtered: documents, stories, threads, entities, quotes and
    timeline events (docs/export.md). Filters combine (all must hold); the stories, threads,
    entities, quotes and events written are those of the documents kept."""
    if fmt not in EXPORT_FORMATS:
        error(f"unknown format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    given = {
        "--from": date_from, "--to": date_to, "--story": story, "--entity": entity, "--outlet": outlet,
        "--lang": lang, "--query": query, "--run": run,
    }  # fmt: skip
    once: dict[str, str | None] = {}
    for option, values in given.items():
        if values and len(values) > 1:
            # (typer keeps the last value of an option given twice: the other filter would be dropped unsaid)
            shown = ", ".join(repr(v) for v in values)
            error(f"{option} given {len(values)} times ({shown}): give it once (filters combine: all must hold)")
            raise typer.Exit(EXIT_USAGE)
        once[option] = values[0] if values else None
    filters = ExportFilters(
        once["--from"], once["--to"], once["--story"], once["--entity"], once["--outlet"], once["--lang"],
        once["--query"], list(meta or []), once["--run"],
    )  # fmt: skip
    try:
        summary = export_store(db, out, fmt, filters)
    except ExportError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    except (OutputError, StoreError) as exc:
        error(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc
    for message in summary.warnings:
        warning(message)
    if not quiet:
        for name, path in summary.outputs.items():
            err.print(f"  {name:<20} {printable(path)}", markup=False, highlight=False, soft_wrap=True)
    typer.echo(f"linimasa export: {summary.line()} ({fmt}), {summary.elapsed:.1f}s: {printable(str(out))}")
