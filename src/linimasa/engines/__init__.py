"""Executors, and nothing else: how tasks reach processes.

* :mod:`.executor`: the one interface (map these tasks, results in task order) and the
  in-process executor;
* :mod:`.pool`: a process pool with that interface (spawned workers tied to their parent);
* :mod:`.spark`: a Spark session and the listing of input files through Spark.

No module here imports the rest of linimasa (``.importlinter``): what a task does is the
job's (``linimasa.jobs``), and no module outside this package imports ``multiprocessing`` or
``pyspark``.
"""
