"""linimasa: raw news articles to clean text, dates, entities, quotes, stories and timelines."""

__version__ = "0.1.0"
CONTRACT_VERSION = 1
