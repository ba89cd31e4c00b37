"""Each current rule as Word (downloads/regulations/<slug>.docx, 公文 layout), in the cache folder.

A rule's file is remade only when what it shows changed: its fingerprint is the data the document
is made from (rule_data: the rule, its status on the day, the titles of the documents it cites, the
department and the bureau) and the exporter's own code. The files are made by the worker pool
while the main process makes the checklist downloads; finish() waits for them.
"""
from __future__ import annotations

import json
from pathlib import Path

from zhidu.cache import HashCache, code_digest, digest, files_dir, write_atomic
from zhidu.export.downloads import DownloadReport
from zhidu.export.word import rule_data, rule_docx
from zhidu.model.records import Registry
from zhidu.processes import executor

RULE_DIR = "downloads/regulations"
_SOURCES = [Path(__file__).parent / name for name in ("word.py", "ruledocs.py")] + [
    Path(__file__).parents[1] / "vocabulary.py"]


def rule_download_path(rule_id: str) -> str:
    return f"{RULE_DIR}/{rule_id.lower()}.docx"


def rule_download_paths(registry: Registry, day: str) -> tuple[str, ...]:
    """Every rule download, as a path in the site (whether or not made yet)."""
    return tuple(rule_download_path(r.id) for r in registry.in_force_on(day))


def _make(job: tuple[dict, str]) -> None:
    data, target = job
    write_atomic(Path(target), rule_docx(data))


class RuleDownloads:
    """Start with the constructor (stale files are queued in the worker pool), end with finish()."""

    def __init__(self, registry: Registry, root: Path, bureau: str, day: str):
        self.root, self.folder = root, files_dir(root) / RULE_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cache = HashCache(root, "rule-docx")
        code = code_digest(_SOURCES)
        data = {r.slug: rule_data(r, registry, day, bureau) for r in registry.in_force_on(day)}
        self.wanted = {slug: digest(code, json.dumps(d, ensure_ascii=False, sort_keys=True)) for slug, d in data.items()}
        stale = [slug for slug in data if not self.cache.fresh(slug, self.wanted[slug])
                 or not (self.folder / f"{slug}.docx").is_file()]
        self.cache.forget(*stale)
        self.stale = stale
        jobs = [(data[slug], str(self.folder / f"{slug}.docx")) for slug in stale]
        self.result = executor(len(jobs)).map(_make, jobs, chunksize=max(1, len(jobs) // 16)) if jobs else iter(())

    def finish(self) -> DownloadReport:
        """Wait for the files (raises if one failed), remove those of rules no longer current."""
        list(self.result)
        removed = 0
        for path in self.folder.iterdir():
            if path.is_file() and path.suffix == ".docx" and path.stem not in self.wanted:
                path.unlink()
                removed += 1
        for slug, hashed in self.wanted.items():
            self.cache.remember(slug, hashed)
        self.cache.keep_only(self.wanted)
        self.cache.save()
        return DownloadReport(len(self.stale), len(self.wanted) - len(self.stale), removed)


def write_rule_downloads(registry: Registry, root: Path, bureau: str, day: str) -> DownloadReport:
    return RuleDownloads(registry, root, bureau, day).finish()
