"""制度汇编 (compendium.pdf): which rules it holds and how they are grouped (printed by pdf.py with
typst/compendium.typ: cover, contents with page numbers, bookmarks, running headers, references)."""
from __future__ import annotations

from zhidu.model.records import Registry
from collections import Counter

from zhidu.vocabulary import STATUS_LABELS, current_rules_summary


def compendium_context(registry: Registry, as_of: str, bureau: str, day: str) -> dict:
    """What the compendium shows, whichever engine prints it: the rules in force on `day`
    (修订中 included: a rule under revision stays in force until replaced), by domain."""
    tax = registry.taxonomy
    in_force = registry.in_force_on(day)
    groups = [(d, [r for r in in_force if r.domain == d.code]) for d in tax.domains]
    groups = [(d, rules) for d, rules in groups if rules]
    cited_ids = {c.ref for _, rules in groups for r in rules for c in r.basis}
    cited = sorted((registry.references[i] for i in cited_ids), key=lambda f: f.title)
    summary = current_rules_summary(Counter(r.status_on(day) for _, rules in groups for r in rules))
    return dict(groups=groups, cited=cited, total=sum(len(rules) for _, rules in groups), summary=summary, as_of=as_of,
                departments={d.id: d.name for d in tax.departments}, statuses=STATUS_LABELS,
                references=registry.references, bureau=bureau)
