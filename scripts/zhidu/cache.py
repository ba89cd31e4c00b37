"""The one cache folder (.zhidu/ in the project): every generated page, data file and download,
and the content hashes that decide what must be made again.

Files are written atomically (a temporary file, then one rename) and only when their content
changed, so that a watcher or a dirty build sees only what really moved.
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

CACHE_DIR = ".zhidu"
FILES = "files"          # .zhidu/files/<site path>: what the site is built from, besides docs/
STATE = "state"          # .zhidu/state/<name>.json: content hashes of what was made


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


def files_dir(root: Path) -> Path:
    """Where generated files live, under the path they have in the site."""
    return root / CACHE_DIR / FILES


@contextmanager
def atomic_output(path: Path):
    """A temporary path to write to; it replaces `path` in one rename when the block succeeds,
    and is removed when it fails, so `path` is always either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield temporary
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write unless the file already holds exactly this; True if written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def code_digest(paths: list[Path]) -> str:
    """A hash of source files (exporters, templates): a change to them remakes what they make."""
    return digest(*(p.read_bytes() for p in paths))


class HashCache:
    """Key -> content hash of what was made for it, kept in .zhidu/state/<name>.json."""

    def __init__(self, root: Path, name: str):
        self.path = cache_dir(root) / STATE / f"{name}.json"
        try:
            self.hashes: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.hashes = {}

    def fresh(self, key: str, wanted: str) -> bool:
        return self.hashes.get(key) == wanted

    def forget(self, *keys: str) -> None:
        """Before remaking: a crash half-way must not leave a stale hash behind."""
        if [self.hashes.pop(key) for key in keys if key in self.hashes]:
            self.save()

    def remember(self, key: str, wanted: str) -> None:
        self.hashes[key] = wanted

    def keep_only(self, keys) -> None:
        keys = set(keys)
        self.hashes = {k: v for k, v in self.hashes.items() if k in keys}

    def save(self) -> None:
        write_if_changed(self.path, json.dumps(self.hashes, ensure_ascii=False, indent=1, sort_keys=True))


class CompiledTemplates(BytecodeCache):
    """Jinja templates compiled once: kept in memory for this process (`mkdocs serve` makes a new theme
    environment for every rebuild) and, once a project is known, in .zhidu/state/templates/ for the
    next build. Jinja compares each template's source with what was compiled, so an edited template,
    or another version of Jinja or the theme, is compiled anew."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}
        self.folder: Path | None = None

    def keep_in(self, root: Path) -> None:
        self.folder = cache_dir(root) / STATE / "templates"

    def get_cache_key(self, name, filename=None):
        raise AssertionError("keys come from get_bucket")       # they depend on the environment

    def get_bucket(self, environment, name, filename, source):
        # one template compiled by environments with other settings is another program
        settings = (name, filename, environment.autoescape, environment.trim_blocks, environment.lstrip_blocks,
                    environment.keep_trailing_newline, getattr(environment.finalize, "__qualname__", None))
        key = digest(repr(settings))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        data = self.compiled.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        data = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            try:
                write_atomic(self.folder / bucket.key, data)
            except OSError:
                pass        # a read-only project still builds, compiling templates each time


COMPILED_TEMPLATES = CompiledTemplates()    # shared by every Jinja environment of this process
