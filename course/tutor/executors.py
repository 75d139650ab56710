"""The executors `course run` can spread notebooks over: a local process pool, or a Dask cluster.

Both are plain `concurrent.futures.Executor`s, so the run loop does not care which it has:
- "local": a ProcessPoolExecutor with `jobs` worker processes (default: the usable cores). Workers
  come from a fork server that imported papermill and the course package once, and ignore Ctrl-C,
  which the parent handles by cancelling what has not started and stopping the workers.
- "dask": `dask.distributed` (the optional extra `course-kit[dask]`). Without a scheduler address a
  LocalCluster of `jobs` single-threaded worker processes is started for the run and closed after
  it; with one, the run uses that cluster, whose workers must import `course` and see the
  submissions and RUN/ folders at the same paths. `Client.get_executor()` wraps each Dask future in
  a real concurrent.futures.Future, so `concurrent.futures.as_completed` works on them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

EXECUTORS = ("local", "dask")


def default_jobs() -> int:
    """Return the number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@contextmanager
def open_executor(kind: str, *, jobs: int, scheduler: str | None = None) -> Iterator[Executor]:
    """Yield an executor of `kind` with `jobs` workers; shut it down (and any cluster it started) after."""
    if kind not in EXECUTORS:
        raise ValueError(f"--executor {kind!r} is not known; use one of: {', '.join(EXECUTORS)}")
    if kind == "local":
        if scheduler:
            raise ValueError("--scheduler is only used with --executor dask")
        yield from _local(jobs)
    else:
        yield from _dask(jobs, scheduler)


def abort(executor: Executor) -> None:
    """Stop at once (after Ctrl-C): cancel tasks not yet started and stop the ones running."""
    if isinstance(executor, ProcessPoolExecutor):
        workers = list((getattr(executor, "_processes", None) or {}).values())  # before shutdown clears it
        executor.shutdown(wait=False, cancel_futures=True)
        for process in workers:  # their kernels notice their parent has gone and exit too
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(1)
    else:
        executor.shutdown(wait=False)  # Dask's ClientExecutor cancels its futures


def _local(jobs: int) -> Iterator[Executor]:
    from course.tutor.execute import init_worker

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(), initializer=init_worker)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while starting processes, so that they ignore it too (the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers are forked from a fork server that has imported papermill and course once (Linux, macOS);
    spawned where there is none (Windows). Never forked from this process, which may hold threads."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["course.tutor.execute"])  # no effect once the server is running
        return context
    return multiprocessing.get_context("spawn")


def _dask(jobs: int, scheduler: str | None) -> Iterator[Executor]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ValueError("--executor dask needs dask.distributed; install it with "
                         "pip install 'course-kit[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        else:
            with _sigint_ignored(), warnings.catch_warnings():  # Ctrl-C is the run's to handle
                warnings.filterwarnings("ignore", message="Port .* is already in use")  # it takes another
                cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)
    except (OSError, TimeoutError) as err:
        if cluster is not None:
            cluster.close()
        raise ValueError(f"cannot connect to the Dask scheduler {scheduler or '(local cluster)'} "
                         f"({type(err).__name__}: {err}); check the address and that it is running") from None
    executor = client.get_executor(pure=False)  # pure=False: never reuse an earlier run's result
    try:
        yield executor
    finally:
        executor.shutdown(wait=False)
        client.close()
        if cluster is not None:
            cluster.close()
