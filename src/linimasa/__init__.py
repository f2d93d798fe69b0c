"""linimasa: raw news articles to clean text, dates, entities, quotes, stories and timelines."""

from linimasa import native

__version__ = "0.1.0"
CONTRACT_VERSION = 1

native.select()  # compiled modules, or their sources (see linimasa.native), before any is imported
