"""The ``linimasa`` command line (Typer + Rich).

Exit codes (also in the README):

* 0 - every input was processed;
* 1 - the run could not proceed (no inputs found, the output or the store cannot be written);
* 2 - the command line itself is wrong (unknown option, missing argument);
* 3 - the run finished but some inputs were skipped (each one is reported with its reason);
* 130 / 143 - interrupted by SIGINT / SIGTERM: the workers are stopped first, then one line
  says what the store keeps (:mod:`linimasa.interrupt`), never a traceback.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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

from linimasa import __version__
from linimasa.engines.local import BATCH_SIZE, RunSummary, timer
from linimasa.engines.pool import OrderedPool, default_workers, fewer_collections, frozen_heap
from linimasa.interrupt import Interrupted
from linimasa.output import (
    OutputError,
    OutputJob,
    discard_temporary,
    is_replaced_by_rename,
    prepare_dir,
    write_jsonl,
    write_lines,
    write_text,
)
from linimasa.pipeline import Pipeline, default_corpus_stages, default_stages
from linimasa.readers.errors import printable
from linimasa.resources import no_pack_language
from linimasa.store.database import Store, StoreError, store_files
from linimasa.store.export import export_documents

if TYPE_CHECKING:
    from collections.abc import Callable

    from linimasa.engines.streaming import StreamResult

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3
MAX_WARNINGS_SHOWN = 20
# An input of fewer batches than this runs in this process when --workers is not given: starting
# worker processes (each loading the language model, lexicons and gazetteers) costs more than
# they save on one or two batches.
SMALL_INPUT_BATCHES = 2


def _plain_help(params: list[Any]) -> list[Any]:
    """Help without type clutter: a flag (``--force``, ``--help``) shows no ``<bool>``, an
    argument no ``<list[str]>``; options show the metavar they are given (``DIR``, ``N``)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif isinstance(param, typer.core.TyperArgument):
            param.display_type_rich = lambda ctx: None  # its name (INPUT) says it
    return params


class _Command(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


class _Group(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx))


app = typer.Typer(
    cls=_Group,
    name="linimasa",
    help=(
        "Turn raw news articles into clean text, normalized dates, entities, quotes, duplicate "
        "groups, stories and evidence-linked timelines. Indonesian first, English second; offline."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)

InputsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT",
        help="Files, folders (walked recursively) or '-' for JSON Lines on stdin. Formats: .txt, .html/.htm, "
        ".jsonl/.json (one object a line, 'text' or 'html' required), .warc/.warc.gz.",
        show_default=False,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table; errors only.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        metavar="N",
        help="Processes for the per-document stages (default: every core; for an input of fewer than two "
        "batches, this process only).",
    ),
]
BatchOpt = Annotated[
    int,
    typer.Option(
        "--batch-size", min=1, metavar="N", help="Documents per batch: the unit of work, of memory and of resume."
    ),
]
FORMATS = {"jsonl": "jsonl", "parquet": "parquet (with --engine spark)"}
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format", metavar="jsonl|parquet", help="Output format: 'jsonl' (default) or 'parquet' (with --engine spark)."
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


def _use_entities_config(path: Path | None) -> None:
    """Check the corrections file and put it in effect for this process and its workers."""
    if path is None:
        return
    import os

    from linimasa.entities.corrections import ENV, ConfigError, read_config

    try:
        read_config(path)
    except ConfigError as exc:
        err.print(f"[red]error:[/] {escape(printable(str(exc)))}")
        raise typer.Exit(EXIT_USAGE) from exc
    os.environ[ENV] = str(path.resolve())


def _version(value: bool) -> None:
    if value:
        from linimasa.native import status

        typer.echo(f"linimasa {__version__} ({status()})")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """linimasa: news articles in, stories and timelines out."""


def _progress(quiet: bool) -> Progress:
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


_ONE_DOC = {".txt", ".html", ".htm"}
_LINES = {".jsonl", ".json"}
_MAX_COUNTED_BYTES = 500_000_000


def _estimate_total(inputs: list[str], stop_at: int | None = None) -> int | None:
    """Number of documents to expect, when counting is cheap (files and JSON Lines lines), for the
    progress bar's ETA; None for stdin, WARC archives (records are only known by reading them) or huge input.
    With ``stop_at``, counting stops there (the answer is then at least ``stop_at``)."""
    from linimasa.readers.inputs import walk_directory

    total, size = 0, 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        files = [f for f in walk_directory(path) if isinstance(f, Path)] if path.is_dir() else [path]
        for f in files:
            suffix = f.suffix.lower()
            if suffix in _ONE_DOC:
                total += 1
            elif suffix in _LINES:
                try:
                    size += f.stat().st_size
                    if size > _MAX_COUNTED_BYTES:
                        return None
                    with f.open("rb") as fh:
                        for line in fh:
                            if line.strip():
                                total += 1
                                if stop_at is not None and total >= stop_at:
                                    return total
                except OSError:
                    return None
            else:
                return None
            if stop_at is not None and total >= stop_at:
                return total
    return total


def _workers(inputs: list[str], workers: int | None, batch_size: int) -> int:
    """``--workers`` when given; else 1 (this process: no pool to start, no tables loaded twice)
    for an input known to be small (fewer than :data:`SMALL_INPUT_BATCHES` batches), else every core."""
    if workers:
        return workers
    limit = SMALL_INPUT_BATCHES * batch_size
    total = _estimate_total(inputs, stop_at=limit)
    return 1 if total is not None and total < limit else default_workers()


def _report_skipped(source: str, reason: str) -> None:
    # a file name may hold terminal escape codes: printed escaped (printable), never raw
    err.print(
        f"[yellow]skipped[/] {escape(printable(source))}: {escape(printable(reason))}", highlight=False, soft_wrap=True
    )


def _stream(
    inputs: list[str],
    summary: RunSummary,
    store: Store,
    db: str,
    run_id: int,
    force: bool,
    quiet: bool,
    workers: int,
    batch_size: int,
    on_finalised: Callable[[StreamResult], None] | None = None,
    exclude: list[str] | None = None,
    follow_symlinks: bool = False,
):
    """The local engine of ``run`` (:mod:`linimasa.engines.streaming`) with progress bars."""
    from linimasa.engines.streaming import run_stream
    from linimasa.report.render import MAX_DOCUMENT_TEXTS

    pipeline = Pipeline(default_stages(), default_corpus_stages())
    elapsed = timer()
    with _progress(quiet) as progress:
        task = progress.add_task("analysing", total=None if quiet else _estimate_total(inputs), rate="")
        phase: dict[str, Any] = {}

        def tick() -> None:
            done = summary.analysed + summary.reused
            progress.update(task, advance=1, rate=f"{done / max(elapsed(), 1e-6):,.0f} docs/s")

        def on_phase(name: str, total: int | None) -> None:
            progress.update(task, total=summary.analysed + summary.reused)
            phase["task"] = progress.add_task(name, total=total, rate="")

        def on_stories(n: int) -> None:
            progress.update(phase["task"], advance=n)

        return run_stream(
            inputs,
            pipeline,
            store,
            db,
            run_id,
            summary,
            force=force,
            workers=workers,
            batch_size=batch_size,
            stdin=sys.stdin.buffer if "-" in inputs else None,
            on_document=tick,
            on_error=_report_skipped,
            on_phase=on_phase,
            on_story_task=on_stories,
            report_documents=MAX_DOCUMENT_TEXTS,
            on_finalised=on_finalised,
            exclude=exclude or (),
            follow_symlinks=follow_symlinks,
        )


def _annotate(
    inputs: list[str], summary: RunSummary, quiet: bool, workers: int | None, batch_size: int, out: Path | None = None
):
    """The JSON lines of ``annotate`` as they are analysed (:func:`linimasa.engines.streaming.annotate_stream`)."""
    from linimasa.engines.streaming import annotate_stream

    elapsed = timer()
    with _progress(quiet) as progress:
        task = progress.add_task("analysing", total=None if quiet else _estimate_total(inputs), rate="")

        def tick() -> None:
            progress.update(task, advance=1, rate=f"{summary.analysed / max(elapsed(), 1e-6):,.0f} docs/s")

        yield from annotate_stream(
            inputs,
            Pipeline(default_stages()),
            summary,
            workers=_workers(inputs, workers, batch_size),
            batch_size=batch_size,
            stdin=sys.stdin.buffer if "-" in inputs else None,
            on_document=tick,
            on_error=_report_skipped,
            exclude=[str(out)] if out is not None else (),  # (its own output: never read back)
        )


def _check_inputs(inputs: list[str]) -> None:
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing and len(missing) == len(inputs):
        err.print(f"[red]error:[/] no input found: {escape(printable(', '.join(missing)))}")
        raise typer.Exit(EXIT_FATAL)


def language_pack_line(counts: dict[str, int]) -> str:
    """``3 documents in languages without a language pack (fr: 2, ms: 1): no entities or quotes``."""
    langs = ", ".join(f"{lang}: {n}" for lang, n in counts.items())
    return f"{sum(counts.values())} documents in languages without a language pack ({langs}): no entities or quotes"


def _looks_like_annotate_output(path: Path) -> bool:
    """Whether the file's first line is a document ``annotate`` writes (an earlier run's output)."""
    try:
        with path.open("rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    first = head.split(b"\n", 1)[0]
    # ("published_from" comes before the text, so within the first 64 KB whatever the text's length)
    return not head or (first.startswith(b'{"id":') and b'"published_from":' in first)


def _out_overwrites_input(out: Path, inputs: list[str]) -> str | None:
    """The reason ``annotate --out`` must not be written, or None.

    ``--out`` naming one of the inputs (itself, through a symbolic link or a hard link) is
    refused: that input is not read (it is this run's output) and would be replaced by the
    output, an empty file when it was the only input: the user's data lost. An existing file
    inside an input folder that is not an earlier ``annotate`` output is refused too (it is left
    out of the walk as the run's own output, then overwritten); an earlier output there is
    replaced, as a re-run of the same command must.
    """
    try:
        target = out.stat()
    except OSError:
        return None  # not there yet (or a dangling link): nothing to lose
    if not stat.S_ISREG(target.st_mode):
        return None  # a device, a FIFO: written in place (docs/trust.md)
    real = os.path.realpath(out)
    for item in inputs:
        if item == "-":
            continue
        try:
            st = os.stat(item)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            return f"--out {out} is the input {item}: writing the output would destroy it; choose another file"
        if stat.S_ISDIR(st.st_mode) and real.startswith(os.path.realpath(item).rstrip(os.sep) + os.sep):
            if not _looks_like_annotate_output(out):
                return (
                    f"--out {out} is a file of the input folder {item} that is not an earlier annotate output: "
                    "writing the output would destroy it; choose another file"
                )
    return None


def _finish(summary: RunSummary, quiet: bool, title: str) -> None:
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


def run_pipeline(
    inputs: list[str],
    out: Path,
    db: str,
    force: bool = False,
    quiet: bool = False,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    engine: str = "local",
    master: str | None = None,
    fmt: str = "jsonl",
    follow_symlinks: bool = False,
) -> RunSummary:
    """The whole pipeline (what ``linimasa run`` does), returning the run summary.

    ``workers`` processes run the per-document stages (1: this process only); the outputs
    are the same for any number of workers. The walk of the inputs leaves out ``out`` and the
    store's files (a run never reads its own outputs); ``follow_symlinks`` follows symbolic
    links that lead out of the input folders.
    """
    elapsed = timer()
    summary = RunSummary()
    out = prepare_dir(out)
    store = Store(db)
    committed = _count_commits(store)
    run_id = store.start_run("run " + " ".join(inputs))
    pools: list[OrderedPool] = []
    started: list[_Outputs] = []
    failed = True

    def start_outputs(streamed: StreamResult) -> None:
        # With workers, two processes take the longest outputs: one copies documents.jsonl out
        # of the store, the other renders report.html. The local engine calls this as soon as
        # its final documents are in the store (it still rebuilds indexes and stores entities).
        if workers > 1:
            from linimasa.report.render import warm_renderer

            pools.append(OrderedPool(2, warm_renderer).start())
        started.append(_start_outputs(out, db, streamed, summary, pools[0] if pools else None))

    try:
        spark = None
        if engine == "spark":
            from linimasa.engines.spark import get_session, run_spark
            from linimasa.report.render import MAX_DOCUMENT_TEXTS

            spark = get_session(master)
            streamed = run_spark(
                spark,
                inputs,
                store,
                run_id,
                summary,
                batch_size=batch_size,
                on_error=_report_skipped,
                report_documents=MAX_DOCUMENT_TEXTS,
            )
        else:
            own = [str(out), *(str(out / name) for name in _OUTPUT_FILES), *store_files(db)]
            streamed = _stream(
                inputs,
                summary,
                store,
                db,
                run_id,
                force,
                quiet,
                workers,
                batch_size,
                start_outputs,
                own,
                follow_symlinks,
            )
        with fewer_collections(), frozen_heap():
            if not started:  # (the Spark engine)
                start_outputs(streamed)
            _write_other_outputs(out, summary, started[0])
            _finish_outputs(out, summary, started[0])
        summary.elapsed = elapsed()
        summary.outputs["store"] = db
        if spark is not None and fmt == "parquet":
            from linimasa.engines.spark import write_parquet

            for name in ("documents", "stories", "entities"):
                summary.outputs[f"{name} (parquet)"] = write_parquet(spark, out, name, out / f"{name}.jsonl")
        store.finish_run(run_id, summary.to_json())
        failed = False
    except Interrupted as exc:
        n = committed[0]
        exc.detail = f"the store keeps the {n} batch{'' if n == 1 else 'es'} committed"
        raise
    finally:
        for pool in pools:  # (a run that failed before awaiting its outputs leaves no process behind)
            pool.close(kill=failed)
        if failed and pools:  # its worker was killed copying documents.jsonl out: no temporary left
            discard_temporary(out / "documents.jsonl")
        store.close()
    return summary


# What run writes into --out (left out of its input walk, with --out and the store's files).
_OUTPUT_FILES = (
    "documents.jsonl",
    "stories.jsonl",
    "entities.jsonl",
    "threads.jsonl",
    "timeline.jsonl",
    "report.html",
)


def _count_commits(store: Store) -> list[int]:
    """Count the store's batch commits of phase 1 (the resume checkpoints) in ``[n]``, for the
    line an interrupted run prints."""
    count = [0]
    save = store.save_analysis_rows

    def counted(*args: Any, **kwargs: Any) -> None:
        save(*args, **kwargs)
        count[0] += 1

    store.save_analysis_rows = counted  # type: ignore[method-assign]
    return count


@dataclass
class _Outputs:
    """A run's output objects, and the jobs making its two longest outputs."""

    streamed: StreamResult
    stories: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    documents: OutputJob  # -> the path of documents.jsonl
    report: OutputJob  # -> the HTML of report.html


def _start_outputs(
    out: Path, db: str, streamed: StreamResult, summary: RunSummary, pool: OrderedPool | None
) -> _Outputs:
    """Start the two longest outputs of a run from its engine's result (a ``StreamResult``):
    ``documents.jsonl`` copied out of the store and ``report.html`` rendered, each by a process
    of ``pool`` when given, else here when awaited."""
    from linimasa.report.render import render_context, report_context

    story_objs = [s.to_json() for s in streamed.stories]
    entity_objs = [e.to_json() for e in streamed.entities]
    doc_objs = [streamed.shown.get(r["id"], r) for r in streamed.rows]
    context = report_context(doc_objs, story_objs, entity_objs, summary.to_json())
    documents = out / "documents.jsonl"
    summary.outputs["documents"] = str(documents)  # (listed first; awaited last)
    return _Outputs(
        streamed,
        story_objs,
        entity_objs,
        OutputJob(str(documents), export_documents, db, streamed.ids, documents, pool=pool),
        OutputJob("report.html", render_context, context, pool=pool),
    )


def _write_other_outputs(out: Path, summary: RunSummary, started: _Outputs) -> None:
    """The outputs written by this process: stories, entities and the corpus timeline."""
    from linimasa.corpus.timeline import stories_timeline

    streamed = started.streamed
    summary.outputs["stories"] = str(write_jsonl(out / "stories.jsonl", started.stories))
    summary.outputs["entities"] = str(write_jsonl(out / "entities.jsonl", started.entities))
    summary.outputs["threads"] = str(write_jsonl(out / "threads.jsonl", (t.to_json() for t in streamed.threads)))
    events = stories_timeline(streamed.stories, streamed.langs, bags=streamed.bags)
    summary.outputs["timeline"] = str(write_jsonl(out / "timeline.jsonl", (e.to_json() for e in events)))


def _finish_outputs(out: Path, summary: RunSummary, started: _Outputs) -> None:
    """Await the two started outputs and write the report."""
    started.documents.result()
    summary.outputs["report"] = str(write_text(out / "report.html", started.report.result()))


def _exit_code(summary: RunSummary) -> int:
    return EXIT_SKIPPED if summary.skipped_count else EXIT_OK


@app.command(cls=_Command)
def run(
    inputs: InputsArg,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Output folder: documents.jsonl, stories.jsonl, entities.jsonl, report.html.",
        ),
    ],
    db: Annotated[
        str,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="The store: a SQLite file path, or a postgresql:// URL. Unchanged documents are not re-analysed.",
        ),
    ] = "linimasa.db",
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            metavar="local|spark",
            help="Execution engine: 'local' (this machine) or 'spark' (PySpark; docs/scale.md).",
        ),
    ] = "local",
    force: Annotated[
        bool, typer.Option("--force", help="Re-analyse every document even when the store has it unchanged.")
    ] = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    batch_size: BatchOpt = BATCH_SIZE,
    fmt: FormatOpt = "jsonl",
    master: Annotated[
        str | None,
        typer.Option(
            "--master", metavar="URL", help="Spark master for --engine spark (default: spark-submit's, else local[*])."
        ),
    ] = None,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks",
            help="Follow symbolic links inside input folders wherever they lead. By default a link is followed "
            "only when its target is inside one of the inputs; others are skipped with the reason.",
        ),
    ] = False,
    entities_config: EntitiesConfigOpt = None,
) -> None:
    """The whole pipeline: per-document analysis, duplicates, stories, timelines, the store and a report.

    Bad inputs are reported with their reason and skipped; the run goes on. Re-running on the
    same input changes nothing, and a run that was interrupted resumes where it stopped.
    """
    if engine not in ("local", "spark"):
        err.print(f"[red]error:[/] unknown engine {escape(repr(engine))}; choose one of: local, spark")
        raise typer.Exit(EXIT_USAGE)
    if fmt not in FORMATS:
        err.print(
            f"[red]error:[/] unknown format {escape(repr(fmt))}; choose one of: {escape(', '.join(FORMATS.values()))}"
        )
        raise typer.Exit(EXIT_USAGE)
    if fmt == "parquet" and engine != "spark":
        err.print("[red]error:[/] --format parquet needs --engine spark (the local engine writes jsonl)")
        raise typer.Exit(EXIT_USAGE)
    if engine == "local":
        _check_inputs(inputs)
    _use_entities_config(entities_config)
    try:
        if engine == "spark":
            from linimasa.engines.spark import SparkUnavailable

            try:
                summary = run_pipeline(
                    inputs,
                    out,
                    db,
                    force=force,
                    quiet=quiet,
                    batch_size=batch_size,
                    engine="spark",
                    master=master,
                    fmt=fmt,
                )
            except SparkUnavailable as exc:
                err.print(f"[red]error:[/] {escape(printable(str(exc)))}")
                raise typer.Exit(EXIT_FATAL) from exc
        else:
            summary = run_pipeline(
                inputs,
                out,
                db,
                force=force,
                quiet=quiet,
                workers=_workers(inputs, workers, batch_size),
                batch_size=batch_size,
                follow_symlinks=follow_symlinks,
            )
    except (OutputError, StoreError) as exc:
        err.print(f"[red]error:[/] {escape(printable(str(exc)))}")
        raise typer.Exit(EXIT_FATAL) from exc
    if summary.read == 0 and not summary.skipped_count:
        err.print("[red]error:[/] no documents found in the inputs")
        raise typer.Exit(EXIT_FATAL)
    _finish(summary, quiet, "linimasa run")
    raise typer.Exit(_exit_code(summary))


@app.command(cls=_Command)
def annotate(
    inputs: InputsArg,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="FILE", help="The JSON Lines file to write, one document object a line."),
    ],
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    batch_size: BatchOpt = BATCH_SIZE,
    entities_config: EntitiesConfigOpt = None,
) -> None:
    """Per-document analysis only (cleaning, language, sentences, dates, entities, quotes).

    No duplicates and no stories (the fields story and duplicate_of are null), and no store.
    """
    _check_inputs(inputs)
    problem = _out_overwrites_input(out, inputs)
    if problem:
        err.print(f"[red]error:[/] {escape(printable(problem))}")
        raise typer.Exit(EXIT_USAGE)
    _use_entities_config(entities_config)
    elapsed = timer()
    summary = RunSummary()
    lines = _annotate(inputs, summary, quiet, workers, batch_size, out)
    try:
        if out.parent and not out.parent.exists():
            prepare_dir(out.parent)
        summary.outputs["documents"] = str(write_lines(out, lines))
    except OutputError as exc:
        err.print(f"[red]error:[/] {escape(printable(str(exc)))}")
        raise typer.Exit(EXIT_FATAL) from exc
    except Interrupted as exc:
        # (annotate keeps no store: a re-run starts again)
        exc.detail = f"{out} was left as it was" if is_replaced_by_rename(out) else f"{out} got part of the output"
        exc.advice = "re-run the same command"
        raise
    finally:
        lines.close()  # its pool, when it has one, is shut (its workers killed if it was not done)
    summary.elapsed = elapsed()
    _finish(summary, quiet, "linimasa annotate")
    raise typer.Exit(_exit_code(summary))


@app.command(cls=_Command)
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder for the demo run.")] = Path(
        "linimasa-demo"
    ),
    db: Annotated[
        str | None, typer.Option("--db", metavar="PATH|URL", help="The store (default: DIR/linimasa.db).")
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Run the whole pipeline on the bundled demo corpus (synthetic articles in .txt, .html,
    .jsonl and .warc.gz) and say where the outputs and the report are."""
    from linimasa.demo import corpus_path

    corpus = corpus_path()
    try:
        prepare_dir(out)
        summary = run_pipeline([str(corpus)], out, db or str(out / "linimasa.db"), quiet=quiet)
    except (OutputError, StoreError) as exc:
        err.print(f"[red]error:[/] {escape(printable(str(exc)))}")
        raise typer.Exit(EXIT_FATAL) from exc
    _finish(summary, quiet, "linimasa demo")
    typer.echo(f"demo corpus: {corpus}")
    typer.echo(f"outputs:     {out.resolve()}/ (documents.jsonl, stories.jsonl, entities.jsonl)")
    typer.echo(f"report:      {(out / 'report.html').resolve()}  (open it in a browser)")
    raise typer.Exit(_exit_code(summary))


_LOOPBACK = ("127.0.0.1", "localhost", "::1")
# linimasa.api.ingest.DEFAULT_MAX_PENDING, not imported: it would load the web stack for every command
_MAX_PENDING = 4


def _listen(host: str, port: int) -> Any:
    """A socket bound to ``host:port`` and listening, made before the server announces
    anything (uvicorn would say nothing useful and exit 3 on a busy port); the server then
    serves on it. Raises ``typer.Exit(1)`` with a one-line error."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # as uvicorn: a port left in TIME_WAIT by a server just stopped can be taken again
        # at once; a port some process listens on is still refused (EADDRINUSE)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = f"port {port} on {host} is in use (another server listens on it; choose one with --port)"
        else:
            reason = f"cannot listen on {host} port {port}: {exc.strerror or exc}"
        err.print(f"[red]error:[/] {escape(reason)}")
        raise typer.Exit(EXIT_FATAL) from exc
    sock.set_inheritable(True)
    return sock


@app.command(cls=_Command)
def serve(
    db: Annotated[
        str,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="The store to serve (it must exist: make one with 'linimasa run'): a SQLite file or a "
            "postgresql:// URL. A SQLite file on a read-only mount is served read-only.",
        ),
    ] = "linimasa.db",
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="Address to listen on. The default, 127.0.0.1, is this machine only; 0.0.0.0 is everyone.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, metavar="PORT", help="TCP port to listen on.")
    ] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            metavar="TOKEN",
            envvar="LINIMASA_TOKEN",
            show_envvar=True,
            help="Secret that write requests (POST /api/documents) must send as 'Authorization: Bearer TOKEN'. "
            "Without it, anyone who can reach the server can add documents.",
        ),
    ] = None,
    max_body: Annotated[
        int,
        typer.Option(
            "--max-body",
            min=1024,
            metavar="BYTES",
            help="Largest request body accepted, in bytes (larger ones get 413).",
        ),
    ] = 10_000_000,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            metavar="NAME",
            help="Another name the server is reached by (repeatable), e.g. its host name or the name a proxy "
            "forwards: requests whose Host header is not localhost, an IP address, --host or one of these get 421.",
            show_default=False,
        ),
    ] = None,
    max_pending: Annotated[
        int,
        typer.Option(
            "--max-pending",
            min=0,
            metavar="N",
            help="Ingest requests that may wait while one runs; more get 429 with Retry-After.",
        ),
    ] = _MAX_PENDING,
) -> None:
    """Serve the store: the web page at / and the HTTP API under /api (OpenAPI schema at /openapi.json).

    The page lists stories (newest first), each story's timeline, entities, documents with their
    annotations, and full-text search. See docs/serving.md for the endpoints.
    """
    import uvicorn

    from linimasa.api import create_app
    from linimasa.store.database import sqlite_is_read_only

    if "://" not in db:
        path = Path(db).expanduser()
        if not path.exists():
            where = "" if path.parent.is_dir() else f" (folder {path.parent} does not exist either)"
            err.print(
                f"[red]error:[/] store {escape(db)} does not exist{escape(where)}; make one with "
                f"'linimasa run ARTICLES/ --out OUT --db {escape(db)}'"
            )
            raise typer.Exit(EXIT_FATAL)
        if path.is_dir():
            err.print(f"[red]error:[/] store {escape(db)} is a folder, not a store file")
            raise typer.Exit(EXIT_FATAL)
    read_only = sqlite_is_read_only(db)
    if host not in _LOOPBACK:
        err.print(
            f"[yellow]warning:[/] listening on {escape(host)}, not only on this machine: anyone who can reach port {port} "
            "can read the store" + ("" if token or read_only else " and, with no --token, add documents to it")
        )
        if host in ("0.0.0.0", "::"):
            err.print(
                "note: clients may use this machine's IP addresses; those that reach it by a name need "
                "--allowed-host NAME (other Host names get 421)"
            )
    try:
        application = create_app(
            db,
            token=token,
            max_body=max_body,
            host=host,
            allowed_hosts=allowed_host or (),
            max_pending=max_pending,
            read_only=read_only,
        )
    except StoreError as exc:
        err.print(f"[red]error:[/] {escape(printable(str(exc)))}")
        raise typer.Exit(EXIT_FATAL) from exc
    sock = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    mode = " read-only (its file or folder cannot be written; POST /api/documents answers 405)" if read_only else ""
    err.print(
        f"linimasa: serving {escape(db)}{mode} at http://{escape(shown)}:{port}/ (API: /api, schema: /openapi.json); "
        "Ctrl-C stops"
    )
    config = uvicorn.Config(
        application, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def main() -> None:
    """The command line, with SIGINT / SIGTERM handled (:mod:`linimasa.interrupt`)."""
    from linimasa.interrupt import install, run_command

    install()
    run_command(app)


if __name__ == "__main__":
    main()
