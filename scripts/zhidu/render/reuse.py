"""Pages made again only when what they show has changed.

`make serve` makes many builds in one process; most pages of a build are the same as in the one
before. Each entry's page is kept with the records it shows: the entry itself and every record its
template looks up (the rules, references, checklists, service standards and asset stages it links
to), with the day and the taxonomy. A page whose records are all equal (==) to last time's is
reused; any difference makes it again. tests/test_reuse.py checks, edit by edit, that reused pages
are byte for byte what a fresh build makes.
"""
from __future__ import annotations

from typing import Callable

from zhidu.model.checklists import Checklist
from zhidu.model.records import Registry

_KEPT: dict[str, tuple[tuple, str]] = {}      # output path -> (what it showed, text)


def reuse(path: str, shows: tuple, make: Callable[[], str]) -> str:
    kept = _KEPT.get(path)
    if kept is not None and kept[0] == shows:
        return kept[1]
    text = make()
    _KEPT[path] = (shows, text)
    return text


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
