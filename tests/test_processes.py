"""Where the downloads are made: a warm build's few files on a thread of the build's own process, a cold
build's many in the process pool; the files are the same bytes either way."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zhidu import processes
from zhidu.export.downloads import _make_pdf
from zhidu.export.fonts import cjk_font_family
from zhidu.model.checklists import all_checklists
from zhidu.pipeline import validate

PROJECT = Path(__file__).resolve().parents[1]


def test_few_jobs_run_on_a_thread_and_many_in_the_pool():
    processes.stop_workers()
    try:
        few = processes.executor(processes.FEW_JOBS)
        assert isinstance(few, ThreadPoolExecutor)
        assert few.submit(os.getpid).result() == os.getpid()
        assert not processes.worker_pool.cache_info().currsize, "no pool started for a few jobs"
        many = processes.executor(processes.FEW_JOBS + 1)
        assert many.submit(os.getpid).result() != os.getpid()
        assert processes.executor(1) is many, "once started, the pool takes the build's later batches too"
    finally:
        processes.stop_workers()


def test_a_pdf_made_on_the_thread_is_the_one_the_pool_makes(tmp_path):
    registry = validate(PROJECT).registry
    checklist = next(c for c in all_checklists(registry, "2026-12-01") if c.id == "WU-001")
    font = cjk_font_family()
    processes.stop_workers()
    try:
        processes.executor(1).submit(_make_pdf, (checklist, font, str(tmp_path / "thread.pdf"))).result()
        processes.worker_pool().submit(_make_pdf, (checklist, font, str(tmp_path / "pool.pdf"))).result()
    finally:
        processes.stop_workers()
    made = (tmp_path / "thread.pdf").read_bytes()
    assert made.startswith(b"%PDF-") and made == (tmp_path / "pool.pdf").read_bytes()
