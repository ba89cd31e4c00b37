"""Find the registry's files, load each once, validate, and build the model."""
from __future__ import annotations

import hashlib
import os
import pickle
import stat
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from zhidu.validate import checks
from zhidu.diagnostics import Diagnostic
from zhidu.kinds import SINGLES, STANDARDS, by_name, kind_of, where_files_go
from zhidu.cache import STATE, cache_dir, code_digest, write_atomic
from zhidu.load.loader import MAX_BYTES, MAX_FILES, POSITIONS, Document, load_file, not_regular_message
from zhidu.model.records import Registry, build_registry
from zhidu.validate.schemas import SchemaSet
from zhidu.load.sources import Sources

SCHEMAS = "schemas"


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest one upwards holding standards/ and schemas/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / STANDARDS).is_dir() and (folder / SCHEMAS).is_dir():
            return folder
    raise FileNotFoundError("找不到项目目录（需要同时包含 standards/ 和 schemas/）")


def _walk(base: Path) -> tuple[list[Path], list[tuple[Path, int]], list[Path], bool]:
    """Regular files under base; entries that are not (links, pipes, devices) with their mode;
    folders that could not be listed; and False when there are more than MAX_FILES entries
    (the walk stops there). Symbolic links are never followed, not even to folders.
    Hidden files are skipped."""
    files: list[Path] = []
    odd: list[tuple[Path, int]] = []
    unreadable: list[Path] = []
    pending, seen = [base], 0
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            unreadable.append(folder)
            continue
        seen += len(entries)
        if seen > MAX_FILES:
            return files, odd, unreadable, False
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:         # vanished since it was listed
                continue
            if stat.S_ISDIR(mode):
                pending.append(path)
            elif entry.name.startswith("."):
                continue
            elif stat.S_ISREG(mode):
                files.append(path)
            else:
                odd.append((path, mode))
    return sorted(files), sorted(odd), sorted(unreadable), True


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    """The registry's files by kind, and problems with files that lie in the wrong place or are not
    regular files. Only regular files inside standards/ are ever read."""
    base = root / STANDARDS
    found, problems = [], []
    if base.is_symlink():
        return [], [Diagnostic(STANDARDS, 1, 1, "not-regular-file", "", not_regular_message(stat.S_IFLNK))]
    if not base.is_dir():
        return [], []
    paths, odd, unreadable, complete = _walk(base)
    if not complete:
        return [], [Diagnostic(STANDARDS, 1, 1, "too-many-files", "",
                               f"{STANDARDS}/ 下的文件和文件夹超过 {MAX_FILES:,} 个，远多于一个制度库应有的数量，"
                               "没有逐一校验：请检查是否误放了其他文件")]
    for path in unreadable:
        problems.append(Diagnostic(path.relative_to(root).as_posix(), 1, 1, "io", "", "无法读取这个文件夹：请检查权限"))
    for path, mode in odd:
        problems.append(Diagnostic(path.relative_to(root).as_posix(), 1, 1, "not-regular-file", "",
                                   not_regular_message(mode)))
    for path in paths:
        relative = path.relative_to(base)
        shown = path.relative_to(root).as_posix()
        if path.suffix == ".yml":
            problems.append(Diagnostic(shown, 1, 1, "file-name", "", "扩展名请用 .yaml（不是 .yml）"))
            continue
        if path.suffix != ".yaml":
            continue
        kind = kind_of(PurePosixPath(relative.as_posix()))
        if kind is None:
            problems.append(Diagnostic(shown, 1, 1, "file-location", "",
                                       f"文件不在约定的位置：{where_files_go()}"))
            continue
        found.append((kind, path))
    return found, problems


# path -> (SHA-256 of the file's bytes, the schemas' key, document or diagnostic, schema problems).
# Kept in memory while `make serve` runs and on disk (.zhidu/state/verdicts.pickle) for the next
# `zhidu validate`: only files whose bytes changed are parsed and schema-checked again; the
# checks across files always run on everything.
_verdicts: dict[str, tuple[str, tuple, Document | Diagnostic, list[Diagnostic]]] = {}
_STORE = "verdicts.pickle"
_POSITIONS = "positions"      # beside it: where each cached document's values stand, a file per content
_CHECKERS = [*sorted((Path(__file__).parent / "load").glob("*.py")),
             *sorted((Path(__file__).parent / "validate").glob("*.py")), Path(__file__).parent / "diagnostics.py"]


def _store(root: Path) -> Path:
    return cache_dir(root) / STATE / _STORE


def _recall(root: Path) -> None:
    """The verdicts of the last run, if this code made them: documents without their positions, which
    are read back from a file of their own when a message needs one."""
    if _verdicts:
        return
    try:
        with _store(root).open("rb") as stored:
            version, verdicts = pickle.load(stored)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return
    if version == code_digest(_CHECKERS):
        _verdicts.update(verdicts)
        folder = _store(root).with_name(_POSITIONS)
        POSITIONS.files.update({result.path: folder / f"{stamp}.pickle" for stamp, _, result, _ in verdicts.values()
                                if isinstance(result, Document)})


def _keep(root: Path) -> None:
    """The verdicts for the next run; the positions of documents checked anew each in a file named by
    the content digest, the files of contents no longer present removed."""
    folder = _store(root).with_name(_POSITIONS)
    light, wanted = {}, set()
    try:
        for path, (stamp, key, result, problems) in _verdicts.items():
            if isinstance(result, Document):
                wanted.add(f"{stamp}.pickle")
                if result.values is not None:
                    target = folder / f"{stamp}.pickle"
                    if not target.exists():
                        write_atomic(target, pickle.dumps((result.values, result.keys), pickle.HIGHEST_PROTOCOL))
                    POSITIONS.files[result.path] = target
                    result = replace(result, values=None, keys=None)
            light[path] = (stamp, key, result, problems)
        write_atomic(_store(root), pickle.dumps((code_digest(_CHECKERS), light), pickle.HIGHEST_PROTOCOL))
        for old in folder.iterdir():
            if old.name not in wanted:
                old.unlink(missing_ok=True)
    except OSError:
        pass        # a read-only checkout validates all the same, only not faster next time


def _checked(path: Path, root: Path, kind: str, schemas: SchemaSet) \
        -> tuple[Document | Diagnostic, list[Diagnostic], bool, str | None]:
    """A file loaded and checked against its schema, or the same verdict as last time if neither
    changed; then whether it was checked anew, and the SHA-256 of its bytes."""
    try:
        stamp = hashlib.sha256(path.read_bytes()).hexdigest() if path.stat().st_size <= MAX_BYTES else None
    except OSError:
        stamp = None
    cached = _verdicts.get(str(path))
    if stamp and cached and cached[0] == stamp and cached[1] == schemas.key:
        return cached[2], cached[3], False, stamp
    result = load_file(path, path.relative_to(root).as_posix())
    problems = [] if isinstance(result, Diagnostic) else \
        schemas.validate(by_name(kind).schema if kind not in SINGLES else kind, result)
    if stamp:
        _verdicts[str(path)] = (stamp, schemas.key, result, problems)
    return result, problems, True, stamp


def load(root: Path, schemas: SchemaSet) -> tuple[Sources, list[Diagnostic]]:
    """Load and schema-check every file; documents that fail either step are left out. Domain codes
    are checked against the ones the taxonomy declares."""
    checked = None
    files, diagnostics = discover(root)
    sources = Sources()
    files.sort(key=lambda found: found[0] != "taxonomy")     # the taxonomy first: it declares the domains
    _recall(root)
    anew = False
    for kind, path in files:
        if kind != "taxonomy" and sources.taxonomy is not None and schemas is not checked:
            schemas = checked = schemas.knowing_domains([d["code"] for d in sources.taxonomy.data["domains"]])
        result, problems, fresh, stamp = _checked(path, root, kind, schemas)
        anew = anew or fresh
        if stamp:
            sources.hashes[path.relative_to(root).as_posix()] = stamp
        if isinstance(result, Diagnostic):
            diagnostics.append(result)
            continue
        diagnostics.extend(problems)
        if problems:
            if isinstance(result.data, dict) and isinstance(result.data.get("id"), str):
                sources.unchecked_ids.add(result.data["id"])
            continue
        if kind in ("taxonomy", "glossary"):
            setattr(sources, kind, result)
        elif kind == "published-ids":
            sources.register = result
        else:
            sources.of(kind).append(result)
    if anew:
        _keep(root)
    unread = any(d.path == STANDARDS for d in diagnostics)      # the folder itself was refused
    if sources.taxonomy is None and not unread and not any(d.path.endswith("taxonomy.yaml") for d in diagnostics):
        diagnostics.append(Diagnostic(f"{STANDARDS}/taxonomy.yaml", 1, 1, "missing-file", "",
                                      "缺少分类体系文件 taxonomy.yaml"))
    return sources, diagnostics


@dataclass(frozen=True)
class Result:
    registry: Registry | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def validate(root: Path, *, require_complete: bool = False) -> Result:
    """The whole pipeline up to the model. The registry is None when there is any error."""
    schemas = SchemaSet(root / SCHEMAS)
    sources, diagnostics = load(root, schemas)
    diagnostics += checks.cross_file(sources, require_complete=require_complete)
    diagnostics = sorted(set(diagnostics))
    if any(d.severity == "error" for d in diagnostics) or sources.taxonomy is None:
        return Result(None, diagnostics)
    records = {kind: {d.data["id"]: (d.data, d.path) for d in docs} for kind, docs in sources.by_kind.items()}
    registry = build_registry(sources.taxonomy.data, sources.glossary.data if sources.glossary else None, records,
                              sources.hashes)
    return Result(registry, diagnostics)
