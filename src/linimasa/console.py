"""What the command line prints: errors, skipped inputs, progress bars, the run summary.

Everything goes to standard error through one Rich console, escaped: file names and
messages quote the input, which may hold Rich markup or terminal escape codes. The one
summary line (and the skipped and warning counts) go to standard output.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from linimasa.jobs.run import RunCallbacks
from linimasa.jobs.summary import RunSummary, timer
from linimasa.lang.packs import no_pack_language
from linimasa.readers.errors import printable

err = Console(stderr=True)

MAX_WARNINGS_SHOWN = 20


def progress_bar(quiet: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


def report_skipped(source: str, reason: str) -> None:
    # a file name may hold terminal escape codes: printed escaped (printable), never raw
    err.print(
        f"[yellow]skipped[/] {escape(printable(source))}: {escape(printable(reason))}", highlight=False, soft_wrap=True
    )


def language_pack_line(counts: dict[str, int]) -> str:
    """``3 documents in languages without a language pack (fr: 2, ms: 1): no entities or quotes``."""
    langs = ", ".join(f"{lang}: {n}" for lang, n in counts.items())
    return f"{sum(counts.values())} documents in languages without a language pack ({langs}): no entities or quotes"


def finish(summary: RunSummary, quiet: bool, title: str) -> None:
    line = (
        f"{title}: {summary.read} documents read ({summary.analysed} analysed, {summary.reused} unchanged), "
        f"{summary.skipped_count} skipped, {summary.stories} stories, {summary.entities} entities, "
        f"{summary.duplicates} duplicates, {summary.elapsed:.1f}s"
    )
    if not quiet:
        table = Table(title=title, show_header=False, box=None)
        for k, v in (
            ("documents read", summary.read),
            ("analysed", summary.analysed),
            ("unchanged (reused from the store)", summary.reused),
            ("skipped", summary.skipped_count),
            ("warnings", len(summary.warnings)),
            ("stories", summary.stories),
            ("entities", summary.entities),
            ("duplicates", summary.duplicates),
            ("elapsed", f"{summary.elapsed:.1f}s"),
        ):
            table.add_row(k, str(v))
        if summary.outputs and summary.listed:
            own = f" (this run's alone: linimasa export --run {summary.run_id})" if summary.analysed else ""
            table.add_row("output folder lists", f"the whole store after the run: {summary.listed} documents{own}")
        for name, path in summary.outputs.items():
            table.add_row(name, escape(printable(path)))
        err.print(table)
    typer.echo(line)
    if summary.skipped_count:
        kinds = sorted(summary.skip_kinds.items())
        typer.echo(printable("skipped: " + "; ".join(f"{n} x {kind}" for kind, n in kinds)))
    no_pack = summary.without_language_pack()
    if no_pack:
        typer.echo(printable(language_pack_line(no_pack)))
    if summary.warnings:
        # Non-fatal problems (an ignored input field, a stage that failed on one document):
        # the document was processed; its own `warnings` field keeps the details.
        typer.echo(f"warnings: {len(summary.warnings)} (each document's 'warnings' field has the details)")
        if not quiet:
            # (documents without a language pack: counted on the line above, not listed one by one)
            shown = (
                [(s, m) for s, m in summary.warnings if no_pack_language(m) is None] if no_pack else summary.warnings
            )
            for source, message in shown[:MAX_WARNINGS_SHOWN]:
                # source and message quote the input: escaped so "[/]" in an article is not markup
                line = f"[yellow]warning[/] {escape(printable(source))}: {escape(printable(message))}"
                err.print(line, highlight=False, soft_wrap=True)
            if len(shown) > MAX_WARNINGS_SHOWN:
                err.print(f"... and {len(shown) - MAX_WARNINGS_SHOWN} more warnings")



def error(message: str) -> None:
    """``error: MESSAGE`` (the message printed as plain text)."""
    err.print(f"[red]error:[/] {escape(printable(message))}", soft_wrap=True)


def warning(message: str) -> None:
    err.print(f"[yellow]warning:[/] {escape(printable(message))}", soft_wrap=True)


def say(message: str) -> None:
    err.print(escape(printable(message)), soft_wrap=True)


@contextmanager
def run_progress(summary: RunSummary, quiet: bool, total: int | None) -> Iterator[RunCallbacks]:
    """The progress bars of a run ("analysing" with documents a second, then one bar per
    corpus phase), as the callbacks the job calls."""
    elapsed = timer()
    with progress_bar(quiet) as progress:
        task = progress.add_task("analysing", total=None if quiet else total, rate="")
        phase: dict[str, int] = {}

        def tick() -> None:
            done = summary.analysed + summary.reused
            progress.update(task, advance=1, rate=f"{done / max(elapsed(), 1e-6):,.0f} docs/s")

        def on_phase(name: str, count: int | None) -> None:
            progress.update(task, total=summary.analysed + summary.reused)
            phase["task"] = progress.add_task(name, total=count, rate="")

        def on_stories(n: int) -> None:
            progress.update(phase["task"], advance=n)

        yield RunCallbacks(on_document=tick, on_error=report_skipped, on_phase=on_phase, on_story_task=on_stories)
