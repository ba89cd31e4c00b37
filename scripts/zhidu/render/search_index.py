"""The site's search index, made from the pages as MkDocs rendered them.

Each page becomes one entry: its address, title, label (制度、上位依据…), status and domain, and
its text cut at the h2/h3 headings into sections. The browser searches it with the project's own
worker (theme/assets/javascripts/zhidu/search-core.js); Material's search box and result list
show what the worker finds. The index is written where Material's interface fetches it
(search/search_index.json), with the words and synonyms the query step needs in its "config".

Entries are kept per page in the cache folder, so an incremental build (`mkdocs serve --dirty`,
a warm `zhidu build`) that renders only the changed pages still writes a complete index.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from zhidu.cache import write_atomic
from zhidu.kinds import KINDS, by_name
from zhidu.model.records import Registry
from zhidu.vocabulary import STATUS_LABELS

SEARCH_INDEX = "search/search_index.json"      # where Material's search interface fetches the index
STATE = "state/search-pages.json"              # per-page entries, under the cache folder

CHECKLIST_LABEL, GLOSSARY_LABEL, PAGE_LABEL = "检查表", "术语", "页面"
# For equal matches: the bureau's own rules first, then upper-level documents, standards, assets …
LABEL_ORDER = [k.label for k in KINDS if k.template] + [CHECKLIST_LABEL, GLOSSARY_LABEL, PAGE_LABEL]
AIDS = [CHECKLIST_LABEL, GLOSSARY_LABEL]      # aids to the pages they come from: one step lower
# … and rules in force above those not yet in force, drafts, amended and repealed ones
STATUS_ORDER = [STATUS_LABELS[s] for s in ("in_force", "under_revision", "pending", "not_enacted", "draft",
                                           "amended", "expired", "repealed")]
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：]+"   # Material's highlighter on the target page uses it

# Sections that list other pages (their basis, related rules, sources): a query matches those pages.
LINK_SECTIONS = {"basis", "related", "applies-to", "checklist", "cited-by", "sources", "fill"}
_DROPPED = re.compile(r'<(script|style|select|textarea)\b.*?</\1>|<a class="headerlink".*?</a>|<h1\b.*?</h1>', re.S)
_HEADING = re.compile(r'<h([23])\b[^>]*?\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_PLAIN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,10}$")   # a category or tag worth keeping whole


@dataclass(frozen=True)
class Label:
    kind: str
    status: str = ""
    domain: str = ""
    names: tuple[str, ...] = ()     # other names the page is found by as by its title: id, 文号, short title


def labels(registry: Registry, day: str | None = None) -> dict[str, Label | None]:
    """What each generated page is, by its source path: kind, status on `day`, domain, other names."""
    day = day or date.today().isoformat()
    out: dict[str, Label | None] = {}
    for kind in KINDS:
        if not kind.template:
            continue
        for entry_id, entry in registry.of(kind.name).items():
            status = entry.status_on(day) if hasattr(entry, "status_on") else getattr(entry, "status", "")
            names = (entry_id, getattr(entry, "doc_number", ""), getattr(entry, "short_title", ""))
            out[kind.page_source(entry_id)] = Label(kind.label, STATUS_LABELS.get(status, ""),
                                                    getattr(entry, "domain", "") or "", tuple(n for n in names if n))
    for rule_id in registry.rules:
        out[f"checklists/{by_name('regulation').slug(rule_id)}.md"] = None
    return out


def label_for(src_uri: str, known: dict[str, Label]) -> Label | None:
    """None for a page left out: a rule's own checklist repeats the rule, whose page links it."""
    if src_uri in known:
        return known[src_uri]
    if src_uri.startswith("checklists/") and src_uri != "checklists/index.md":
        return Label(CHECKLIST_LABEL)
    if src_uri.startswith("glossary/"):
        return Label(GLOSSARY_LABEL)
    return Label(PAGE_LABEL)


def _text(fragment: str) -> str:
    return _SPACE.sub(" ", html_lib.unescape(_TAG.sub(" ", fragment))).strip()


def sections(content: str) -> list[list[str]]:
    """[anchor, heading, text] for the part before the first h2/h3 (anchor "") and each section."""
    parts = _HEADING.split(_DROPPED.sub(" ", content))
    out = [["", "", _text(parts[0])]]
    for i in range(1, len(parts), 4):
        out.append([parts[i + 1], _text(parts[i + 2]), _text(parts[i + 3])])
    return [s for s in out if (s[1] or s[2]) and s[0] not in LINK_SECTIONS]


def page_entries(location: str, title: str, label: Label, content: str) -> list[dict]:
    return [{"l": location, "t": _text(title), "n": list(label.names), "k": label.kind, "s": label.status,
             "d": label.domain, "x": sections(content)}]


def vocabulary(registry: Registry) -> list[str]:
    """Words a query without spaces is cut into when it is not found whole: glossary terms and their
    synonyms, and the categories and tags editors gave rules, standards and asset categories."""
    words = [w for term in registry.glossary for w in (term.term, *term.synonyms)]
    labels_ = [label for rule in sorted(registry.rules.values(), key=lambda r: r.id)
               for label in (rule.category, *rule.tags)]
    labels_ += [label for s in registry.services.values() for label in (s.area, *s.tags)]
    labels_ += [label for a in registry.assets.values() for label in a.tags]
    words += [label for label in labels_ if _PLAIN_WORD.match(label)]
    return list(dict.fromkeys(words))


def synonyms(registry: Registry) -> dict[str, list[str]]:
    """Each glossary term and synonym -> the other names of the same term."""
    table: dict[str, list[str]] = {}
    for term in registry.glossary:
        names = [term.term, *term.synonyms]
        for name in names:
            others = [n for n in names if n != name]
            if others:
                table.setdefault(name, [])
                table[name] += [n for n in others if n not in table[name]]
    return table


class SearchIndex:
    """Per-page entries, kept in the cache folder between builds."""

    def __init__(self, cache_root: Path):
        self.path = cache_root / STATE
        try:
            self.entries: dict[str, list[dict]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def add(self, src_uri: str, entries: list[dict] | None) -> None:
        """A page as just rendered; None for a page left out of search."""
        if entries is None:
            self.entries.pop(src_uri, None)
        else:
            self.entries[src_uri] = entries

    def write(self, site_dir: Path, present: set[str], registry: Registry) -> None:
        """The index of the pages `present` in this build, into the built site; entries kept for next time."""
        self.entries = {uri: e for uri, e in self.entries.items() if uri in present}
        write_atomic(self.path, json.dumps(self.entries, ensure_ascii=False).encode("utf-8"))
        docs = sorted((e for page in self.entries.values() for e in page), key=lambda e: e["l"])
        config = {"lang": ["en"], "separator": SEPARATOR, "pipeline": [],
                  "zhidu": {"words": vocabulary(registry), "synonyms": synonyms(registry),
                            "labels": LABEL_ORDER, "statuses": STATUS_ORDER, "aids": AIDS}}
        body = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        write_atomic(site_dir / SEARCH_INDEX, body.encode("utf-8"))
