"""The compiled modules (``setup.py``, ``linimasa.native``): the same program as the sources.

A run with the compiled modules and a run with ``LINIMASA_PURE=1`` (every module from its
source) write byte-identical outputs on real articles; a changed source makes the package
load every compiled module from its source, with a warning.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linimasa import native
from linimasa.demo import corpus_path

BUILT = native.built_sources()
needs_build = pytest.mark.skipif(
    not BUILT, reason="installed without compiled modules (LINIMASA_PURE=1 or no compiler)"
)
OUTPUTS = ("documents.jsonl", "stories.jsonl", "entities.jsonl", "timeline.jsonl")
# Text where C shortcuts for str methods go wrong: final sigma in lower() (mypyc 2's own
# str.lower, hence mypy 1.19 in setup), dotted capital I, sharp s, ligatures, full-width and
# Arabic-Indic digits, a combining mark with nothing to combine with.
ODD = [
    "ΣΊΣΥΦΟΣ dan ΟΔΥΣΣΕΥΣ tiba di İSTANBUL pada Senin (3/4/2017). “Kami senang,” kata Presiden ΑΛΈΞΗΣ ΤΣΊΠΡΑΣ.",
    "STRAẞE di KÖLN ditutup ﬁnal pada ＡＰＲＩＬ １２, ٢٠١٧; Menteri Zoë Ångström (45) dan Dr. Ñúñez hadir.",
    "The minister said on Monday, April 3, 2017 that ΑΘΗΝΑ and İZMİR were spared. \u0301Odd combining start.",
]


def _loaded(env: dict[str, str]) -> list[str]:
    code = (
        "import linimasa.pipeline, linimasa.entities.stage, linimasa.corpus.records; "
        "from linimasa.native import compiled_modules; print(' '.join(compiled_modules()))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


@needs_build
def test_the_hot_modules_run_compiled_unless_pure_is_asked_for():
    env = {k: v for k, v in os.environ.items() if k != native.PURE_VARIABLE}
    compiled = _loaded(env)
    assert {"linimasa.entities.recognize", "linimasa.entities.tokens", "linimasa.model"} <= set(compiled)
    assert set(compiled) <= set(BUILT)
    assert _loaded({**env, native.PURE_VARIABLE: "1"}) == []
    version = [sys.executable, "-m", "linimasa", "--version"]
    said = subprocess.run(version, env=env, capture_output=True, text=True, check=True).stdout
    assert f"{len(BUILT)} of {len(BUILT)} hot modules compiled" in said
    said = subprocess.run(version, env={**env, native.PURE_VARIABLE: "1"}, capture_output=True, text=True).stdout
    assert "pure Python (LINIMASA_PURE=1" in said


@needs_build
def test_compiled_and_pure_runs_write_the_same_outputs(tmp_path, indosum_path):
    sample = tmp_path / "sample.jsonl"
    lines = indosum_path.read_text(encoding="utf-8").splitlines()[:120]
    lines += [json.dumps({"id": f"odd-{k}", "text": t}, ensure_ascii=False) for k, t in enumerate(ODD)]
    sample.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != native.PURE_VARIABLE}
    outs = {}
    for name, extra in (("compiled", {}), ("pure", {native.PURE_VARIABLE: "1"})):
        out = tmp_path / name
        cmd = [sys.executable, "-m", "linimasa", "run", str(corpus_path()), str(sample), "--out", str(out)]
        cmd += ["--db", str(tmp_path / f"{name}.db"), "--workers", "2", "-q"]
        subprocess.run(cmd, env={**env, **extra}, check=True, capture_output=True, timeout=600)
        outs[name] = {f: (out / f).read_bytes() for f in OUTPUTS}
    assert len(outs["compiled"]["documents.jsonl"].splitlines()) == 16 + 120 + 3
    for f in OUTPUTS:
        assert outs["compiled"][f] == outs["pure"][f], f


def test_a_changed_source_is_found(tmp_path):
    record = tmp_path / "native_sources.json"
    digest = hashlib.sha256(native.source_path("linimasa.model").read_bytes()).hexdigest()
    record.write_text(json.dumps({"linimasa.model": digest, "linimasa.pipeline": "0" * 64}), encoding="utf-8")
    built = native.built_sources(record)
    assert native.changed_sources(built) == ["linimasa.pipeline"]
    assert native.built_sources(tmp_path / "missing.json") == {}


def test_the_source_finder_loads_the_python_source():
    finder = native.SourceFinder(["linimasa.entities.tokens"])
    spec = finder.find_spec("linimasa.entities.tokens")
    assert spec is not None and Path(spec.origin) == native.source_path("linimasa.entities.tokens")
    assert spec.origin.endswith(".py")
    assert finder.find_spec("linimasa.cli") is None  # not compiled: left to the normal import system


def test_a_changed_source_puts_every_compiled_module_back_on_its_source(tmp_path):
    record = tmp_path / "native_sources.json"
    record.write_text(json.dumps({"linimasa.model": "0" * 64, "linimasa.pipeline": "0" * 64}), encoding="utf-8")
    with pytest.warns(UserWarning, match="2 compiled module"):
        finder = native.select(record, environ={})
    try:
        assert finder is not None and set(finder.modules) == {"linimasa.model", "linimasa.pipeline"}
        assert sys.meta_path[0] is finder
    finally:
        sys.meta_path.remove(finder)
    digest = hashlib.sha256(native.source_path("linimasa.model").read_bytes()).hexdigest()
    record.write_text(json.dumps({"linimasa.model": digest}), encoding="utf-8")
    assert native.select(record, environ={}) is None  # in step: the compiled modules stay
    finder = native.select(record, environ={native.PURE_VARIABLE: "1"})  # asked for: no warning
    sys.meta_path.remove(finder)
    assert finder is not None and list(finder.modules) == ["linimasa.model"]


_INTERNALS = """
import json, sys
from linimasa.corpus.duplicates import normalised_tokens, shingles
from linimasa.corpus.features import terms
from linimasa.entities.tokens import tokenize
texts = json.loads(sys.stdin.read())
print(json.dumps([[terms(t, lang) for lang in ("id", "en")] + [normalised_tokens(t), sorted(shingles(normalised_tokens(t), 5)), tokenize(t, 0, len(t))] for t in texts]))
"""


@needs_build
def test_compiled_and_pure_tokens_and_terms_are_the_same(indosum_path):
    """What the outputs only show through clustering: the terms and tokens themselves."""
    texts = ODD + [json.loads(line)["text"] for line in indosum_path.read_text(encoding="utf-8").splitlines()[:40]]
    env = {k: v for k, v in os.environ.items() if k != native.PURE_VARIABLE}
    said = {}
    for name, extra in (("compiled", {}), ("pure", {native.PURE_VARIABLE: "1"})):
        cmd = [sys.executable, "-c", _INTERNALS]
        run = subprocess.run(
            cmd, input=json.dumps(texts), env={**env, **extra}, capture_output=True, text=True, check=True
        )
        said[name] = json.loads(run.stdout)
    assert said["compiled"] == said["pure"]
    assert "σίσυφος" in said["pure"][0][0]  # final sigma, as CPython lowers it


def test_an_incomplete_build_runs_every_compiled_module_from_its_source(tmp_path, monkeypatch):
    # the build's large C compile failed (out of memory) but the small per-module files compiled:
    # importing them would fail on the missing shared library, so the sources are used, with a warning
    package = tmp_path / "linimasa"
    package.mkdir()
    source = package / "model.py"
    source.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(native, "PACKAGE", package)
    record = tmp_path / "native_sources.json"
    record.write_text(json.dumps({"linimasa.model": hashlib.sha256(source.read_bytes()).hexdigest()}), encoding="utf-8")
    assert native.select(record, environ={}, library="linimasa_no_such_library") is None  # nothing compiled
    source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    assert native.select(record, environ={}, library="json") is None  # library present: compiled modules stay
    with pytest.warns(UserWarning, match="shared library linimasa_no_such_library is missing"):
        finder = native.select(record, environ={}, library="linimasa_no_such_library")
    try:
        assert finder is not None and list(finder.modules) == ["linimasa.model"]
        assert sys.meta_path[0] is finder
    finally:
        sys.meta_path.remove(finder)
