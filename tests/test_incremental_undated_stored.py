"""A dated article added in a later run joins the story of a stored article that has no date,
where one run over both keeps them apart (found by hostile24).

One run visits the undated article last and lets it join only by the undated test. A continued
run scores the new dated article against the stored undated article's story with the ordinary
test (its story has days from the text's dates), so a fire in Ambon and a harvest in Depok, which
share a reporting template and one official's name, became one story. The Ambon article's
year-less days (every year its "Selasa (4/9)" fits) index its story by date, so the dated article
met it among its ordinary candidates; a continued pass now leaves such a story (no dates) to the
undated test (corpus/undated_join.py).
"""

from __future__ import annotations

import json

from linimasa.jobs.run import run_pipeline

AMBON = """Kebakaran di Ambon: laporan 1

Ambon (Kabar Timur) - Kebakaran menghanguskan 4714 kios di Pasar Sentral Ambon pada Selasa (4/9).
"Kami sudah menurunkan 61 petugas ke lapangan sejak pagi," kata Kapolres Ambon, Dewi Lestari, di Ambon, Sabtu (4/9/2025).
Menurut Dewi, warga diminta tetap waspada hingga akhir pekan depan. Laporan ke-1 ini dicatat pada 4 September 2025.
Pemerintah Kota Ambon menyiapkan anggaran Rp 14142 juta untuk penanganan kebakaran.
"""
DEPOK = """Panen di Depok: laporan 84

Depok (Harian Lembah) - Petani di Depok memanen padi di lahan seluas 842 hektare pada Selasa (20/9).
"Kami sudah menurunkan 69 petugas ke lapangan sejak pagi," kata Kapolres Depok, Dewi Lestari, di Depok, Sabtu (20/9/2025).
Menurut Dewi, warga diminta tetap waspada hingga akhir pekan depan. Laporan ke-84 ini dicatat pada 20 September 2025.
Pemerintah Kota Depok menyiapkan anggaran Rp 2526 juta untuk penanganan panen.
"""


def _stories(out) -> dict[str, str]:
    return {d["id"]: d["story"] for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}


def _one_and_two_runs(tmp_path, first: tuple[str, str], second: tuple[str, str]) -> tuple[dict, dict]:
    """The stories of one run over both files, and of a run over the second added to a store of the first."""
    for folder, (name, text) in (("d1", first), ("d2", second)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{name}.txt").write_text(text, encoding="utf-8")
    run_pipeline([str(tmp_path / "d1"), str(tmp_path / "d2")], tmp_path / "one", str(tmp_path / "one.db"))
    run_pipeline([str(tmp_path / "d1")], tmp_path / "a", str(tmp_path / "two.db"))
    run_pipeline([str(tmp_path / "d2")], tmp_path / "b", str(tmp_path / "two.db"))
    return _stories(tmp_path / "one"), _stories(tmp_path / "b")


def test_two_runs_keep_apart_what_one_run_keeps_apart(tmp_path) -> None:
    one, two = _one_and_two_runs(tmp_path, ("ambon", AMBON), ("depok", DEPOK))
    assert one["ambon"] != one["depok"]
    assert two["ambon"] != two["depok"]


AMBON_DATED = """Kebakaran Pasar Sentral Ambon, ribuan kios hangus

Ambon (Antara) - Kebakaran besar menghanguskan 4714 kios di Pasar Sentral Ambon pada Selasa (2/9/2025).
"Kami sudah menurunkan 61 petugas pemadam ke lapangan sejak pagi," kata Kapolres Ambon, Dewi Lestari, di Ambon, Rabu (3/9/2025).
Menurut Dewi, penyebab kebakaran di Pasar Sentral Ambon masih diselidiki. Pemerintah Kota Ambon menyiapkan anggaran Rp 14142 juta untuk penanganan kebakaran dan membantu pedagang kios yang hangus.
"""


def test_two_runs_join_what_one_run_joins(tmp_path) -> None:
    """The other side: a dated report of the same fire joins the stored undated article's story
    (left to the undated test, which it passes), as in one run."""
    one, two = _one_and_two_runs(tmp_path, ("ambon", AMBON), ("ambon2", AMBON_DATED))
    assert one["ambon"] == one["ambon2"]
    assert two["ambon"] == two["ambon2"]
