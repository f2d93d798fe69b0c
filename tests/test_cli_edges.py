"""The command line's rough edges (issue 26, point 4): each one, as a user meets it.

The ``spark`` extra and its message, ``--help`` on every command, ``--format`` errors,
documents in languages without a language pack, small inputs run in this process, and the
install that compiles only when asked (``serve`` refusing a store that does not exist is in
``test_api_serve_cli.py``).
"""

from __future__ import annotations

import runpy
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linimasa import native
from linimasa.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ([], ["run"], ["annotate"], ["demo"], ["serve"])


def _said(result) -> str:
    """The output as one line (Rich wraps at the terminal width)."""
    return " ".join(result.output.split())


def test_the_spark_extra_exists_and_the_message_names_it(monkeypatch, tmp_path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(r.startswith("pyspark") for r in project["optional-dependencies"]["spark"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`spark` extra" in readme
    assert "pip install 'linimasa[spark]'" in (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    # no PySpark: the error says the command to type, "[spark]" included (not eaten as console markup)
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    (tmp_path / "a.txt").write_text("Presiden Joko Widodo tiba di Makassar pada Senin.", encoding="utf-8")
    r = CliRunner().invoke(
        app,
        [
            "run",
            str(tmp_path / "a.txt"),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "s.db"),
            "--engine",
            "spark",
        ],
    )
    assert r.exit_code == 1, r.output
    assert "error: PySpark is not installed: pip install 'linimasa[spark]'" in _said(r)


def test_user_text_in_messages_is_not_console_markup(tmp_path) -> None:
    r = CliRunner().invoke(app, ["run", "x", "--out", str(tmp_path / "o"), "--engine", "[bold]spork[/bold]"])
    assert r.exit_code == 2 and "unknown engine '[bold]spork[/bold]'; choose one of: local, spark" in _said(r)
    r = CliRunner().invoke(app, ["run", "x", "--out", str(tmp_path / "o"), "--format", "[red]x"])
    assert r.exit_code == 2 and "unknown format '[red]x'" in _said(r)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "linimasa")
def test_help_is_clean_on_every_command(command) -> None:
    r = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    out = r.output
    # no type clutter after flags or options, no reStructuredText, no markup left over
    for clutter in ("<bool>", "<str>", "<path>", "<int", "<list", "``", ":func:", ":mod:", "[/", "[bold"):
        assert clutter not in out, (clutter, out)
    assert "--help" in out and "Show this message and exit." in out
    if command == ["run"]:
        assert "jsonl|csv|parquet" in out and "local|spark" in out
        for option in ("--out", "--db", "--engine", "--force", "--quiet", "--workers", "--batch-size", "--master"):
            assert option in out
        assert "INPUT" in out and "DIR" in out and "PATH|URL" in out
    if command == ["annotate"]:
        assert "the fields story and duplicate_of are null" in " ".join(out.split())


def test_format_errors_list_the_formats_that_exist(tmp_path) -> None:
    args = ["run", str(tmp_path), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db")]
    r = CliRunner().invoke(app, [*args, "--format", "xml"])
    assert r.exit_code == 2
    assert (
        "error: unknown format 'xml'; choose one of: jsonl, csv (the JSON Lines files as CSV tables too), "
        "parquet (with --engine spark)"
    ) in _said(r)
    assert "parquet needs spark" not in _said(r)
    r = CliRunner().invoke(app, [*args, "--format", "parquet"])
    assert r.exit_code == 2 and "error: --format parquet needs --engine spark" in _said(r)
    assert not (tmp_path / "o").exists()  # refused before anything is written


def test_a_plain_install_does_not_compile_and_version_says_so(monkeypatch, tmp_path) -> None:
    # setup.py run in an empty folder (its clean-up of stale extension files touches nothing here)
    monkeypatch.chdir(tmp_path)
    import setuptools

    monkeypatch.setattr(setuptools, "setup", lambda **kw: None)
    for name in ("LINIMASA_COMPILE", "LINIMASA_PURE"):
        monkeypatch.delenv(name, raising=False)
    build = runpy.run_path(str(ROOT / "setup.py"))
    assert build["ext_modules"]() == [] and not build["wants_compiled"]()
    monkeypatch.setenv("LINIMASA_COMPILE", "1")
    assert build["wants_compiled"]()
    monkeypatch.setenv("LINIMASA_PURE", "1")
    assert not build["wants_compiled"]()  # PURE wins
    # --version of an install without compiled modules says so, and how to compile
    monkeypatch.setattr(native, "built_sources", lambda record=native.RECORD: {})
    assert native.status().startswith("pure Python; LINIMASA_COMPILE=1 pip install .")
    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0 and "(pure Python; LINIMASA_COMPILE=1 pip install . compiles the hot modules)" in r.output


def test_the_test_set_up_compiles_so_the_compiled_tests_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "LINIMASA_COMPILE=1 pip install -e '.[test]'" in readme
    assert "LINIMASA_COMPILE=1 pip install --quiet -e '.[test]'" in ci
    first = readme.splitlines()[2]
    assert "pip install . && linimasa demo" in first and "LINIMASA_COMPILE" not in first


FRENCH = [
    "Le président Emmanuel Macron a déclaré lundi à Paris : « Nous devons agir vite. » "
    "Il a rencontré le ministre de l'Intérieur Gérald Darmanin pendant deux heures.",
    "Nous avons appris mardi que la mairie de Lyon fermera trois écoles. « Nous regrettons », "
    "a dit la maire Nathalie Perrin-Gilbert aux journalistes réunis devant l'hôtel de ville.",
    "La grève des transports continue à Marseille. Nous attendons une réponse du gouvernement, "
    "ont déclaré les syndicats jeudi soir après une réunion avec le préfet Christophe Mirmand.",
]
MALAY = [
    "Perdana Menteri Anwar Ibrahim berkata pada hari Isnin bahawa kerajaan akan membantu mangsa banjir di "
    'Kelantan. "Kita akan pastikan bantuan sampai kepada semua mangsa," katanya kepada pemberita di Putrajaya.',
    "Isnin lalu, Menteri Besar Selangor Amirudin Shari memaklumkan bahawa bekalan air akan pulih sepenuhnya "
    "menjelang hujung minggu. Beliau berkata kerja-kerja pembaikan paip sedang dijalankan oleh pihak berkuasa.",
]
INDONESIAN = (
    "Presiden Joko Widodo meresmikan jembatan baru di Kendari, Sulawesi Tenggara, pada Senin (4/3/2024). "
    '"Jembatan ini untuk rakyat," kata Jokowi kepada wartawan. Gubernur Ali Mazi mendampingi Presiden.'
)


def test_documents_without_a_language_pack_get_no_rules_and_are_counted(tmp_path) -> None:
    import json

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, text in enumerate([*FRENCH, *MALAY, INDONESIAN]):
        (corpus / f"a{i}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    r = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), "--db", str(tmp_path / "s.db"), "-w", "1"])
    assert r.exit_code == 0, r.output
    said = _said(r)
    assert "3 documents in languages without a language pack (fr: 3): no entities or quotes" in said
    assert "warning " not in said  # counted on that line, not listed one by one
    docs = {d["lang"]: d for d in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d["lang"] for d in rows) == ["fr", "fr", "fr", "id", "ms", "ms"]
    for doc in rows:
        if doc["lang"] == "fr":
            assert doc["entities"] == [] and doc["quotes"] == [], doc
            assert f"no language pack for '{doc['lang']}': no entities or quotes" in doc["warnings"]
        elif doc["lang"] == "ms":  # Malay has a pack (lang/ms): its rules, and no warning
            assert doc["entities"] and not doc["warnings"], doc
    names = {e["text"] for d in rows for e in d["entities"]}
    assert not {"Nous", "Isnin"} & names
    assert docs["id"]["entities"] and docs["id"]["quotes"]  # Indonesian keeps its rules
    entities = (out / "entities.jsonl").read_text(encoding="utf-8")
    assert "Nous" not in entities and "Isnin" not in entities


def test_the_language_pack_line_and_count() -> None:
    from linimasa.console import language_pack_line
    from linimasa.jobs.summary import RunSummary
    from linimasa.lang.packs import has_language_pack, no_pack_warning

    assert has_language_pack("id") and has_language_pack("en") and has_language_pack(None) and has_language_pack("und")
    assert not has_language_pack("fr") and not has_language_pack("th") and has_language_pack("ms")
    summary = RunSummary()
    summary.warnings += [("a", no_pack_warning("th")), ("b", "other"), ("c", no_pack_warning("fr"))]
    summary.warnings += [("d", no_pack_warning("fr"))]
    assert summary.without_language_pack() == {"fr": 2, "th": 1}
    line = language_pack_line(summary.without_language_pack())
    assert line == "3 documents in languages without a language pack (fr: 2, th: 1): no entities or quotes"


def test_start_up_tables_are_the_same_when_cached_or_quicker(monkeypatch, tmp_path) -> None:
    import unicodedata

    from linimasa.entities import gazetteer
    from linimasa.store import search

    # the city list read back from the on-disk cache is the one built from GeoNames
    monkeypatch.setenv("LINIMASA_CACHE", str(tmp_path))
    built = gazetteer.build_cities()
    assert built and gazetteer._cities() == built  # (first call: built and written)
    assert list(tmp_path.glob("cities-*.json"))
    assert gazetteer._cities() == built  # (second call: read back)
    # no combining mark beyond the bound of search's folding table
    assert not any(unicodedata.combining(chr(cp)) for cp in range(search.COMBINING_END, sys.maxunicode + 1))
    assert search.fold("Sumbawá Hà Nội") == "sumbawa ha noi"


def _summary_workers(monkeypatch, args: list[str]) -> list[int]:
    """The worker counts ``run`` passes to its engine (the engine itself replaced)."""
    from linimasa import cli

    seen: list[int] = []

    def fake(*a, workers=1, **kw):
        seen.append(workers)
        raise cli.OutputError("stop here")

    monkeypatch.setattr(cli, "run_pipeline", fake)
    CliRunner().invoke(app, args)
    return seen


def test_small_inputs_run_in_this_process(monkeypatch, tmp_path) -> None:
    from linimasa.jobs import inputs

    monkeypatch.setattr(inputs, "default_workers", lambda: 2)
    small = tmp_path / "small"
    small.mkdir()
    for i in range(5):
        (small / f"a{i}.txt").write_text(f"Artikel {i} tentang banjir di Jakarta.", encoding="utf-8")
    big = tmp_path / "big.jsonl"
    big.write_text("".join('{"text": "banjir"}\n' for _ in range(600)), encoding="utf-8")
    out = ["--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db")]
    assert _summary_workers(monkeypatch, ["run", str(small), *out]) == [1]  # 5 files: no pool
    assert _summary_workers(monkeypatch, ["run", str(big), *out]) == [2]  # > 2 batches of 256: every core
    assert _summary_workers(monkeypatch, ["run", str(big), *out, "--batch-size", "1000"]) == [1]
    assert _summary_workers(monkeypatch, ["run", str(small), *out, "-w", "2"]) == [2]  # as asked
    assert _summary_workers(monkeypatch, ["run", "-", *out]) == [2]  # stdin: size unknown
    assert inputs.estimate_total([str(big)], stop_at=10) == 10  # counting stops early


def test_a_small_run_starts_no_process(tmp_path) -> None:
    """5 files through ``linimasa run`` without --workers: no child process is started."""
    import subprocess

    small = tmp_path / "small"
    small.mkdir()
    for i in range(5):
        (small / f"a{i}.txt").write_text(INDONESIAN.replace("Kendari", f"Kendari {i}"), encoding="utf-8")
    code = (
        "import multiprocessing, sys\n"
        "started = []\n"
        "orig = multiprocessing.process.BaseProcess.start\n"
        "def start(self):\n"
        "    started.append(self)\n"
        "    return orig(self)\n"
        "multiprocessing.process.BaseProcess.start = start\n"
        "from linimasa.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as e:\n"
        "    print('exit', e.code, 'processes', len(started))\n"
    )
    args = [str(small), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"), "-q"]
    res = subprocess.run([sys.executable, "-c", code, "run", *args], capture_output=True, text=True, timeout=300)
    assert "exit 0 processes 0" in res.stdout, res.stdout + res.stderr
    assert len((tmp_path / "o" / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_the_language_model_read_from_the_cache_is_the_bundled_one(monkeypatch, tmp_path) -> None:
    import numpy as np

    from linimasa.language import ngrams

    monkeypatch.setenv("LINIMASA_CACHE", str(tmp_path))
    assert ngrams.decompressed_model() is not None and list(tmp_path.glob("langid-*.npz"))
    cached = ngrams.identifier.__wrapped__()  # (read from the cache)
    shipped = ngrams.FastIdentifier.from_model_file(ngrams.MODEL_FILE)
    assert cached.nb_classes == shipped.nb_classes and cached.tk_output == shipped.tk_output
    assert cached.tk_row == shipped.tk_row and cached.tk_nextmove == shipped.tk_nextmove
    assert np.array_equal(cached.nb_ptc, shipped.nb_ptc) and np.array_equal(cached.nb_pc, shipped.nb_pc)
    for text in [*FRENCH, *MALAY, INDONESIAN, "The minister said on Monday that the bridge was open."]:
        assert cached.classify(text) == shipped.classify(text)
    # a cache that cannot be written: py3langid's own loader
    monkeypatch.setenv("LINIMASA_CACHE", "/proc/no-such-cache")
    assert ngrams.decompressed_model() is None
    assert ngrams.identifier.__wrapped__().classify(INDONESIAN) == shipped.classify(INDONESIAN)


def test_an_empty_input_folder_into_a_store_that_holds_documents(tmp_path) -> None:
    # the output folder lists the whole store after a run: with nothing new, the documents stored before, said
    # plainly, exit 0; into an empty store, nothing to list: "no documents found", exit 1
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Presiden Joko Widodo tiba di Makassar pada Senin.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    db = str(tmp_path / "s.db")
    first = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o1"), "--db", db, "-q"])
    assert first.exit_code == 0, first.output
    out = tmp_path / "o2"
    r = CliRunner().invoke(app, ["run", str(tmp_path / "empty"), "--out", str(out), "--db", db, "-q"])
    assert r.exit_code == 0, r.output
    said = _said(r)
    assert "warning: no documents found in the inputs: nothing added to the store;" in said
    assert "lists the store's 1 documents, as before this run" in said
    assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    r = CliRunner().invoke(
        app, ["run", str(tmp_path / "empty"), "--out", str(tmp_path / "o3"), "--db", str(tmp_path / "new.db"), "-q"]
    )
    assert r.exit_code == 1 and "error: no documents found in the inputs" in _said(r)


def test_workers_beyond_four_a_core_are_not_started(monkeypatch, tmp_path) -> None:
    """``--workers 100000`` on five files started processes until the machine ran out of memory (the
    kernel killed the run, exit 137, with no message): at most 4 a core are started, with a warning."""
    from linimasa.jobs import inputs

    monkeypatch.setattr(inputs, "default_workers", lambda: 2)
    assert inputs.choose_workers([str(tmp_path)], 100_000, 256) == 8
    assert inputs.choose_workers([str(tmp_path)], 3, 256) == 3
    small = tmp_path / "small"
    small.mkdir()
    for i in range(5):
        (small / f"a{i}.txt").write_text(f"Artikel {i} tentang banjir di Jakarta.", encoding="utf-8")
    out = ["--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db")]
    assert _summary_workers(monkeypatch, ["run", str(small), *out, "-w", "100000"]) == [8]
    r = CliRunner().invoke(app, ["run", str(small), *out, "-w", "100000"])
    assert "--workers 100000: at most 8 are started (4 a core)" in " ".join(r.output.split()), r.output
