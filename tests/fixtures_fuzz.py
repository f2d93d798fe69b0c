"""Shared Hypothesis settings and strategies for the fuzz tests (``tests/test_fuzz_*.py``).

The default run is short (CI); ``LINIMASA_FUZZ_EXAMPLES=N`` runs N examples per test for a
longer hunt, e.g. ``LINIMASA_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_*.py``.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz_settings(default: int) -> settings:
    n = int(os.environ.get("LINIMASA_FUZZ_EXAMPLES", "0") or 0) or default
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
        derandomize=not os.environ.get("LINIMASA_FUZZ_EXAMPLES"),  # CI: the same examples every run
    )


WEEKDAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Ahad"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember", "Agt", "Sept", "Okt", "Des"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Feb", "Sept"]  # fmt: skip
RELATIVE = ["pekan depan", "minggu lalu", "bulan lalu", "tahun depan", "kemarin", "besok", "lusa", "sehari sebelumnya",
            "akhir bulan lalu", "awal tahun ini", "Juli lalu", "hari ini", "sekarang", "last week", "next month",
            "yesterday", "tomorrow", "3 hari lalu", "dua pekan lalu", "setiap Senin", "selama dua tahun", "1990-an",
            "pukul 10.00 WIB", "pukul 25.61 WIB", "10:30 am", "the 1990s", "every Monday", "in Q3 2023"]  # fmt: skip
FRAGMENTS = ["Baca juga: ", "Sumber : ", "Gambar : ", "(prm)", "[social_warfare]", "0 Response to ", "Post a Comment",
             "Palu (ANTARA) - ", "JAKARTA, KOMPAS.com - ", '"', "\u201c", "\u201d", " kata ", " ujar ", "Editor: ",
             "https://bit.ly/x", "\n", "\n\n", " - ", "(", ")", "/", ".", ",", "Presiden Joko Widodo", "Korea Utara",
             "Kim Jong-un", "Wali Kota Palu", "Kamis (25/4)", "31/2", "20235"]  # fmt: skip


@st.composite
def date_phrases(draw) -> str:
    """A date written the ways news write them, including impossible ones (31/2, month 13, year 20235)."""
    d = draw(st.integers(0, 40))
    m = draw(st.integers(0, 14))
    y = draw(st.one_of(st.integers(0, 99), st.integers(1000, 2100), st.integers(2101, 30000)))
    wd = draw(st.sampled_from(WEEKDAYS_ID + ["Monday", "Thursday"]))
    mon = draw(st.sampled_from(MONTHS_ID + MONTHS_EN))
    forms = [
        f"{wd} ({d}/{m})",
        f"{wd} ({d}/{m}/{y})",
        f"{d}/{m}/{y}",
        f"{d}-{m}-{y}",
        f"{d} {mon} {y}",
        f"{wd}, {d} {mon}",
        f"{mon} {d}, {y}",
        f"{y}-{m:02d}-{d:02d}",
        f"pada {d} {mon} lalu",
        f"tahun {y}",
        f"{mon} {y}",
        f"{d}-{d + 2} {mon} {y}",
        draw(st.sampled_from(RELATIVE)),
    ]
    return draw(st.sampled_from(forms))


@st.composite
def newsy_text(draw, max_parts: int = 25) -> str:
    """Text mixing news fragments, date phrases and arbitrary Unicode."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                date_phrases(),
                st.text(max_size=30),
                st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
                st.sampled_from(["Banjir melanda Kota Palu.", "Warga mengungsi ke masjid.", "The flood hit the city."]),
            ),
            max_size=max_parts,
        )
    )
    return " ".join(parts)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
