"""Search as readers use it, in Chromium against the built site: the query set, labelled results,
the results page, input methods and paste, and a search that needs no file of Material changed.

For every query of tests/search_queries.yaml the pages it names must be among the first three
results (recall), and each of the first three must show every word typed — or a glossary synonym
of it, or, for a Chinese word no page holds, its longest part that some page holds (precision).
"""
import json
import re
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.build]

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))["queries"]
TOP = 3
QUOTES = re.compile(r"[“”《》\s]")
OPEN, CLOSE = re.compile(r"[〔［\[（(【]"), re.compile(r"[〕］\]）)】]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")


def fold(text: str) -> str:
    """Text as readers compare it: brackets of any kind alike (〔2016〕, [2016], （2016）), no spaces or quotes."""
    return CLOSE.sub(")", OPEN.sub("(", QUOTES.sub("", text))).lower()


@pytest.fixture(scope="module")
def corpus(built):
    index = json.loads((built / "site/search/search_index.json").read_text(encoding="utf-8"))
    return "|".join(fold(part) for d in index["docs"] for part in (d["t"], *(s[1] + "|" + s[2] for s in d["x"])))


def acceptable(word: str, registry, corpus: str) -> set[str]:
    """What may stand for a typed word in a result: itself, its glossary synonyms, or — when no page
    holds it — its longest parts that some page holds (四星级 → 四星)."""
    names = {word}
    for term in registry.glossary:
        if word in {term.term, *term.synonyms}:
            names |= {term.term, *term.synonyms}
    names = {fold(n) for n in names}
    if any(n in corpus for n in names) or not HAN_RUN.fullmatch(word):
        return names
    for size in range(len(word) - 1, 1, -1):
        held = {word[i:i + size] for i in range(len(word) - size + 1) if word[i:i + size] in corpus}
        if held:
            return held
    return names


def pieces_shown(word: str, glossary_words: set[str], plain: str) -> bool:
    """A Chinese word of four or more characters that is no glossary term, shown in pieces of two
    (面积标准 as 面积 … 标准): the words apart, ranked below every page that holds it whole."""
    if word in glossary_words or not HAN_RUN.fullmatch(word) or len(word) < 4:
        return False
    size = len(word)
    pieces = [word[i:i + 2 + (size - i == 3)] for i in range(0, size - (size % 2 == 1), 2)]
    return all(piece in plain for piece in pieces)


def open_search(page):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    return page.locator("input.md-search__input")


def wait_for_results(page, query: str):
    page.wait_for_function("""(q) => {
        const meta = document.querySelector('.md-search-result__meta');
        const box = document.querySelector('input.md-search__input');
        return box.value === q && meta && /个符合条件的结果|没有找到/.test(meta.textContent);
    }""", arg=query, timeout=15000)
    page.wait_for_timeout(50)


def top(page, query: str, n: int = TOP) -> list[tuple[str, str]]:
    """(href without its ?h=, visible text) of the first n results; typed with fill(), which sends
    no key events. The box is emptied first, so no result of the previous query is read."""
    box = open_search(page)
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
    box.fill(query)
    wait_for_results(page, query)
    return page.evaluate(r"""(n) => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]
        .slice(0, n).map(item => [item.querySelector('a').getAttribute('href').replace(/\?h=[^#]*/, ''),
                                  item.innerText])""", n)


def test_the_query_set_is_large_and_varied():
    assert len(QUERIES) >= 150
    assert all(q.get("expect") or q.get("any") for q in QUERIES)
    assert sum(" " in q["q"] for q in QUERIES) >= 15                 # two words with a space
    assert sum(len(q["q"]) <= 2 for q in QUERIES) >= 8              # one and two characters
    assert sum(bool(re.search(r"〔|令第|\[|（\d", q["q"])) for q in QUERIES) >= 10   # document numbers


@pytest.fixture(scope="module")
def results(browser, server):
    """Every query typed once; (href, text) of its top three."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "/")
    found = {}
    for entry in QUERIES:
        found[entry["q"]] = top(page, entry["q"])
        page.keyboard.press("Escape")
    context.close()
    return found


@pytest.mark.parametrize("entry", QUERIES, ids=[q["q"] for q in QUERIES])
def test_expected_pages_are_in_the_top_three(results, entry):
    hrefs = [href for href, _ in results[entry["q"]]]

    def shown(page):
        return any(f"/{page}" in h or h.endswith(page) for h in hrefs)
    for page in entry.get("expect", ()):
        assert shown(page), f"{entry['q']}：{page} 不在前 {TOP} 条 {hrefs}"
    if entry.get("any"):
        assert any(shown(page) for page in entry["any"]), f"{entry['q']}：{entry['any']} 都不在前 {TOP} 条 {hrefs}"


@pytest.mark.parametrize("entry", QUERIES, ids=[q["q"] for q in QUERIES])
def test_every_top_result_shows_what_was_typed(results, registry, corpus, entry):
    """Each word typed (or its synonym) on every top result: never only a piece of the query."""
    glossary_words = {w for term in registry.glossary for w in (term.term, *term.synonyms)}
    for href, text in results[entry["q"]]:
        plain = fold(text)
        for word in entry["q"].split():
            shown = any(name in plain for name in acceptable(word, registry, corpus))
            assert shown or pieces_shown(fold(word), glossary_words, plain), \
                f"{entry['q']}：结果 {href} 不含“{word}”：{text[:80]}"


def test_results_are_labelled_with_kind_and_status(page, server):
    page.goto(server + "/")
    top(page, "公务用车管理办法")
    first = page.locator(".md-search-result__item").first
    tags = first.locator(".md-tag").all_inner_texts()
    assert tags[:2] == ["制度", "现行有效"], tags
    assert first.locator("mark").count() > 0
    assert page.locator(".md-search-result__terms").count() == 0     # no struck-through "missing" words
    kinds = {t for t in page.locator(".md-search-result__item .md-tag").all_inner_texts()}
    assert {"制度", "上位依据"} <= kinds


def test_synonym_finds_the_rule_first_without_missing_notes(page, server):
    page.goto(server + "/")
    hrefs = [href for href, _ in top(page, "公车")]
    assert hrefs and hrefs[0].endswith("regulations/wu-002/")
    assert page.locator(".md-search-result del").count() == 0


def test_text_committed_without_key_events_is_searched(page, server):
    """An input method commits text without a key-up in the box; a paste does the same."""
    page.goto(server + "/")
    box = open_search(page)
    box.focus()
    page.keyboard.insert_text("公物仓")          # input event only, as an IME commit
    wait_for_results(page, "公物仓")
    assert page.locator(".md-search-result__item").count() > 0
    page.evaluate("""() => { const box = document.querySelector('input.md-search__input');
        box.value = '办公用房'; box.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '办公用房'})); }""")
    wait_for_results(page, "办公用房")
    assert "办公用房" in page.locator(".md-search-result__item").first.inner_text()


def test_enter_opens_a_shareable_results_page_with_filters(page, server):
    page.goto(server + "/regulations/wu-001/")
    box = open_search(page)
    box.fill("公车")
    wait_for_results(page, "公车")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=%E5%85%AC%E8%BD%A6$"))
    page.wait_for_selector(".zd-search-results li")
    assert page.locator("#__search").is_checked() is False            # Material's box stays closed
    summary = page.locator(".zd-search-summary").inner_text()
    total = int(re.search(r"共找到 (\d+) 个页面", summary).group(1))
    counts = dict((k, int(v)) for k, v in re.findall(r"(\S+) (\d+)", page.locator(".zd-search-counts").inner_text()))
    assert sum(counts.values()) == total and counts["制度"] > 0
    first = page.locator(".zd-search-results > li").first
    assert first.locator("a.zd-result-title").get_attribute("href").endswith("/regulations/wu-002/")
    assert first.locator("mark").count() > 0
    page.select_option("select[name=kind]", "上位依据")
    page.wait_for_function("() => location.search.includes('kind=')")
    shared = page.url
    assert page.locator(".zd-search-results > li").count() == counts["上位依据"]
    assert set(page.locator(".zd-search-results .md-tag:not(.zd-status)").all_inner_texts()) == {"上位依据"}
    page.goto(shared)                                                  # the address is the state
    page.wait_for_selector(".zd-search-results li")
    assert page.locator("select[name=kind]").input_value() == "上位依据"
    assert page.locator("#zd-q").input_value() == "公车"
    assert page.locator(".zd-search-results > li").count() == counts["上位依据"]


def test_domain_filter_lists_domains_in_the_bureau_order(page, server):
    page.goto(server + "/search/?q=" + "管理")
    page.wait_for_selector(".zd-search-results li")
    options = page.locator("select[name=domain] option").all_inner_texts()
    assert [o[:2] for o in options[1:]] == [o[:2] for o in options[1:]] and options[0] == "全部"
    assert [o.split("（")[0] for o in options[1:]][:5] == ["人", "财", "物", "事", "党建"] or \
        [o[0] for o in options[1:5]] == ["人", "财", "物", "事"]
    page.select_option("select[name=domain]", index=3)
    page.wait_for_function("() => location.search.includes('domain=')")
    hrefs = page.locator(".zd-search-results a.zd-result-title").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all("/regulations/wu-" in h or "/assets/" in h for h in hrefs)


def test_no_file_of_material_is_changed(built):
    """Material's worker ships as installed; the site's search box talks to the project's worker."""
    import material
    installed = Path(material.__file__).parent / "templates/assets/javascripts/workers"
    for worker in installed.glob("search.*.min.js"):
        assert (built / "site/assets/javascripts/workers" / worker.name).read_bytes() == worker.read_bytes()
    home = (built / "site/index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/zhidu/search-worker.js" in home


def test_punctuation_in_a_query_is_searched_as_text(page, server):
    """Characters that mean something in a pattern (GB/T 41568-2022, a+b, [2016]) never stop the search."""
    page.goto(server + "/")
    assert top(page, "a+b (c) [d] \\e $f ^g |h .i *j ?k {l} -") == []
    assert page.locator(".md-search-result__meta").inner_text() == "没有找到符合条件的结果"
    assert top(page, "GB/T 41568-2022")[0][0].endswith("references/REF-gbt-41568-2022/")
