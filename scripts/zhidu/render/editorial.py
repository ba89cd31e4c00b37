"""What the registry's editor should look at next: the lists behind the editors' page (编辑工作台)
and the 时限与标准 overview. The checks are the validator's own (validate/limits.py), run on the model."""
from __future__ import annotations

from dataclasses import asdict

from zhidu.model.records import Registry
from zhidu.validate.limits import actors_of, conflicting, missing_parts
from zhidu.vocabulary import ACTIVE

STALE = ("expired", "repealed", "amended")     # a reference no current rule should rely on


def limit_uses(registry: Registry) -> list[tuple]:
    """(rule, provision, limit) for every figure of every rule, in rule order."""
    return [(rule, provision, limit) for rule in sorted(registry.rules.values(), key=lambda r: r.id)
            for provision in rule.provisions for limit in provision.limits]


def by_subject(registry: Registry) -> list[tuple[str, list[tuple]]]:
    """The figures grouped by subject, subjects in the glossary's order."""
    groups: dict[str, list] = {subject: [] for subject in registry.limit_subjects}
    for use in limit_uses(registry):
        groups.setdefault(use[2].subject, []).append(use)
    return [(subject, uses) for subject, uses in groups.items() if uses]


def findings(registry: Registry, status_now: dict[str, str]) -> dict[str, list]:
    active = [r for r in sorted(registry.rules.values(), key=lambda r: r.id)
              if status_now[r.id] in ACTIVE]
    actors = actors_of({"departments": [{"name": d.name} for d in registry.taxonomy.departments]})
    vague = [(rule, p, missing) for rule in active for p in rule.provisions
             if (missing := missing_parts({"kind": p.kind, "text": p.text, "limits": p.limits,
                                           "evidence": p.evidence}, actors))]
    uses = [(rule, p, asdict(limit)) for rule, p, limit in limit_uses(registry) if rule in active]
    conflicts = [(a, b) for a, b in conflicting(uses) if a[0].id < b[0].id]
    cited_stale = [(ref, [rule for rule in active if any(c.ref == ref.id for c in rule.basis)
                          or any(c.ref == ref.id for p in rule.provisions for c in p.basis)])
                   for ref in sorted(registry.references.values(), key=lambda f: f.id) if ref.status in STALE]
    return {
        "unverified": sorted((f for f in registry.references.values() if not f.verified), key=lambda f: f.id),
        "no_articles": [rule for rule in active if not any(c.articles for c in rule.basis)],
        "vague": vague,
        "conflicts": conflicts,
        "stale": [(ref, rules) for ref, rules in cited_stale if rules],
    }

