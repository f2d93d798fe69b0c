"""linimasa: raw news articles to clean text, dates, entities, quotes, stories and timelines."""

from linimasa import interrupt

interrupt.install_for_module_run()  # ``python -m linimasa``: a Ctrl-C from here on prints one line, no traceback

from linimasa import native  # noqa: E402

__version__ = "0.1.0"
CONTRACT_VERSION = 1

native.select()  # compiled modules, or their sources (see linimasa.native), before any is imported
