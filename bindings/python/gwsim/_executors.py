"""Where replications and sweep points run: C++ threads are chosen in montecarlo.py; this module maps a
function over items on a concurrent.futures executor or a Dask cluster, with an optional progress bar, and
makes both stoppable: a Ctrl-C (KeyboardInterrupt) cancels what is queued, stops what runs on this
process's threads, and returns within a second, keeping what had finished."""
from __future__ import annotations

import atexit
import concurrent.futures
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

from . import _core
from .scenario import _integer

# How often the waiting (main) thread wakes to see a Ctrl-C while C++ runs elsewhere, in seconds.
_POLL_S = 0.05


def _bar(progress: bool, total: int, desc: str):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc)


def _interruptible(fn: Callable[[], Any], cancel: Any) -> Any:
    """fn() on a thread of its own, waited for in short slices so that this thread sees a Ctrl-C. On
    KeyboardInterrupt, `cancel` (a _core.Cancellation that fn's C++ runs check) is cancelled, the thread
    waited for (the runs stop within a slice of simulated time: tens of milliseconds) and the
    KeyboardInterrupt raised again. fn's own error is raised here."""
    box: dict[str, Any] = {}
    finished = threading.Event()  # not Thread.join: in Python 3.11 a join interrupted by Ctrl-C marks the
    # thread stopped while it still runs (bpo-45274), and the next join returns at once

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 -- raised again in the caller's thread
            box["error"] = e
        finally:
            finished.set()

    threading.Thread(target=target, name="gwsim-replications", daemon=True).start()
    try:
        while not finished.wait(_POLL_S):
            pass
    except KeyboardInterrupt:
        cancel.cancel()
        finished.wait()
        raise
    if "error" in box:
        raise box["error"]
    return box["value"]


def _is_dask(executor: Any) -> bool:
    return executor == "dask" or _is_dask_address(executor) or _is_dask_client(executor)


def _map(fn: Callable, items: Sequence, executor: Any, progress: bool, desc: str,
         on_result: Callable[[Any, Any], None], workers: int | None = None) -> None:
    """fn over items on the chosen executor (a concurrent.futures.Executor, "dask", a scheduler address or a
    dask.distributed.Client; None: threads in this process), with an optional tqdm bar; `on_result(item,
    result)` is called in this process as each one finishes. `workers`: the size of the local Dask cluster
    that executor="dask" starts. A KeyboardInterrupt (or an item's error) cancels the items not yet started
    and is raised within a second; on_result has been called for every item finished before it."""
    bar = _bar(progress, len(items), desc)
    try:
        if _is_dask(executor):
            _map_dask(fn, items, executor, bar, on_result, workers)
        else:
            _map_pool(fn, items, executor, bar, on_result)
    finally:
        if bar is not None:
            bar.close()


def _cancellable(cancel: Any, fn: Callable, *args: Any) -> Any:
    # on a thread of the pool _map_pool owns: gwsim.run() (C++) stops there when `cancel` is cancelled
    with cancel:
        return fn(*args)


def _map_pool(fn: Callable, items: Sequence, executor: Any, bar: Any, on_result: Callable) -> None:
    own = executor is None
    cancel = _core.Cancellation() if own else None
    pool = concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) if own else executor
    futures: dict[concurrent.futures.Future, Any] = {}
    try:
        for item in items:
            futures[pool.submit(_cancellable, cancel, fn, *item) if own else pool.submit(fn, *item)] = item
        for f in concurrent.futures.as_completed(futures):
            on_result(futures[f], f.result())
            if bar is not None:
                bar.update(1)
    except BaseException:
        # nothing queued starts any more; on our own threads, running C++ runs stop too (on an executor
        # of the caller's, those running finish there and their results are dropped)
        for f in futures:
            f.cancel()
        if cancel is not None:
            cancel.cancel()
        raise
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _map_dask(fn: Callable, items: Sequence, executor: Any, bar: Any, on_result: Callable,
              workers: int | None) -> None:
    from dask.distributed import Client, as_completed

    if _is_dask_client(executor):
        client, close = executor, False
    elif _is_dask_address(executor):
        client, close = Client(executor, set_as_default=False), True  # a scheduler, e.g. "tcp://10.0.0.5:8786"
    else:
        client, close = _local_client(workers), False
    futures = []
    try:
        futures = [client.submit(fn, *item, pure=False) for item in items]
        where = {f.key: i for i, f in enumerate(futures)}
        for f in as_completed(futures, loop=client.loop):  # the client may not be the default one
            on_result(items[where[f.key]], f.result())
            f.release()
            if bar is not None:
                bar.update(1)
    except BaseException:
        # queued tasks are dropped by the scheduler; those running on workers finish there (Dask cannot stop
        # a running task) and their results are dropped
        try:
            client.cancel(futures)
        except Exception:  # noqa: BLE001 -- the cancellation is best effort: the original error is raised
            pass
        raise
    finally:
        if close:
            client.close()


# The local cluster that executor="dask" starts, kept for later calls in this process (closed at exit).
_local: dict[str, Any] = {}
_local_lock = threading.Lock()


def _local_client(workers: int | None) -> Any:
    """The Dask client for executor="dask": the running default client if there is one (the caller's, e.g.
    `Client("tcp://...")` or `with client:`), used as it is; else the local cluster of worker processes
    (one thread each) that gwsim started earlier in this process, resized to `workers` if given; else a new
    one of `workers` processes (default: one per core)."""
    from dask.distributed import Client, LocalCluster, default_client

    try:
        return default_client()
    except ValueError:
        pass
    n = _integer(workers, "workers") if workers is not None else None
    if n is not None and n < 1:
        raise ValueError("workers must be >= 1")
    with _local_lock:
        client = _local.get("client")
        if client is not None and client.status == "running":
            if n is not None and len(client.nthreads()) != n:
                _local["cluster"].scale(n)
                client.wait_for_workers(n)
            return client
        _close_local()
        # the dashboard on a free port (client.dashboard_link), not a warning when 8787 is taken
        cluster = LocalCluster(n_workers=n or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster, set_as_default=False)
        if not _local.get("atexit"):
            atexit.register(_close_local)  # registered after distributed's own exit handlers: runs before them
        _local.update(cluster=cluster, client=client, atexit=True)
        return client


def _close_local() -> None:
    client, cluster = _local.pop("client", None), _local.pop("cluster", None)
    for x in (client, cluster):
        if x is not None:
            try:
                x.close()
            except Exception:  # noqa: BLE001 -- closing at exit, or after the cluster died
                pass


def _is_dask_address(executor: Any) -> bool:
    return isinstance(executor, str) and "://" in executor


def _is_dask_client(executor: Any) -> bool:
    return type(executor).__name__ == "Client" and type(executor).__module__.startswith("distributed")
