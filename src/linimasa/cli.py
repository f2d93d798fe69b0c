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

import sys
from pathlib import Path
from typing import Annotated

import typer

from linimasa.cli_export import export
from linimasa.cli_options import (
    EXIT_FATAL,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    BatchOpt,
    EntitiesConfigOpt,
    FormatOpt,
    HelpCommand,
    HelpGroup,
    InputsArg,
    QuietOpt,
    WorkersOpt,
    given,
    given_path,
    show_version,
    use_entities_config,
)
from linimasa.console import error, finish, run_progress, say, warning
from linimasa.engines.spark import SparkUnavailable
from linimasa.interrupt import install, run_command
from linimasa.jobs.annotate import annotate as annotate_job
from linimasa.jobs.annotate import out_overwrites_input
from linimasa.jobs.inputs import MAX_WORKERS_PER_CORE, choose_workers, estimate_total, max_workers
from linimasa.jobs.run import ENGINES, FORMATS, run_pipeline
from linimasa.jobs.summary import BATCH_SIZE, RunSummary
from linimasa.outputs.files import OutputError, prepare_dir
from linimasa.store.database import StoreError

# linimasa.api.ingest.DEFAULT_MAX_PENDING, not imported: it would load the web stack for every command
_MAX_PENDING = 4

app = typer.Typer(
    cls=HelpGroup,
    name="linimasa",
    help=(
        "Turn raw news articles into clean text, normalized dates, entities, quotes, duplicate "
        "groups, stories and evidence-linked timelines. Indonesian first, English second; offline."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """linimasa: news articles in, stories and timelines out."""


def _workers(inputs: list[str], workers: int | None, batch_size: int) -> int:
    if workers and workers > max_workers():  # (each worker loads its models: memory runs out first)
        warning(f"--workers {workers}: at most {max_workers()} are started ({MAX_WORKERS_PER_CORE} a core)")
    return choose_workers(inputs, workers, batch_size)


def _check_inputs(inputs: list[str]) -> None:
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing and len(missing) == len(inputs):
        error(f"no input found: {', '.join(missing)}")
        raise typer.Exit(EXIT_FATAL)


def _exit_code(summary: RunSummary) -> int:
    return EXIT_SKIPPED if summary.skipped_count else EXIT_OK


@app.command(cls=HelpCommand)
def run(
    inputs: InputsArg,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            parser=given_path,
            help="Output folder: documents.jsonl, stories.jsonl, entities.jsonl, threads.jsonl, timeline.jsonl, "
            "report.html, of the whole store after the run (the run's own documents: linimasa export --run last).",
        ),
    ],
    db: Annotated[
        str,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            parser=given,
            help="The store: a SQLite file path, or a postgresql:// URL. Unchanged documents are not re-analysed; "
            "a run adds to the store (new documents join its stories; docs/incremental.md).",
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
    for problem in (
        engine not in ENGINES and f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}",
        fmt not in FORMATS and f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS.values())}",
        fmt == "parquet"
        and engine != "spark"
        and "--format parquet needs --engine spark (the local engine writes jsonl or csv; "
        "'linimasa export --format parquet' writes the store's Parquet tables after the run)",
    ):
        if problem:
            error(problem)
            raise typer.Exit(EXIT_USAGE)
    local = engine == "local"
    if local:
        _check_inputs(inputs)
    use_entities_config(entities_config)
    summary = RunSummary()
    try:
        with run_progress(summary, quiet, None if quiet or not local else estimate_total(inputs)) as callbacks:
            run_pipeline(inputs, out, db, force=force, workers=_workers(inputs, workers, batch_size) if local else 1,
                         batch_size=batch_size, engine=engine, master=master, fmt=fmt, follow_symlinks=follow_symlinks,
                         callbacks=callbacks, summary=summary)  # fmt: skip
    except (OutputError, StoreError, SparkUnavailable) as exc:
        error(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc
    if summary.read == 0 and not summary.skipped_count:
        if not summary.listed:
            error("no documents found in the inputs")
            raise typer.Exit(EXIT_FATAL)
        # the output folder lists the whole store after a run: with nothing new, the documents stored before
        warning(
            f"no documents found in the inputs: nothing added to the store; {out} lists the store's "
            f"{summary.listed} documents, as before this run"
        )
    finish(summary, quiet, "linimasa run")
    raise typer.Exit(_exit_code(summary))


@app.command(cls=HelpCommand)
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
    problem = out_overwrites_input(out, inputs)
    if problem:
        error(problem)
        raise typer.Exit(EXIT_USAGE)
    use_entities_config(entities_config)
    summary = RunSummary()
    total = None if quiet else estimate_total(inputs)
    try:
        with run_progress(summary, quiet, total) as callbacks:
            annotate_job(inputs, out, summary, workers=_workers(inputs, workers, batch_size),
                         batch_size=batch_size, stdin=sys.stdin.buffer if "-" in inputs else None,
                         on_document=callbacks.on_document, on_error=callbacks.on_error)  # fmt: skip
    except OutputError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc
    finish(summary, quiet, "linimasa annotate")
    raise typer.Exit(_exit_code(summary))


@app.command(cls=HelpCommand)
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
    from linimasa.demo import corpus_path  # (the demo corpus: this command only)

    corpus = corpus_path()
    summary = RunSummary()
    try:
        prepare_dir(out)
        with run_progress(summary, quiet, None) as callbacks:
            run_pipeline([str(corpus)], out, db or str(out / "linimasa.db"), callbacks=callbacks, summary=summary)
    except (OutputError, StoreError) as exc:
        error(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc
    finish(summary, quiet, "linimasa demo")
    typer.echo(f"demo corpus: {corpus}")
    typer.echo(
        f"outputs:     {out.resolve()}/ (documents.jsonl, stories.jsonl, entities.jsonl, threads.jsonl, timeline.jsonl)"
    )
    typer.echo(f"report:      {(out / 'report.html').resolve()}  (open it in a browser)")
    raise typer.Exit(_exit_code(summary))


app.command(cls=HelpCommand)(export)


@app.command(cls=HelpCommand)
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

    The page lists stories (most active first, or newest), each story's timeline and thread, entities,
    documents with their annotations, and full-text search. See docs/serving.md for the endpoints.
    """
    from linimasa.api.serve import ServeError  # (the web stack: this command only)
    from linimasa.api.serve import serve as serve_store

    try:
        serve_store(db, host, port, token, max_body, allowed_host or (), max_pending, warn=warning, say=say)
    except ServeError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_FATAL) from exc


def main() -> None:
    """The command line, with SIGINT / SIGTERM handled (:mod:`linimasa.interrupt`)."""
    install()
    run_command(app)


if __name__ == "__main__":
    main()
