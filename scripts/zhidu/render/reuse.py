"""Pages made again only when what they show has changed.

`make serve` makes many builds in one process; most pages of a build are the same as in the one
before. Each entry's page is kept with the records it shows: the entry itself and every record its
template looks up (the rules, references, checklists, service standards and asset stages it links
to), with the day and the taxonomy. A page whose records are all equal (==) to last time's is
reused; any difference makes it again. tests/test_reuse.py checks, edit by edit, that reused pages
are byte for byte what a fresh build makes.

Between processes (`zhidu build` after `zhidu build`), StoredPages does the same with a digest of
what each page showed and of the code and templates that made it, kept in .zhidu/state/pages.json;
the text is the page file the last build wrote.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from zhidu.cache import HashCache, code_digest, digest, files_dir
from zhidu.model.checklists import Checklist
from zhidu.model.records import Registry

_KEPT: dict[str, tuple] = {}      # output path (or name) -> (what it showed, text(s), stored key)
_PACKAGE = Path(__file__).resolve().parents[1]


class StoredPages:
    """Each page's key from the last build, and the files that build wrote."""

    def __init__(self, root: Path):
        self.cache = HashCache(root, "pages")
        self.site = files_dir(root)
        code = sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".j2") and p.is_file())
        self.salt = code_digest(code)
        self.keys: dict[str, str] = {}
        self._texts: dict[int, tuple[object, str]] = {}

    def key(self, shows: tuple) -> str:
        return digest(self.salt, *(self._text(value) for value in shows))

    def _text(self, value) -> str:
        """repr(value) (records are dataclasses: it shows every field), made once per object: the
        taxonomy and many records are shown by hundreds of pages. The object is kept with its text,
        so its id cannot pass to another object while the pages are made."""
        kept = self._texts.get(id(value))
        if kept is None or kept[0] is not value:
            kept = self._texts[id(value)] = (value, repr(value))
        return kept[1]

    def recall(self, path: str, key: str) -> str | None:
        self.keys[path] = key
        if self.cache.fresh(path, key):
            try:
                return (self.site / path).read_bytes().decode("utf-8")     # as written, newlines too
            except OSError:
                return None
        return None

    def before_writing(self) -> None:
        """Pages about to change lose their key first: a build stopped half-way leaves no key
        beside a file it did not write."""
        self.cache.forget(*(p for p, k in self.keys.items() if not self.cache.fresh(p, k)))

    def after_writing(self) -> None:
        for path, key in self.keys.items():
            self.cache.remember(path, key)
        self.cache.keep_only(self.keys)
        self.cache.save()


_STORED: StoredPages | None = None


@contextmanager
def stored_pages(root: Path) -> Iterator[StoredPages]:
    """While making the pages of the project at `root`, reuse those of its last build."""
    global _STORED
    _STORED = StoredPages(root)
    try:
        yield _STORED
    finally:
        _STORED = None


def reuse(path: str, shows: tuple, make: Callable[[], str]) -> str:
    """One page, made again only when what it shows changed."""
    return reuse_files(path, (path,), shows, lambda: {path: make()})[path]


def reuse_files(name: str, paths: tuple[str, ...], shows: tuple, make: Callable[[], dict[str, str]]) -> dict[str, str]:
    """Several files made together (a rule's history page, its fragments and its data), reused together."""
    kept = _KEPT.get(name)
    if kept is not None and kept[0] == shows:
        files, key = kept[1], kept[2]
    else:
        key, files = "", None
        if _STORED is not None:         # the files the last build wrote, if it showed the same
            key = _STORED.key(shows)
            texts = {path: _STORED.recall(path, key) for path in paths}
            if None not in texts.values():
                files = texts
        if files is None:
            files = make()
        _KEPT[name] = (shows, files, key)
    if _STORED is not None:
        key = key or _STORED.key(shows)
        _STORED.keys.update(dict.fromkeys(files, key))
    return files


def forget() -> None:
    _KEPT.clear()


def _rules(registry: Registry, ids) -> tuple:
    """Linked rules as the templates show them: a link with the id and the title."""
    rules = (registry.rules.get(i) for i in sorted(set(ids) - {None, ""}))
    return tuple(r and (r.id, r.title, r.slug) for r in rules)


def _references(registry: Registry, ids) -> tuple:
    return tuple(registry.references.get(i) for i in sorted(set(ids)))


# What the template of each kind looks up besides the entry (rule.md.j2, reference.md.j2 and the
# macros they import): keep these in step with the templates.
def rule_shows(registry: Registry, rule, checklists: dict[str, Checklist]) -> tuple:
    refs = [c.ref for c in rule.basis] + [c.ref for p in rule.provisions for c in p.basis]
    return (rule, _rules(registry, (rule.supersedes, rule.superseded_by, *rule.related, *rule.related_from)),
            _references(registry, refs), tuple(registry.services_for(rule.id)),
            tuple(registry.stages_for(rule.id)), checklists.get(rule.id))


def reference_shows(registry: Registry, ref, checklists: dict[str, Checklist]) -> tuple:
    return (ref, _rules(registry, [rule_id for rule_id, _ in ref.cited_by]))


SHOWS = {"regulation": rule_shows, "reference": reference_shows}     # by kind name (kinds.py)


def checklist_shows(registry: Registry, checklist: Checklist) -> tuple:
    source = (registry.rules.get(checklist.source_id) or registry.services.get(checklist.source_id)
              or registry.assets.get(checklist.source_id))
    return (checklist, source)
