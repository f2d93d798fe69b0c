"""Input readers: files, directories, stdin -> :class:`~linimasa.model.RawDocument` or :class:`ReadError`.

One module per input kind (``text``, ``html``, ``jsonl``, ``warc``), ``detect`` to pick
the reader, ``inputs`` to walk what the user named. Usage::

    for item in iter_inputs(["a.txt", "dir/", "-"], stdin=sys.stdin.buffer):
        if isinstance(item, ReadError): report(item) else: process(item)
"""

from linimasa.model import RawDocument
from linimasa.readers.errors import ReadError
from linimasa.readers.inputs import iter_inputs, read_file

__all__ = ["RawDocument", "ReadError", "iter_inputs", "read_file"]
