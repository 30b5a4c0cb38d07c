"""An ordered parallel map: a task over chunks of items in forked worker processes, results in input order (the
runners' one: ``kg build``'s two passes and ``kg extract``).

Each map's task gets the map's state (the cache, the catalog, the inputs): in this process as an argument, in a
worker as the worker inherited it when it forked, so nothing but results crosses processes. Workers die with the
command that started them and leave Ctrl-C to it.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import count, islice
from typing import Any

__all__ = ["POOL_MIN_FILES", "default_jobs", "in_workers"]

POOL_MIN_FILES = 8  # fewer files to extract than this: no worker processes (starting them costs more)


def default_jobs() -> int:
    """Worker processes for extraction by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it: workers start at once with the code loaded, and a caller's script or
    notebook need no ``if __name__ == "__main__"`` guard (workers only extract; they never touch the store)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return multiprocessing.get_context(method)


_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies (Linux)
_STATES: dict[int, dict[str, Any]] = {}  # each running pool's state by its map's token: what its workers inherit
_TOKENS = count()


def _worker_start(parent: int) -> None:
    """In each worker: end with the build (SIGTERM when the parent dies, even by ``kill -9``, on Linux), and
    leave Ctrl-C to the parent, which reports it once instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):
        return  # not Linux: the pool's own shutdown is what ends the workers
    if os.getppid() != parent:  # the build died between the fork and the line above: no signal will come
        os.kill(os.getpid(), signal.SIGTERM)


def in_workers(task: Callable[[dict[str, Any], tuple[int, int]], list], items: Sequence, jobs: int,
               shared: dict[str, Any], chunk: int = 16, ahead: int = 4) -> Iterator:
    """``task``'s results for ``items`` in order: ``task(state, (start, stop))`` gives those of ``items[start:stop]``,
    ``state`` being ``shared`` with ``items`` added.

    With ``jobs`` > 1 and fork, forked workers inherit the state and run up to ``ahead`` chunks each ahead of the
    caller; otherwise the caller runs them itself. Maps may run at once (two generators read in turn): each has
    its own state.
    """
    state = {**shared, "items": items}
    if jobs <= 1 or len(items) < POOL_MIN_FILES or _worker_context().get_start_method() != "fork":
        for start in range(0, len(items), chunk):
            yield from task(state, (start, min(start + chunk, len(items))))
        return
    # at least two chunks a worker, so a small corpus still spreads; chunks as long as allowed, as a chunk's
    # office files share one LibreOffice run
    size = max(1, min(chunk, -(-len(items) // (jobs * 2))))
    bounds = iter([(i, min(i + size, len(items))) for i in range(0, len(items), size)])
    token = next(_TOKENS)
    _STATES[token] = state
    gc.freeze()  # what the workers inherit stays out of their collections, so its pages are not copied into them
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(), initializer=_worker_start,
                                 initargs=(os.getpid(),)) as pool:
            pending = deque(pool.submit(_in_worker, task, token, b) for b in islice(bounds, jobs * ahead))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(_in_worker, task, token, b) for b in islice(bounds, 1))
                yield from done
    finally:
        gc.unfreeze()
        del _STATES[token]


def _in_worker(task: Callable[[dict[str, Any], tuple[int, int]], list], token: int, bounds: tuple[int, int]) -> list:
    """A chunk in a worker, on the state of its map that the worker inherited."""
    return task(_STATES[token], bounds)
