"""Build: pure Python by default; with ``LINIMASA_COMPILE=1``, the modules every document goes
through compiled to C extensions with mypyc.

``pip install .`` installs the sources only (well under a minute); ``LINIMASA_COMPILE=1 pip
install .`` compiles the hot modules below (several minutes on two cores: 12-23 % less CPU per
document, ``benchmarks/README.md``). The sources stay the program (``linimasa.native`` explains
how the two are kept in step); without a C compiler the extensions are skipped (they are
optional) and the sources are used. ``LINIMASA_PURE=1`` still means "do not compile".
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from setuptools import setup

PACKAGE = Path("src/linimasa")
RECORD = PACKAGE / "native_sources.json"  # read by linimasa.native

# Hot and fully typed (mypy-clean under the options below): what each article goes through.
COMPILED = """
    entities/tokens entities/rulebase entities/naming entities/roles entities/abbreviations entities/recognize entities/lexicon entities/aliases entities/gazetteer entities/regions entities/stage entities/tagger
    entities/tagger_features entities/crf entities/combine
    quotes/cues quotes/stage
    clean/boilerplate clean/credits clean/lead clean/normalize clean/repeats clean/stage clean/title
    sentences/split sentences/stage
    language/detect language/stage
    published time/spec time/context time/merge time/interpret time/resolve time/lexicon time/published time/stage
    model pipeline corpus/records corpus/features corpus/duplicates corpus/summary corpus/stage corpus/plan store/indexing
    corpus/entities
    corpus/stories corpus/story_items corpus/clustering corpus/story_summary corpus/dating corpus/timeline
    corpus/kept_dates corpus/threads corpus/thread_profiles
    time/grammar quotes/marks quotes/speakers entities/brackets entities/title_places
""".split()


COMPILE_VARIABLE = "LINIMASA_COMPILE"


def wants_compiled() -> bool:
    """Compile only when asked (``LINIMASA_COMPILE=1``), and never with ``LINIMASA_PURE=1``."""
    return os.environ.get(COMPILE_VARIABLE) == "1" and os.environ.get("LINIMASA_PURE") != "1"


def ext_modules() -> list:
    if not wants_compiled():
        # an editable install compiled before keeps its extension files beside the sources: remove
        # them (without the record, nothing would tell that they are older than their sources)
        RECORD.unlink(missing_ok=True)
        for m in COMPILED:
            for ext in (PACKAGE / m).parent.glob(f"{Path(m).name}.*.so"):
                ext.unlink()
        for ext in PACKAGE.parent.glob("linimasa_native__mypyc.*.so"):
            ext.unlink()
        return []
    from mypyc.build import mypycify

    paths = [str(PACKAGE / f"{m}.py") for m in COMPILED]
    record = {
        "linimasa." + m.replace("/", "."): hashlib.sha256(Path(p).read_bytes()).hexdigest()
        for m, p in zip(COMPILED, paths, strict=True)
    }
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    # errors only in the compiled modules count; untyped libraries are Any
    exts = mypycify(
        ["--ignore-missing-imports", "--follow-imports=silent", *paths], opt_level="3", group_name="linimasa_native"
    )
    for ext in exts:
        ext.optional = True  # no C compiler: a warning, and the sources are used
    return exts


setup(ext_modules=ext_modules())
