"""Where the tasks of a batch run: this process, a pool of local worker processes, or a
dask.distributed cluster. Every engine runs the same ``tasks.run_job`` on the same jobs and
yields ``(job, result)`` as they finish; the outputs are the same whichever runs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

from policydiff.batch.tasks import Job, run_job, warm_up
from policydiff.errors import EngineUnavailable, SchedulerUnreachable


class Engine(Protocol):
    def run(self, jobs: Sequence[Job]) -> Iterator[tuple[Job, dict[str, Any]]]: ...

    def close(self) -> None: ...


class InProcess:
    """One worker: this process (no start-up cost; used for ``--jobs 1``)."""

    def run(self, jobs: Sequence[Job]) -> Iterator[tuple[Job, dict[str, Any]]]:
        for job in jobs:
            yield job, run_job(job)

    def close(self) -> None:
        pass


class LocalPool:
    """``jobs`` worker processes, each loading the rules and the NLP pipeline once."""

    def __init__(self, jobs: int, rules_dir: str | None) -> None:
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=warm_up, initargs=(rules_dir,))
        self.width = jobs

    def run(self, jobs: Sequence[Job]) -> Iterator[tuple[Job, dict[str, Any]]]:
        # Keep a few jobs queued per worker, not all of them: an interrupted batch then
        # leaves little work started and unfinished.
        pending: dict[Any, Job] = {}
        queue = iter(jobs)
        for job in queue:
            pending[self.pool.submit(run_job, job)] = job
            if len(pending) >= 2 * self.width:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f].folder):
                job = pending.pop(future)
                yield job, future.result()
                following = next(queue, None)
                if following is not None:
                    pending[self.pool.submit(run_job, following)] = following

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskCluster:
    """The tasks on a dask.distributed cluster: the one at ``address``, or a local cluster of
    ``jobs`` single-threaded worker processes when no address is given. Workers read the
    inputs and write the reports on storage they share with the client; only the index rows
    travel back."""

    def __init__(self, jobs: int, address: str | None, rules_dir: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise EngineUnavailable(
                "--engine dask needs dask.distributed, which is not installed",
                cause="the Dask engine is an optional extra",
                fix="pip install 'policydiff[dask]' (or run with --engine local)",
            ) from None
        self.cluster = None
        try:
            if address:
                self.client = Client(address, timeout="30s")
            else:
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as error:
            raise SchedulerUnreachable(
                f"cannot reach the Dask scheduler at {address}" if address else "cannot start a local Dask cluster",
                cause=str(error) or type(error).__name__,
                fix="check the address (tcp://host:8786) and that the scheduler is running",
            ) from None
        self.client.run(warm_up, rules_dir)

    def run(self, jobs: Sequence[Job]) -> Iterator[tuple[Job, dict[str, Any]]]:
        from distributed import as_completed

        futures = {self.client.submit(run_job, job, pure=False): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str, jobs: int | None, scheduler: str | None, rules_dir: str | None) -> Engine:
    width = jobs or os.cpu_count() or 1
    if name == "dask":
        return DaskCluster(width, scheduler, rules_dir)
    return InProcess() if width == 1 else LocalPool(width, rules_dir)
