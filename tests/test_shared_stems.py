"""The Sastrawi stems a run's processes share through one file (linimasa.lang.sastrawi)."""

from __future__ import annotations

import os
from types import SimpleNamespace

from linimasa.lang import sastrawi as S
from linimasa.lang.stemmers import shared_stems_file


def _stemmer(data: dict[str, str]) -> SimpleNamespace:
    return SimpleNamespace(cache=SimpleNamespace(data=data))


def test_stems_written_by_one_process_are_read_by_another() -> None:
    with shared_stems_file():
        path = os.environ[S.STEMS_FILE_VARIABLE]
        S.append_shared_stems({"kunjungan": "kunjung", "mengunjungi": "kunjung", "x": ""})
        S.append_shared_stems({"bad\tword": "no", "pengungsi": "ungsi"})  # (a tab cannot be written)
        other = _stemmer({"kunjungan": "kunjung"})
        S._READ_UPTO.pop(path, None)  # a fresh process has read nothing
        S.read_shared_stems(other)  # type: ignore[arg-type]
        assert other.cache.data == {"kunjungan": "kunjung", "mengunjungi": "kunjung", "x": "", "pengungsi": "ungsi"}
        # only what was appended since is read again
        S.append_shared_stems({"kebanjiran": "banjir"})
        S.read_shared_stems(other)  # type: ignore[arg-type]
        assert other.cache.data["kebanjiran"] == "banjir" and len(other.cache.data) == 5
    assert S.STEMS_FILE_VARIABLE not in os.environ and not os.path.exists(path)


def test_a_half_written_line_waits_for_its_end() -> None:
    with shared_stems_file():
        path = os.environ[S.STEMS_FILE_VARIABLE]
        with open(path, "ab") as fh:
            fh.write(b"banjir\tbanjir\nkebanji")
        s = _stemmer({})
        S._READ_UPTO.pop(path, None)
        S.read_shared_stems(s)  # type: ignore[arg-type]
        assert s.cache.data == {"banjir": "banjir"}
        with open(path, "ab") as fh:
            fh.write(b"ran\tbanjir\n")
        S.read_shared_stems(s)  # type: ignore[arg-type]
        assert s.cache.data == {"banjir": "banjir", "kebanjiran": "banjir"}


def test_without_a_shared_file_nothing_is_read_or_written() -> None:
    os.environ.pop(S.STEMS_FILE_VARIABLE, None)
    s = _stemmer({})
    S.append_shared_stems({"kunjungan": "kunjung"})
    S.read_shared_stems(s)  # type: ignore[arg-type]
    assert s.cache.data == {}
