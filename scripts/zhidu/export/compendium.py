"""制度汇编 (compendium.pdf): every rule in force, by domain, with cover, contents with page
numbers, bookmarks per domain and rule, running headers, page numbers and the cited references."""
from __future__ import annotations

from zhidu.model.records import Registry
from zhidu.render.pages import html_environment
from zhidu.vocabulary import STATUS_LABELS

def compendium_html(registry: Registry, font: str, as_of: str, bureau: str, day: str) -> str:
    """The rules in force on `day` (修订中 included: a rule under revision stays in force until replaced)."""
    tax = registry.taxonomy
    groups = [(d, sorted((r for r in registry.rules_in(d.code) if r.active_on(day)), key=lambda r: r.id))
              for d in tax.domains]
    groups = [(d, rules) for d, rules in groups if rules]
    cited_ids = {c.ref for _, rules in groups for r in rules for c in r.basis}
    cited = sorted((registry.references[i] for i in cited_ids), key=lambda f: f.title)
    return html_environment().get_template("compendium.html.j2").render(
        groups=groups, cited=cited, total=sum(len(rules) for _, rules in groups), as_of=as_of, font=font,
        departments={d.id: d.name for d in tax.departments}, statuses=STATUS_LABELS,
        references=registry.references, bureau=bureau)


def compendium_pdf(registry: Registry, font: str, as_of: str, bureau: str, day: str) -> bytes:
    import weasyprint
    return weasyprint.HTML(string=compendium_html(registry, font, as_of, bureau, day)).write_pdf()
