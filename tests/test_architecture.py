"""The layout holds: the import contracts (.importlinter, drawn in docs/architecture.md), a thin
command line, small modules, and the supported languages read from the folders of lang/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from linimasa.model import Document
from linimasa.published import set_published

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


_PUBLISHED_FIELDS = {"published", "published_from"}


def _assigned_attributes(node: ast.AST) -> list[str]:
    """The attribute names a statement assigns to (``x.a = ...``, ``x.a, y.b = ...``,
    ``x.a: T = ...``, ``x.a += ...``, ``setattr(x, "a", ...)``)."""
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr" and len(node.args) >= 2:
        name = node.args[1]
        return [name.value] if isinstance(name, ast.Constant) and isinstance(name.value, str) else []
    else:
        return []
    names: list[str] = []
    while targets:
        t = targets.pop()
        if isinstance(t, (ast.Tuple, ast.List)):
            targets.extend(t.elts)
        elif isinstance(t, ast.Starred):
            targets.append(t.value)
        elif isinstance(t, ast.Attribute):
            names.append(t.attr)
    return names


def _published_writers(source: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if _PUBLISHED_FIELDS & set(_assigned_attributes(node))
    ]


def test_one_function_assigns_the_publication_date() -> None:
    """``published`` and ``published_from`` are assigned by ``published.set_published`` alone."""
    writers = {
        str(p.relative_to(PACKAGE)): lines
        for p in PACKAGE.rglob("*.py")
        if (lines := _published_writers(p.read_text(encoding="utf-8")))
    }
    assert set(writers) == {"published.py"}, f"assignments to published/published_from outside set_published: {writers}"
    assert len(writers["published.py"]) == 1


def test_the_publication_date_check_finds_each_form_of_assignment() -> None:
    for line in (
        "doc.published = '2024-01-01'",
        "doc.published, doc.published_from = x",
        "d.published_from: str = 'url'",
        "setattr(doc, 'published_from', 'story')",
        "(a, [b, doc.published]) = y",
    ):
        assert _published_writers(line) == [1], line
    for line in ("published = doc.published", "row['published'] = 1", "doc.published == x", "f(doc.published, x)"):
        assert _published_writers(line) == [], line


def test_set_published_takes_the_known_sources_only() -> None:
    doc = Document(id="a", source="a.txt", raw="x", text="x")
    set_published(doc, "2024-05-01", "story")
    assert (doc.published, doc.published_from) == ("2024-05-01", "story")
    set_published(doc, None, None)
    assert (doc.published, doc.published_from) == (None, None)
    with pytest.raises(ValueError, match="unknown source 'guess'"):
        set_published(doc, "2024-05-01", "guess")
    assert doc.published is None


def _language_code_checks(source: str, codes: set[str], pack_functions: set[str]) -> list[int]:
    """Lines of ``source`` that decide by a hard-coded language code: ``lang == "id"``,
    ``lang in ("id", "en")``, ``lang or "id"``, a ``lang`` parameter defaulting to a code, a code
    handed to a language-pack function (``load_toml("id", ...)``). A code as a field name
    (``obj["id"]``, ``{"id": ...}``) is not a language."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and node.value in codes):
            continue
        parent = parents.get(node)
        while isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
            parent = parents.get(parent)
        segment = (ast.get_source_segment(source, parent) or "") if parent is not None else ""
        if isinstance(parent, (ast.Compare, ast.BoolOp)) and "lang" in segment:
            found.append(node.lineno)
        elif isinstance(parent, ast.arguments):
            positional = parent.posonlyargs + parent.args
            named = dict(zip(positional[len(positional) - len(parent.defaults) :], parent.defaults, strict=True))
            named.update((a, d) for a, d in zip(parent.kwonlyargs, parent.kw_defaults, strict=True) if d is not None)
            if any(d is node and "lang" in a.arg for a, d in named.items()):
                found.append(node.lineno)
        elif isinstance(parent, ast.Call) and node in parent.args:
            callee = parent.func.attr if isinstance(parent.func, ast.Attribute) else getattr(parent.func, "id", "")
            if callee in pack_functions:
                found.append(node.lineno)
    return found


def _pack_functions() -> set[str]:
    from linimasa.lang import packs

    return {name for name in dir(packs) if callable(getattr(packs, name)) and not name.startswith("_")}


def test_stage_code_asks_the_packs_not_language_codes() -> None:
    """Outside ``lang/``, no code decides by a language's code: the packs say what a language
    has (a tagger's weights file, a key of quotes.toml), ``DEFAULT_LANGUAGE`` names the default."""
    from linimasa.lang.packs import SUPPORTED_LANGUAGES

    codes, functions = set(SUPPORTED_LANGUAGES), _pack_functions()
    found = {
        str(p.relative_to(PACKAGE)): lines
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "lang"
        and (lines := _language_code_checks(p.read_text(encoding="utf-8"), codes, functions))
    }
    assert not found, f"hard-coded language codes (file: lines): {found}"


def test_the_language_code_check_finds_each_form() -> None:
    codes, functions = {"id", "en"}, _pack_functions()
    for source in (
        'if lang == "id": pass',
        'if doc.lang in ("id", "en"): pass',
        'x = load_toml("en", "quotes")',
        'x = cue_words(lang or "id")',
        'def f(text, lang="id"): pass',
        'def f(text, *, lang: str = "en"): pass',
    ):
        assert _language_code_checks(source, codes, functions), source
    for source in ('x = obj["id"]', 'y = {"id": 1}', 'if c.name != "id": pass', 'def f(key="id"): pass', 'g(d, "id")'):
        assert not _language_code_checks(source, codes, functions), source
