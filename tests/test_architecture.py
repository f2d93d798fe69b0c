"""The layout holds: the import contracts (.importlinter, drawn in docs/architecture.md), a thin
command line, small modules, and the supported languages read from the folders of lang/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "linimasa"
MAX_MODULE_LINES = 600
MAX_CLI_LINES = 350


def test_import_contracts_hold(capsys) -> None:
    """Each layer imports only the layers below it; the engines nothing of linimasa but the
    pipeline protocols; only the engines import multiprocessing or pyspark; the store no output."""
    from importlinter.cli import lint_imports  # (the test extra's import-linter)

    code = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True)
    assert code == 0, capsys.readouterr().out[-3000:]


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_command_line_is_thin_and_modules_are_small() -> None:
    assert _lines(PACKAGE / "cli.py") < MAX_CLI_LINES
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := _lines(p)) > MAX_MODULE_LINES}
    assert not big, f"modules over {MAX_MODULE_LINES} lines: {big}"


def test_the_supported_languages_are_the_folders_of_lang() -> None:
    from linimasa.lang.packs import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

    folders = {d.name for d in (PACKAGE / "lang").iterdir() if d.is_dir() and any(d.glob("*.toml"))} - {"common"}
    assert set(SUPPORTED_LANGUAGES) == folders
    assert SUPPORTED_LANGUAGES[0] == DEFAULT_LANGUAGE
    assert list(SUPPORTED_LANGUAGES[1:]) == sorted(SUPPORTED_LANGUAGES[1:])
