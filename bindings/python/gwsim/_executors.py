"""Where replications and sweep points run: C++ threads are chosen in montecarlo.py; this module maps a
function over items on a concurrent.futures executor or a Dask cluster, with an optional progress bar."""
from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Sequence
from typing import Any


def _bar(progress: bool, total: int, desc: str):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc)


def _is_dask(executor: Any) -> bool:
    return executor == "dask" or _is_dask_address(executor) or _is_dask_client(executor)


def _map(fn: Callable, items: Sequence, executor: Any, progress: bool, desc: str,
         on_result: Callable[[Any, Any], None]) -> None:
    """fn over items on the chosen executor (a concurrent.futures.Executor, "dask", a scheduler address or a
    dask.distributed.Client; None: threads in this process), with an optional tqdm bar; `on_result(item,
    result)` is called in this process as each one finishes."""
    bar = _bar(progress, len(items), desc)
    try:
        if _is_dask(executor):
            from dask.distributed import Client, LocalCluster, as_completed
            if _is_dask_client(executor):
                client = executor
            elif _is_dask_address(executor):
                client = Client(executor)  # an existing scheduler, e.g. "tcp://10.0.0.5:8786"
            else:
                client = Client(LocalCluster(processes=False))
            try:
                futures = [client.submit(fn, *item, pure=False) for item in items]
                where = {f.key: i for i, f in enumerate(futures)}
                for f in as_completed(futures):
                    on_result(items[where[f.key]], f.result())
                    f.release()
                    if bar is not None:
                        bar.update(1)
            finally:
                if not _is_dask_client(executor):
                    client.close()
            return
        own = executor is None
        pool = executor or concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1)
        try:
            futures = {pool.submit(fn, *item): item for item in items}
            for f in concurrent.futures.as_completed(futures):
                on_result(futures[f], f.result())
                if bar is not None:
                    bar.update(1)
        finally:
            if own:
                pool.shutdown()
    finally:
        if bar is not None:
            bar.close()


def _is_dask_address(executor: Any) -> bool:
    return isinstance(executor, str) and "://" in executor


def _is_dask_client(executor: Any) -> bool:
    return type(executor).__name__ == "Client" and type(executor).__module__.startswith("distributed")
