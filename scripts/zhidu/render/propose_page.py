"""提出修订: the one page on which staff propose a revision of any rule, /regulations/propose/?id=WU-001.

The page is a shell (no copy per rule): a Markdown page whose form is an HTML fragment (fragments.py)
holding, as JSON, what the browser's checks need besides the published data — the taxonomy's
departments and lifecycle stages, the glossary's limit subjects, the statuses and provision kinds.
The form itself is built in the browser (theme assets/javascripts/zhidu/propose*.js) from the published
schemas (/schemas/regulation.json, defs.json) and the rule's /api/v1/regulations/<ID>.json, whose
`source` gives the SHA-256 of the rule's file that the proposal names as its base.
"""
from __future__ import annotations

from zhidu.model.records import Registry
from zhidu.render.fragments import FRAGMENTS, fragment_marker, script_json
from zhidu.render.pages import environment, html_environment
from zhidu.vocabulary import ACTIVE, ACTORS, BOUND_WORDS, RULE_STATUSES, STATUS_LABELS

PAGE = "regulations/propose.md"
FRAGMENT = f"{FRAGMENTS}/propose.html"


def vocabulary(registry: Registry) -> dict:
    tax = registry.taxonomy
    return {"departments": [{"id": d.id, "name": d.name} for d in tax.departments],
            "stages": [{"id": s.id, "name": s.name} for s in tax.lifecycle_stages],
            "kinds": {k.id: k.name for k in tax.provision_kinds},
            "statuses": {s: STATUS_LABELS[s] for s in RULE_STATUSES},
            "active": list(ACTIVE), "actors": list(ACTORS), "bounds": BOUND_WORDS,
            "limitSubjects": {subject: {"unit": unit, "description": description}
                              for subject, (unit, description) in registry.limit_subjects.items()}}


def propose_files(registry: Registry) -> dict[str, str]:
    """The page and its form: path in the site's source -> text."""
    html = html_environment().get_template("propose_form.html.j2").render(
        vocabulary=script_json(vocabulary(registry)), root="../../")
    page = environment().get_template("propose.md.j2").render(form=fragment_marker(FRAGMENT, html))
    return {PAGE: page, FRAGMENT: html}
