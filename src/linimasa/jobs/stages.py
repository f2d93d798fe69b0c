"""The per-document stages of ``linimasa run`` and ``linimasa annotate``, in order.

Each stage folder (``language/``, ``clean/``, ``sentences/``, ``time/``, ``entities/``,
``quotes/``) offers one :class:`~linimasa.pipeline.Stage`; this list is where they meet. A new
per-document stage is a folder with a ``stage.py`` and a line here.
"""

from __future__ import annotations

from linimasa.clean.stage import CleanStage
from linimasa.entities.stage import EntityStage
from linimasa.language.stage import LanguageStage
from linimasa.pipeline import Stage
from linimasa.quotes.stage import QuoteStage
from linimasa.sentences.stage import SentenceStage
from linimasa.time.stage import TimeStage


def default_stages() -> list[Stage]:
    """The per-document stages, in order: each reads what the ones before it wrote."""
    return [LanguageStage(), CleanStage(), SentenceStage(), TimeStage(), EntityStage(), QuoteStage()]
