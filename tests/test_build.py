"""A full `zhidu build` of the real registry, asserted on the HTML MkDocs wrote."""
import json
import re
import shutil

import pytest

from conftest import zhidu_in as zhidu

pytestmark = pytest.mark.build


def sample_rule(registry):
    """A rule that cites an article and is linked from another rule."""
    return next(r for r in registry.rules.values()
                if r.related_from and any(c.articles for c in r.basis))


def test_every_rule_and_reference_has_a_page(built, registry):
    for rule in registry.rules.values():
        assert (built / "site" / "regulations" / rule.slug / "index.html").is_file()
    for ref in registry.references.values():
        assert (built / "site" / "references" / ref.id / "index.html").is_file()
    for domain in registry.taxonomy.domains:
        assert (built / "site" / "regulations" / domain.slug / "index.html").is_file()


def test_rule_page_links_its_basis_and_shows_backlinks(built, registry):
    rule = sample_rule(registry)
    page = (built / "site" / "regulations" / rule.slug / "index.html").read_text(encoding="utf-8")
    citation = next(c for c in rule.basis if c.articles)
    ref = registry.references[citation.ref]
    assert f'href="../../references/{ref.id}/"' in page
    assert citation.articles[0] in page
    assert (built / "site" / "references" / ref.id / "index.html").is_file()
    for other in rule.related_from:
        assert f'href="../{other.lower()}/"' in page
    assert page.count('class="zd-direction"') == len(set(rule.related) | set(rule.related_from))
    ref_page = (built / "site" / "references" / ref.id / "index.html").read_text(encoding="utf-8")
    assert f'href="../../regulations/{rule.slug}/"' in ref_page


def test_provisions_have_anchors(built, registry):
    rule = sample_rule(registry)
    page = (built / "site" / "regulations" / rule.slug / "index.html").read_text(encoding="utf-8")
    for provision in rule.provisions:
        assert f'id="{provision.id.lower()}"' in page


def test_search_index_holds_pages_labelled_and_in_sections(built, registry):
    """The project's index: each page with its kind, status and domain, cut into sections at its
    headings; lists of links to other pages left out; the glossary one entry per term."""
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["l"]: d for d in index["docs"]}
    rule = sample_rule(registry)
    entry = docs[f"regulations/{rule.slug}/"]
    assert (entry["t"], entry["k"], entry["d"]) == (rule.title, "制度", rule.domain)
    assert entry["s"] == "现行有效"
    anchors = [s[0] for s in entry["x"]]
    assert [p.id.lower() for p in rule.provisions] == [a for a in anchors if re.fullmatch(r"p\d+", a)]
    assert not {"basis", "related", "checklist"} & set(anchors)
    provision = rule.provisions[0]
    assert provision.text[:20] in next(s[2] for s in entry["x"] if s[0] == provision.id.lower())
    term = registry.glossary[0]
    glossary = [d for d in index["docs"] if d["k"] == "术语"]
    assert len(glossary) == len(registry.glossary) and all(d["l"].startswith("glossary/t-") for d in glossary)
    assert any(d["t"] == term.term and term.definition[:10] in d["x"][0][2] for d in glossary)
    assert "checklists/cai-001/" not in docs              # a rule's own checklist repeats the rule
    checklist = docs["checklists/cl-gongwu-yongche/"]
    assert checklist["k"] == "检查表" and "问题描述" not in json.dumps(checklist, ensure_ascii=False)
    assert index["config"]["zhidu"]["synonyms"]["公车"] == ["公务用车"] or "公务用车" in index["config"]["zhidu"]["synonyms"]["公车"]


def test_no_request_leaves_the_site(built):
    outside = re.compile(r'(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]+"[^>]*>', re.I)
    for page in (built / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<(script|link|img|iframe)\b[^>]*>", html):
            tag = match.group(0)
            assert not outside.search(tag + ">"), f"{page}: {tag}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_failed_build_leaves_previous_site(built, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns("search"))
    marker = root / "site" / "marker.txt"
    marker.write_text("old site", encoding="utf-8")
    # 1) the registry is invalid: nothing is generated or built
    rule = next((root / "standards" / "regulations").rglob("*.yaml"))
    original = rule.read_text(encoding="utf-8")
    rule.write_text(original.replace("kind: must", "kind: shall", 1), encoding="utf-8")
    run = zhidu(root, "build")
    assert run.returncode == 1 and "error[enum]" in run.stderr and "原有站点保持不变" in run.stderr
    assert marker.read_text(encoding="utf-8") == "old site"
    # 2) the registry is valid but MkDocs fails half-way (a broken link in a hand-written page)
    rule.write_text(original, encoding="utf-8")
    (root / "docs" / "about.md").write_text("# 关于\n\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    run = zhidu(root, "build")
    assert run.returncode == 1 and "no-such-page.md" in run.stderr
    assert marker.read_text(encoding="utf-8") == "old site"
    assert not list(root.glob(".site.*")), "staging folder left behind"


def test_lifecycle_matrix_has_64_cells_each_linked_or_marked_as_gap(built, registry):
    rows = [line for line in (built / ".zhidu/files/assets/lifecycle.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| [")]
    assert len(rows) == 8
    cells = [cell.strip() for row in rows for cell in row.strip().strip("|").split("|")[1:]]
    assert len(cells) == 64
    gaps = [c for c in cells if c == '<span class="zd-gap">缺口</span>']
    assert len(gaps) == sum(s.is_gap for a in registry.assets.values() for s in a.stages)
    for cell in cells:
        if cell not in gaps:
            assert "](zc-" in cell and "](../checklists/zc-" in cell, cell
            assert "](../regulations/" in cell or '<span class="zd-gap-rule">制度待制定</span>' in cell, cell
    html = (built / "site/assets/lifecycle/index.html").read_text(encoding="utf-8")
    assert html.count('class="zd-gap"') >= len(gaps)


def test_service_standards_total_106_clauses_in_7_areas(registry):
    services = registry.services
    assert len(services) == 7
    assert sum(len(s.clauses) for s in services.values()) == 106 == registry.taxonomy.service_clause_total
    for area in registry.taxonomy.service_areas:
        assert len(services[area.id].clauses) == area.target
        assert {c.star for c in services[area.id].clauses} <= {1, 2, 3, 4}


def test_changes_page_lists_every_revision_newest_first(built, registry):
    import re
    html = (built / "site/changes/index.html").read_text(encoding="utf-8")
    table = html.split('<table class="zd-changes-table">')[1].split("</table>")[0]
    dates = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", table)
    assert len(dates) == sum(len(r.revisions) for r in registry.rules.values())
    assert dates == sorted(dates, reverse=True)
    assert '<a href="../regulations/wu-001/">WU-001 ' in table


def test_compendium_outlines_every_domain_and_its_toc_names_the_right_pages(built, registry):
    import re

    import pypdf
    reader = pypdf.PdfReader(built / "site/downloads/compendium.pdf")
    top_level = [o.title for o in reader.outline if not isinstance(o, list)]
    domains = [f"{d.name}（{d.full_name}）" for d in registry.taxonomy.domains if registry.rules_in(d.code)]
    assert [t for t in top_level if t in domains] == domains
    in_force = [r for r in registry.rules.values() if r.status in ("in_force", "under_revision")]
    bookmarks = [o.title for group in reader.outline if isinstance(group, list) for o in group]
    assert len(bookmarks) == len(in_force)
    toc = "".join(reader.pages[i].extract_text() for i in range(1, 12))
    for rule in (registry.rules["CAI-012"], registry.rules["SHI-039"]):
        page = int(re.search(re.escape(rule.id) + r"\s*" + re.escape(rule.title) + r"[.\s]*(\d+)", toc).group(1))
        text = reader.pages[page - 1].extract_text()
        assert rule.title in text and rule.provisions[0].id in text, rule.id


def test_readers_see_no_english_in_the_frame(built):
    """The footer credit and the heading-link tooltip are Material's English defaults; readers read Chinese."""
    home = (built / "site/index.html").read_text(encoding="utf-8")
    rule = (built / "site/regulations/wu-001/index.html").read_text(encoding="utf-8")
    assert "Made with" not in home and "Material for MkDocs" not in home
    assert "Permanent link" not in rule and 'title="本节链接"' in rule


def test_repealed_and_revising_rules_say_so_at_the_top(built, registry):
    """A banner above everything else: repealed since when and replaced by which rule; under revision."""
    day = __import__("datetime").date.today().isoformat()
    repealed = next(r for r in registry.rules.values() if r.status_on(day) == "repealed" and r.superseded_by)
    page = (built / f"site/regulations/{repealed.slug}/index.html").read_text(encoding="utf-8")
    banner = re.search(r'<div class="admonition danger">(.*?)</div>', page, re.S)
    assert banner and page.index('class="admonition danger"') < page.index("<table")
    assert "本制度已废止" in banner.group(1) and repealed.repealed in banner.group(1)
    assert f'href="../{registry.rules[repealed.superseded_by].slug}/"' in banner.group(1)
    revising = next(r for r in registry.rules.values() if r.status_on(day) == "under_revision")
    page = (built / f"site/regulations/{revising.slug}/index.html").read_text(encoding="utf-8")
    assert '<div class="admonition note">' in page and "正在修订" in page
    current = next(r for r in registry.rules.values() if r.status_on(day) == "in_force")
    assert "admonition" not in (built / f"site/regulations/{current.slug}/index.html").read_text(encoding="utf-8")
