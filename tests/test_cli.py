"""``linimasa run`` / ``annotate`` end to end, as a user runs them (a real subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from linimasa.jobs.run import OUTPUT_FILES

ARTICLE_1 = (
    "Banjir Rendam Ribuan Rumah di Sidrap\n"
    "Makassar (Kabar Timur) - Banjir merendam ribuan rumah di Kabupaten Sidenreng Rappang, Sulawesi Selatan, "
    "sejak Senin (4/3/2024). Warga mengungsi ke masjid dan sekolah.\n"
    "Kepala BPBD Sidrap, Andi Rahman, mengatakan air mulai surut pada Selasa pagi.\n"
)
ARTICLE_2 = (
    "Harga beras di Pasar Terong naik menjadi Rp15.000 per kilogram pada pekan ini, kata pedagang.\n"
    "Pemerintah kota berjanji menggelar operasi pasar sebelum Ramadan.\n"
)


def linimasa(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "linimasa", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        env=env,
        timeout=300,
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text(ARTICLE_2, encoding="utf-8")
    (corpus / "broken.jsonl").write_text(
        '{"id": "j1", "text": "Gubernur meresmikan jembatan baru di Kendari."}\n{not json\n', encoding="utf-8"
    )
    (corpus / "empty.txt").write_bytes(b"")
    return corpus


def test_run_writes_the_contract_and_reports_bad_inputs(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    res = linimasa("run", str(corpus), "--out", str(out), "--db", str(tmp_path / "s.db"), "-q")
    assert res.returncode == 3, res.stderr  # some inputs skipped
    assert "skipped" in res.stdout
    assert "broken.jsonl:2" in res.stderr and "empty.txt" in res.stderr
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["id"] for d in docs] == ["a", "j1", "b"]  # input order: directory walked in sorted order
    for d in docs:
        for key in (
            "id",
            "url",
            "lang",
            "title",
            "outlet",
            "dateline",
            "published",
            "published_from",
            "text",
            "removed",
            "credits",
            "timexes",
            "entities",
            "quotes",
            "story",
            "duplicate_of",
        ):
            assert key in d
        for layer in ("timexes", "entities", "quotes"):
            for a in d[layer]:
                assert d["text"][a["start"] : a["end"]] == a["text"]
        assert d["lang"] == "id"
    assert (out / "stories.jsonl").exists() and (out / "entities.jsonl").exists()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<html" in html and "Sidenreng" in html


def test_rerun_changes_nothing_and_resumes(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    db = tmp_path / "s.db"
    first = tmp_path / "first.txt"
    first.write_text(ARTICLE_1, encoding="utf-8")
    # an "interrupted" run that only got through one document
    assert linimasa("run", str(first), "--out", str(tmp_path / "o0"), "--db", str(db), "-q").returncode == 0
    res = linimasa("run", str(corpus), str(first), "--out", str(tmp_path / "o1"), "--db", str(db), "-q")
    assert "(3 analysed, 1 unchanged)" in res.stdout, res.stdout  # resumes: 'first' was already stored
    before = sqlite3.connect(db).execute("select id, content_hash, analysis from documents order by id").fetchall()
    res = linimasa("run", str(corpus), str(first), "--out", str(tmp_path / "o2"), "--db", str(db), "-q")
    assert "(0 analysed, 4 unchanged)" in res.stdout, res.stdout
    after = sqlite3.connect(db).execute("select id, content_hash, analysis from documents order by id").fetchall()
    assert before == after
    assert (tmp_path / "o1" / "documents.jsonl").read_text() == (tmp_path / "o2" / "documents.jsonl").read_text()


def test_annotate_and_stdin(tmp_path: Path) -> None:
    lines = json.dumps({"id": "s1", "text": ARTICLE_2, "published": "2024-03-05", "outlet": "Warta Pasar"}) + "\n"
    out = tmp_path / "a.jsonl"
    res = linimasa("annotate", "-", "--out", str(out), "-q", stdin=lines)
    assert res.returncode == 0, res.stderr
    (doc,) = read_jsonl(out)
    assert doc["id"] == "s1" and doc["published"] == "2024-03-05" and doc["published_from"] == "input"
    assert doc["story"] is None and doc["duplicate_of"] is None


def test_fatal_errors_have_their_own_exit_code(tmp_path: Path) -> None:
    res = linimasa("run", str(tmp_path / "missing"), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"))
    assert res.returncode == 1 and "no input found" in res.stderr
    (tmp_path / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    res = linimasa("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "no" / "s.db"))
    assert res.returncode == 1 and "does not exist" in res.stderr
    res = linimasa("run", str(tmp_path / "a.txt"))
    assert res.returncode == 2  # usage: --out is required


def test_error_lines_are_not_wrapped(tmp_path: Path) -> None:
    # stderr is not a terminal here: a message past 80 columns stays one line (a log grep finds it)
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    res = linimasa("run", str(deep / "missing"), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"))
    assert res.returncode == 1
    line = next(x for x in res.stderr.splitlines() if "no input found" in x)
    assert str(deep / "missing") in line


def test_help_explains_every_option() -> None:
    res = linimasa("run", "--help")
    assert res.returncode == 0
    for opt in ("--out", "--db", "--engine", "--force", "--quiet"):
        assert opt in res.stdout
    # every file the output folder gets is named (threads.jsonl and timeline.jsonl were not),
    # and serve says the page's default order (most active first: it said newest first)
    flat = " ".join(res.stdout.replace("│", " ").split())
    named = [n for n in OUTPUT_FILES if not n.endswith(".csv")]
    assert {"threads.jsonl", "timeline.jsonl", "report.html"} <= set(named)
    for name in named:
        assert name in flat, name
    serve = " ".join(linimasa("serve", "--help").stdout.replace("│", " ").split())
    assert "most active first" in serve and "newest first" not in serve


def test_messages_show_names_and_input_as_written(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "kosong[bold]x[red].txt").write_bytes(b"")  # brackets in a name are not console markup
    line = {"id": "w1", "text": ARTICLE_2, "published": "31/02/2024 [/]"}
    (corpus / "w.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    res = linimasa("run", str(corpus), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"))
    assert res.returncode == 3, res.stderr
    assert "kosong[bold]x[red].txt: file is empty" in res.stderr
    assert "warnings: 1" in res.stdout
    assert "31/02/2024 [/]" in res.stderr  # the ignored field is shown, as written


def test_run_never_reads_its_own_outputs(tmp_path: Path) -> None:
    """``linimasa run . --out out`` with the store in the same folder: the second and third
    runs read the same two articles, not the first run's outputs and store (issue 20, finding 6)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    (corpus / "b.txt").write_text(ARTICLE_2, encoding="utf-8")
    for _ in range(3):
        res = linimasa("run", ".", "--out", "out", "--db", "linimasa.db", "-q", cwd=corpus)
        assert res.returncode == 0, res.stderr
        assert "2 documents read" in res.stdout and " 0 skipped" in res.stdout, res.stdout
        assert [d["id"] for d in read_jsonl(corpus / "out" / "documents.jsonl")] == ["a", "b"]
    assert (corpus / "linimasa.db").exists() and (corpus / "out" / "report.html").exists()
    # named on the command line: refused with the reason (the walk of "." still leaves them out)
    res = linimasa(
        "run", ".", "out/documents.jsonl", "linimasa.db", "--out", "out", "--db", "linimasa.db", "-q", cwd=corpus
    )
    assert res.returncode == 3, res.stderr
    reason = "an output of this run (in its --out folder, or its --db store); not read as input"
    assert f"skipped out/documents.jsonl: {reason}" in res.stderr, res.stderr
    assert f"skipped linimasa.db: {reason}" in res.stderr and "2 documents read" in res.stdout, res.stderr
    # the outputs written into the corpus folder itself: the folder is read, not what run wrote there
    shutil.rmtree(corpus / "out")  # (from now on an ordinary folder of JSON Lines)
    for _ in range(2):
        res = linimasa("run", ".", "--out", ".", "--db", "linimasa.db", "-q", cwd=corpus)
        assert res.returncode == 0 and "2 documents read" in res.stdout, res.stderr
    assert [d["id"] for d in read_jsonl(corpus / "documents.jsonl")] == ["a", "b"]


def test_escape_codes_in_file_names_are_printed_escaped_and_symlinks_stay_inside(tmp_path: Path) -> None:
    """A file name holding terminal escape codes is printed with them escaped; a link to a
    file outside the input folder is skipped unless ``--follow-symlinks`` (issue 20, finding 8)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    (corpus / "\x1b]0;pwned\x07\x1b[2J.txt").write_bytes(b"")
    (tmp_path / "rahasia.txt").write_text(ARTICLE_2, encoding="utf-8")
    (corpus / "tautan.txt").symlink_to(tmp_path / "rahasia.txt")
    res = linimasa("run", str(corpus), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "s.db"), "-q")
    assert res.returncode == 3, res.stderr
    assert "\x1b" not in res.stderr + res.stdout and "\x07" not in res.stderr
    assert f"skipped {corpus}/\\x1b]0;pwned\\x07\\x1b[2J.txt: file is empty" in res.stderr, res.stderr
    outside = f"symbolic link leading outside the input folders (to {tmp_path / 'rahasia.txt'})"
    assert f"skipped {corpus}/tautan.txt: {outside}; not followed without --follow-symlinks" in res.stderr
    assert [d["id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == ["a"]
    res = linimasa(
        "run", str(corpus), "--out", str(tmp_path / "out2"), "--db", str(tmp_path / "s2.db"), "-q", "--follow-symlinks"
    )
    assert res.returncode == 3 and "tautan" not in res.stderr, res.stderr
    assert [d["id"] for d in read_jsonl(tmp_path / "out2" / "documents.jsonl")] == ["a", "tautan"]


def test_annotate_never_reads_its_own_output(tmp_path: Path) -> None:
    """``linimasa annotate . --out annotated.jsonl`` twice in the corpus folder: the second run
    reads the two articles, not the first run's output (issue 20, finding 6)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    (corpus / "b.txt").write_text(ARTICLE_2, encoding="utf-8")
    for _ in range(2):
        res = linimasa("annotate", ".", "--out", "annotated.jsonl", "-q", cwd=corpus)
        assert res.returncode == 0, res.stderr
        assert [d["id"] for d in read_jsonl(corpus / "annotated.jsonl")] == ["a", "b"]
