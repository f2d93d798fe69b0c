"""``linimasa annotate``: the per-document stages only, one JSON line per document, no store.

The lines are written as they come back, in input order (memory bounded by the batches in
flight); ``--out`` is checked first so that it never destroys one of the inputs.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from linimasa.engines.executor import InProcess
from linimasa.engines.pool import OrderedPool, chunks
from linimasa.interrupt import Interrupted
from linimasa.jobs.analyse import annotate_entries, init_worker
from linimasa.jobs.inputs import read_inputs
from linimasa.jobs.stages import default_stages
from linimasa.jobs.summary import BATCH_SIZE, RunSummary, timer
from linimasa.outputs.files import is_replaced_by_rename, prepare_dir, write_lines
from linimasa.pipeline import Pipeline


def annotate_stream(
    inputs: list[str],
    pipeline: Pipeline,
    summary: RunSummary,
    workers: int = 1,
    batch_size: int = 256,
    stdin: Any = None,
    on_document: Callable[[], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    exclude: Iterable[str] = (),
    follow_symlinks: bool = False,
) -> Iterator[str]:
    """The per-document stages only, as JSON lines in input order (memory bounded by the batches in flight)."""

    def batches() -> Iterator[tuple]:
        for batch in chunks(read_inputs(inputs, summary, stdin, on_error, exclude, follow_symlinks), batch_size):
            yield (batch,)

    def lines(results: list[tuple[str, str, list[str]]]) -> Iterator[str]:
        for line, source, warnings in results:
            summary.analysed += 1
            summary.warnings.extend((source, w) for w in warnings)
            if on_document:
                on_document()
            yield line

    if workers > 1:
        with OrderedPool(workers, init_worker, (list(pipeline.stages), None)) as pool:
            for results in pool.imap(annotate_entries, batches()):
                yield from lines(results)
    else:
        for results in InProcess().imap(partial(annotate_entries, pipeline=pipeline), batches()):
            yield from lines(results)



def looks_like_annotate_output(path: Path) -> bool:
    """Whether the file's first line is a document ``annotate`` writes (an earlier run's output)."""
    try:
        with path.open("rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    first = head.split(b"\n", 1)[0]
    # ("published_from" comes before the text, so within the first 64 KB whatever the text's length)
    return not head or (first.startswith(b'{"id":') and b'"published_from":' in first)


def out_overwrites_input(out: Path, inputs: list[str]) -> str | None:
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
            if not looks_like_annotate_output(out):
                return (
                    f"--out {out} is a file of the input folder {item} that is not an earlier annotate output: "
                    "writing the output would destroy it; choose another file"
                )
    return None



def annotate(
    inputs: list[str],
    out: Path,
    summary: RunSummary,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    stdin: Any = None,
    on_document: Callable[[], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
) -> RunSummary:
    """Write ``out`` (JSON Lines) with every input document analysed, in input order.

    Raises :class:`~linimasa.outputs.files.OutputError` when ``out`` cannot be written; an
    interruption says what became of ``out``.
    """
    elapsed = timer()
    lines = annotate_stream(
        inputs,
        Pipeline(default_stages()),
        summary,
        workers=workers,
        batch_size=batch_size,
        stdin=stdin,
        on_document=on_document,
        on_error=on_error,
        exclude=[str(out)],  # (its own output: never read back)
    )
    try:
        if out.parent and not out.parent.exists():
            prepare_dir(out.parent)
        summary.outputs["documents"] = str(write_lines(out, lines))
    except Interrupted as exc:
        # (annotate keeps no store: a re-run starts again)
        exc.detail = f"{out} was left as it was" if is_replaced_by_rename(out) else f"{out} got part of the output"
        exc.advice = "re-run the same command"
        raise
    finally:
        lines.close()  # its pool, when it has one, is shut (its workers killed if it was not done)
    summary.elapsed = elapsed()
    return summary
