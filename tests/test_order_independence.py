"""Input order never changes an output byte (issue 20, finding 8, last item).

The same articles in another order, or split into other files, give byte-identical
``stories.jsonl``, ``entities.jsonl`` and ``timeline.jsonl``, and the same
``documents.jsonl`` lines (that file is in input order by contract, and a document's
``source`` names the file and line it came from, so lines are compared without it).
Entity names used to be whichever spelling came first ("Calderon" or "Calderón" when 800
articles were reversed): :func:`linimasa.corpus.entities.canonical_name` now decides.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from fixtures_fuzz import fuzz_settings
from fixtures_trust import article
from hypothesis import given
from hypothesis import strategies as st

from linimasa.corpus.entities import EntityAggregator, canonical_name
from linimasa.jobs.run import run_pipeline

EXACT = ("stories.jsonl", "entities.jsonl", "timeline.jsonl")


def _visit(i: int, spelling: str, day: int, outlet: str) -> dict:
    """Reports of one visit (one story); ``spelling`` of the visitor's name varies by outlet."""
    surname = spelling.split()[-1]
    text = "\n".join(
        [
            f"Jakarta ({outlet}) - Mantan Presiden Meksiko {spelling} tiba di Jakarta pada Senin ({day}/3/2024) "
            f"untuk bertemu Presiden Joko Widodo di Istana Merdeka.",
            f'"Kami membahas kerja sama perdagangan dan energi," kata {surname} kepada wartawan di Istana Merdeka, '
            f"Jakarta, Senin ({day}/3/2024).",
            f"Menteri Luar Negeri Retno Marsudi mengatakan kunjungan {surname} akan berlangsung selama tiga hari "
            f"dan berakhir di Surabaya pada Rabu ({day + 2}/3/2024). Laporan {outlet} nomor {i}.",
        ]
    )
    return {
        "id": f"visit-{i}",
        "title": f"{spelling} Bertemu Jokowi di Istana Merdeka",
        "text": text,
        "published": f"2024-03-{day:02d}",
        "outlet": outlet,
        "url": f"https://{outlet.lower().replace(' ', '')}.example/visit/{i}",
    }


def _flood(i: int, n: int, day: int, outlet: str) -> dict:
    text = "\n".join(
        [
            f"Kendari ({outlet}) - Banjir merendam {n} rumah warga di Kelurahan Lepo-Lepo, Kendari, Sulawesi "
            f"Tenggara, pada Kamis ({day}/1/2024) setelah hujan deras sejak Rabu malam.",
            f'"Kami sudah mengevakuasi warga ke masjid dan sekolah terdekat," kata Kepala BPBD Kendari Andi '
            f"Saputra di Kendari, Kamis ({day}/1/2024).",
            f"Menurut Andi, air mulai surut pada Jumat pagi. Pemerintah Kota Kendari menyiapkan dapur umum "
            f"untuk {n * 3} pengungsi. Laporan {outlet} nomor {i}.",
        ]
    )
    return {
        "id": f"banjir-{i}",
        "title": f"Banjir Rendam {n} Rumah di Kendari",
        "text": text,
        "published": f"2024-01-{day:02d}",
        "outlet": outlet,
        "url": f"https://{outlet.lower().replace(' ', '')}.example/banjir/{i}",
    }


def corpus() -> list[dict]:
    """30 short Indonesian articles: unrelated reports, two stories of several reports each, a
    near-copy, an undated article, and a name spelled two ways as often each."""
    rng = random.Random(2024)
    arts = [article(i, rng) for i in range(20)]
    arts[5] = {k: v for k, v in arts[5].items() if k != "published"}  # undated: dated from its text
    arts += [
        _visit(1, "Felipe Calderón", 11, "Kabar Timur"),
        _visit(2, "Felipe Calderon", 11, "Warta Nusa"),
        _visit(3, "Felipe Calderón", 12, "Suara Pesisir"),
        _visit(4, "Felipe Calderon", 12, "Harian Lembah"),
        _flood(1, 120, 18, "Kabar Timur"),
        _flood(2, 135, 18, "Warta Nusa"),
        _flood(3, 150, 19, "Suara Pesisir"),
    ]
    copy = dict(arts[3], id="doc-0003-salinan", url=arts[3]["url"] + "?amp=1")
    copy["text"] = arts[3]["text"] + "\nBaca juga berita lainnya."
    arts.append(copy)
    arts.append(dict(arts[7], id="doc-0007-ulang", url=arts[7]["url"] + "/ulang"))  # an exact copy
    arts.append(dict(_flood(4, 150, 19, "Harian Lembah"), published=None))
    return arts


def _write(folder: Path, arts: list[dict], parts: list[int]) -> list[str]:
    """``arts`` in this order into JSON Lines files ``part-K.jsonl`` (K from ``parts``)."""
    folder.mkdir(parents=True)
    files: dict[int, list[str]] = {}
    for a, k in zip(arts, parts, strict=True):
        files.setdefault(k, []).append(json.dumps({k2: v for k2, v in a.items() if v is not None}, ensure_ascii=False))
    for k, lines in files.items():
        (folder / f"part-{k}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(folder)]


def _outputs(inputs: list[str], tmp: Path) -> dict[str, object]:
    out = tmp / "out"
    summary = run_pipeline(inputs, out, str(tmp / "s.db"))
    assert not summary.skipped
    got: dict[str, object] = {name: (out / name).read_bytes() for name in EXACT}
    docs = []
    for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        d.pop("source")
        docs.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
    got["documents.jsonl"] = sorted(docs)
    return got


_REFERENCE: dict[str, object] = {}


def _reference() -> dict[str, object]:
    if not _REFERENCE:
        with tempfile.TemporaryDirectory() as tmp:
            _REFERENCE.update(_outputs(_write(Path(tmp) / "in", corpus(), [0] * len(corpus())), Path(tmp)))
    return _REFERENCE


def _assert_same(got: dict[str, object], ref: dict[str, object]) -> None:
    for name in EXACT:
        assert got[name] == ref[name], name
    assert got["documents.jsonl"] == ref["documents.jsonl"]


def test_reference_corpus_exercises_what_it_should() -> None:
    ref = _reference()
    stories = [json.loads(line) for line in ref["stories.jsonl"].splitlines()]  # type: ignore[union-attr]
    assert max(len(s["documents"]) for s in stories) >= 3
    entities = {e["id"]: e for e in map(json.loads, ref["entities.jsonl"].splitlines())}  # type: ignore[union-attr]
    calderon = [e for e in entities.values() if e["name"].startswith("Felipe Calder")]
    assert len(calderon) == 1 and calderon[0]["name"] == "Felipe Calderón"
    assert {"Felipe Calderon", "Felipe Calderón"} <= set(calderon[0]["aliases"])
    docs = [json.loads(d) for d in ref["documents.jsonl"]]  # type: ignore[union-attr]
    assert any(d["duplicate_of"] for d in docs)


def test_reversed_input_gives_the_same_outputs(tmp_path) -> None:
    arts = corpus()[::-1]
    _assert_same(_outputs(_write(tmp_path / "in", arts, [0] * len(arts)), tmp_path), _reference())


@fuzz_settings(5)
@given(seed=st.integers(0, 10**6), n_files=st.integers(1, 4))
def test_shuffled_and_split_input_gives_the_same_outputs(seed: int, n_files: int) -> None:
    rng = random.Random(seed)
    arts = corpus()
    rng.shuffle(arts)
    parts = [rng.randrange(n_files) for _ in arts]
    with tempfile.TemporaryDirectory() as tmp:
        got = _outputs(_write(Path(tmp) / "in", arts, parts), Path(tmp))
    _assert_same(got, _reference())


def _names(rows_by_doc: list[list[tuple[str, str, str, str, int]]]) -> tuple[dict[str, str], list]:
    agg = EntityAggregator()
    for rows in rows_by_doc:
        agg.add(rows)
    table = agg.resolve([[r[0] for r in rows] for rows in rows_by_doc])
    return table.display, [e.to_json() for e in table.entities]


def test_entity_names_and_links_do_not_depend_on_document_order() -> None:
    docs = [
        [("PER:felipe-calderon", "Felipe Calderon", "PER", "Felipe Calderon", 1)],
        [("PER:felipe-calderon", "Felipe Calderón", "PER", "Felipe Calderón", 1)],
        [("PER:calderon", "Calderon", "PER", "Calderon", 2)],
        [("PER:kim-jong-un", "Kim Jong Un", "PER", "Kim Jong Un", 1)],
        [("PER:kim-jong-un", "Kim Jong-un", "PER", "Kim Jong-un", 1)],
    ]
    first = _names(docs)
    for order in ([4, 3, 2, 1, 0], [1, 0, 3, 4, 2], [2, 4, 0, 3, 1]):
        assert _names([docs[i] for i in order]) == first
    display, entities = first
    # the surname joins the full name, which keeps the accented spelling of the tie
    assert display["PER:felipe-calderon"] == "Felipe Calderón"
    assert [e["id"] for e in entities if e["name"] == "Felipe Calderón"] == ["PER:felipe-calderon"]
    assert display["PER:kim-jong-un"] == "Kim Jong Un"  # a tie without accents: code point order (" " < "-")


def test_canonical_name_is_a_total_order() -> None:
    assert canonical_name({"Calderon": 2, "Calderón": 1}) == "Calderon"  # counts first
    assert canonical_name({"Calderon": 1, "Calderón": 1}) == "Calderón"
    assert canonical_name({"Calderón": 1, "Calderon": 1}) == "Calderón"
    assert canonical_name({"Kim Jong-un": 3, "Kim Jong Un": 3}) == canonical_name({"Kim Jong Un": 3, "Kim Jong-un": 3})
