"""The use cases, one function each, composing the stages, the corpus plan, the store and the outputs.

* :func:`linimasa.jobs.run.run_pipeline`: ``linimasa run`` (and ``demo``), on this machine
  (:mod:`.local`: phases 1-3) or on Spark (:mod:`.spark`);
* :func:`linimasa.jobs.annotate.annotate`: ``linimasa annotate``;
* :func:`linimasa.jobs.local.run_stream` also for the API's ingest (``POST /api/documents``):
  a run that adds to the store (:mod:`.incremental`, docs/incremental.md);
* :func:`linimasa.jobs.export.export_store`: ``linimasa export``, what a store holds.

What a worker does with one task is here too (:mod:`.analyse`, :mod:`.finalise`); how the
tasks reach the workers is the executors' (:mod:`linimasa.engines`).
"""
