"""What ``--out`` names is written, never replaced, unless it is a regular file (issue 20, finding 1).

A regular file is replaced atomically (temporary name, then rename). A device, a named pipe
or ``/dev/stdout`` is written in place: renaming a temporary file over it replaced it by a
regular file, and as root destroyed ``/dev/full``. A symbolic link's target is written; the
link stays a link. The real ``/dev/null`` and ``/dev/full`` are only ever written to here.
"""

from __future__ import annotations

import os
import select
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from linimasa.outputs.files import OutputError, write_jsonl, write_lines, write_text

SRC = str(Path(__file__).resolve().parents[1] / "src")
LINES = [f'{{"id": "d{i}", "text": "baris {i}"}}' for i in range(50)]


def _linimasa(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": SRC + (os.pathsep + path if path else ""), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "linimasa", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def _is_char_device(path: str | Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def _corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(
            f"Judul {i}\n\nPresiden Joko Widodo meresmikan jembatan di Jakarta pada Senin (3/4/2017).\n",
            encoding="utf-8",
        )
    return folder


def _private_null(tmp_path: Path) -> Path:
    """A character device of this test's own (the null device's numbers), to replace at no cost."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        with open(node, "w") as fh:  # (a nodev mount refuses to open it)
            fh.write("")
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


def test_a_device_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    node = _private_null(tmp_path)
    write_lines(node, LINES)
    write_text(node, "<html></html>")
    assert _is_char_device(node)
    assert not list(tmp_path.glob(".*.tmp"))


def test_dev_null_stays_a_device() -> None:
    write_jsonl(Path("/dev/null"), [{"id": "x"}])
    assert _is_char_device("/dev/null")


def test_dev_stdout_is_written_in_place_whatever_it_is(capfd) -> None:
    # under capfd, descriptor 1 is a (deleted) temporary file: it is appended to, not renamed over
    write_lines(Path("/dev/stdout"), LINES)
    assert capfd.readouterr().out.splitlines() == LINES


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target.name)
    write_lines(link, LINES)
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8").splitlines() == LINES
    dangling = tmp_path / "dangling.jsonl"
    dangling.symlink_to("made-by-the-write.jsonl")
    write_text(dangling, "x")
    assert dangling.is_symlink() and (tmp_path / "made-by-the-write.jsonl").read_text() == "x"


def test_a_symlink_to_a_device_writes_the_device(tmp_path: Path) -> None:
    link = tmp_path / "out.jsonl"
    link.symlink_to("/dev/null")
    write_lines(link, LINES)
    assert link.is_symlink() and _is_char_device("/dev/null")


def test_a_fifo_is_written_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    got: list[bytes] = []
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # (so the writer's open does not wait)
    writer = threading.Thread(target=write_lines, args=(fifo, LINES), daemon=True)
    writer.start()
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.2)
            chunk = os.read(fd, 65536) if ready else b""
            got.append(chunk)
            if not chunk and not writer.is_alive():
                break
    finally:
        os.close(fd)
    writer.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"".join(got).decode().splitlines() == LINES


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="it is a folder"):
        write_lines(tmp_path, LINES)


def test_annotate_into_a_fifo_with_a_reader_and_into_dev_null(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c")
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": SRC + (os.pathsep + path if path else ""), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "linimasa", "annotate", str(corpus), "--out", str(fifo), "-q", "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    data = b""
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.2)
            chunk = os.read(fd, 65536) if ready else b""
            data += chunk
            if not chunk and proc.poll() is not None:
                break
    finally:
        os.close(fd)
    assert proc.wait(60) == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(data.decode().splitlines()) == 3
    res = _linimasa("annotate", str(corpus), "--out", "/dev/null", "-q", "--workers", "1")
    assert res.returncode == 0, res.stderr
    assert _is_char_device("/dev/null")


def test_annotate_into_dev_full_is_a_clear_error_and_the_device_stays(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    corpus = _corpus(tmp_path / "c")
    res = _linimasa("annotate", str(corpus), "--out", "/dev/full", "-q", "--workers", "1")
    assert res.returncode == 1
    assert "error: cannot write /dev/full: No space left on device" in res.stderr
    assert "Traceback" not in res.stderr
    assert _is_char_device("/dev/full")
