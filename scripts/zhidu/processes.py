"""Where the downloads are made: the pool of worker processes (its workers end with the build that
started them), or, for a few files, one thread of the build's own process."""
from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import lru_cache

# -- the build's worker pool ------------------------------------------------------------------------
_PER_WORKER = 500 * 1024 * 1024      # a Typst worker with the CJK fonts loaded stays well below this
FEW_JOBS = 8                          # a batch this small runs on a thread (see executor)


def _available_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def workers_for_machine() -> int:
    """One worker per core this process may use, as many as the free memory holds."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    memory = _available_memory()
    return max(1, min(cores, memory // _PER_WORKER if memory else cores))


@lru_cache(maxsize=1)
def worker_pool() -> ProcessPoolExecutor:
    """The pool that typesets PDFs, made once per process. Its workers start from a fork server, never
    from this process: a fork taken while a Typst compiler's threads hold a lock would hang."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # the jobs' modules imported once, in the fork server, rather than in every worker
        context.set_forkserver_preload(["zhidu.export.downloads", "zhidu.export.opendata",
                                          "zhidu.export.ruledocs"])
    return ProcessPoolExecutor(max_workers=workers_for_machine(), mp_context=context,
                               initializer=exit_with, initargs=(os.getpid(),))


def executor(jobs: int) -> Executor:
    """Where a batch of jobs runs. A few (what a warm build remakes after an edit) run on one thread of
    this process: Typst and qpdf work without holding the GIL, so they still overlap with MkDocs, and
    starting the pool (a fork server importing the exporters, a Typst compiler loading the CJK fonts in
    every worker) would cost more CPU than the jobs. Many (a cold build) go to the process pool, which
    then takes every later batch of the build too."""
    if jobs > FEW_JOBS or worker_pool.cache_info().currsize:
        return worker_pool()
    return _export_thread()


@lru_cache(maxsize=1)
def _export_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhidu-export")


def exit_with(main: int) -> None:
    """In a pool worker: exit as soon as process `main` (the build) ends. A worker's parent is the fork
    server, which waits for its workers, so a killed build would otherwise leave all of them behind."""
    try:
        handle = os.pidfd_open(main)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):        # no pidfd (not Linux, or an old kernel): look once a second
        handle = None

    def watch():
        if handle is not None:
            select.select([handle], [], [])
        else:
            while _alive(main):
                time.sleep(1)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def stop_workers() -> None:
    """Stop the pool and its fork server, waiting for both (their CPU time is then this process's),
    and the export thread."""
    if _export_thread.cache_info().currsize:
        _export_thread().shutdown(wait=True)
        _export_thread.cache_clear()
    if worker_pool.cache_info().currsize:
        worker_pool().shutdown(wait=True)
        worker_pool.cache_clear()
    try:
        from multiprocessing import forkserver
        forkserver._forkserver._stop()
    except (AttributeError, OSError):
        pass
