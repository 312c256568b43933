"""Where extraction batches run: in-process, a local process pool, or a Dask cluster.

A runner is opened once per stage and reused for every partition; pools and clusters start
only when there is more than one batch to share out, so a run that is nearly all cache hits
never pays for them. Results come back in batch order whatever the backend.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import repeat
from typing import Callable, Iterator

from pipeline.config import ExtractParams
from pipeline.nlp import load_model

SCHEDULER_ENV = "NEWSCLAIMS_DASK_SCHEDULER"

BatchFn = Callable[..., dict]


def scheduler_address(params: ExtractParams, environ=None) -> str:
    """Dask scheduler to use: $NEWSCLAIMS_DASK_SCHEDULER, else extract.scheduler_address, else ''
    (start a LocalCluster). The environment wins so one checkout (and one params.yaml, which
    DVC tracks) can run on a laptop or a cluster without an edit."""
    environ = os.environ if environ is None else environ
    return (environ.get(SCHEDULER_ENV) or params.scheduler_address or "").strip()


class WorkerCodeMismatch(RuntimeError):
    """A Dask worker runs different extraction code than the client: its rows would differ."""


def extract_on_worker(batch, model: str, batch_size: int, expected_code: str, extract_fn: BatchFn) -> dict:
    """Run on a (possibly remote) worker after checking it has the client's extraction code."""
    from pipeline.extract_cache import code_fingerprint

    if code_fingerprint() != expected_code:
        raise WorkerCodeMismatch(
            "a Dask worker has different pipeline code than the client; install the same commit of "
            "newsclaims on every worker (pip install -c requirements.lock -e .)")
    return extract_fn(batch, model, batch_size)


class BatchRunner:
    """Runs extract_fn(batch, model, batch_size) over batches with the configured backend."""

    def __init__(self, params: ExtractParams, extract_fn: BatchFn):
        self.params = params
        self.extract_fn = extract_fn
        self._pool: ProcessPoolExecutor | None = None
        self._cluster = None
        self._client = None

    def run(self, batches: list) -> Iterator[dict]:
        p = self.params
        if p.backend == "serial" or len(batches) <= 1:
            return (self.extract_fn(b, p.model, p.batch_size) for b in batches)
        if p.backend == "process":
            if self._pool is None:
                load_model(p.model)  # fail fast with a clear message before forking; workers inherit it
                self._pool = ProcessPoolExecutor(max_workers=p.workers)
            return self._pool.map(self.extract_fn, batches, repeat(p.model), repeat(p.batch_size))
        return self._run_dask(batches)

    def _run_dask(self, batches: list) -> Iterator[dict]:
        from pipeline.extract_cache import code_fingerprint

        client = self._dask_client()
        # a partial, not keyword arguments: Client.map has its own batch_size
        task = partial(extract_on_worker, model=self.params.model, batch_size=self.params.batch_size,
                       expected_code=code_fingerprint(), extract_fn=self.extract_fn)
        futures = client.map(task, batches, pure=False)
        # in order, one at a time: progress moves as batches finish and the parent holds
        # only what it has not written yet
        return (future.result() for future in futures)

    def _dask_client(self):
        if self._client is None:
            from dask.distributed import Client, LocalCluster

            address = scheduler_address(self.params)
            if address:
                self._client = Client(address)
            else:
                self._cluster = LocalCluster(n_workers=self.params.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
        return self._client

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        if self._client is not None:
            self._client.close()  # never shuts down a cluster we were only given the address of
        if self._cluster is not None:
            self._cluster.close()
        self._pool = self._client = self._cluster = None

    def __enter__(self) -> "BatchRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
