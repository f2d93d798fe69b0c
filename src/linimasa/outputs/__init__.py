"""The output files of a run, one module per kind (``docs/output-contract.md``).

* :mod:`.files`: atomic writing (temporary file and rename), the one way every file is written;
* :mod:`.documents`: ``documents.jsonl``, copied out of the store in input order;
* :mod:`.corpus`: ``stories.jsonl``, ``entities.jsonl``, ``threads.jsonl``, ``timeline.jsonl``;
* :mod:`.report`: ``report.html`` (rendered by :mod:`linimasa.report`);
* :mod:`.tables`: the same objects as CSV tables (``--format csv``), and the tables' columns;
* :mod:`.parquet_tables`: those tables as Parquet by pyarrow (``linimasa export --format parquet``);
* :mod:`.parquet`: the same objects as Parquet, written by Spark (``run --engine spark --format parquet``).

A new format is a module here and a name in :data:`linimasa.jobs.run.FORMATS`.
"""
