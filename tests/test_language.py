"""Language identification works offline on Indonesian, English and other languages."""

from linimasa.language.detect import detect_language
from linimasa.language.stage import LanguageStage
from linimasa.model import Document


def test_indonesian_english_and_other() -> None:
    assert (
        detect_language("Menteri mengatakan pada Senin bahwa banjir membuat ribuan warga mengungsi ke masjid.") == "id"
    )
    assert (
        detect_language("The minister said on Monday that the flood had forced thousands of residents to flee.") == "en"
    )
    assert (
        detect_language("Le ministre a déclaré lundi que les inondations avaient déplacé des milliers d'habitants.")
        == "fr"
    )


def test_too_little_text_is_unknown() -> None:
    assert detect_language("12 / 34 --") is None
    doc = LanguageStage()(Document(id="x", source="x", raw="---"))
    assert doc.lang == "und"


def test_input_metadata_wins() -> None:
    doc = Document(id="x", source="x", raw="The minister said on Monday that the flood was over.", meta={"lang": "ID"})
    assert LanguageStage()(doc).lang == "id"
