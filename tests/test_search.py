"""Search quality as a tested property: realistic queries in Chromium against the built site.

For every query of tests/search_queries.yaml the pages it names must be among the first five
results (recall), and each of the first five must show the words as the user typed them, or a
glossary synonym of them (precision: no half-word matches at the top).
"""
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.browser, pytest.mark.build]

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))["queries"]
ZERO_WIDTH = "\u200b"


def names_for(query: str, registry) -> set[str]:
    """The query and every glossary name of the same term."""
    names = {query}
    for term in registry.glossary:
        group = {term.term, *term.synonyms}
        if query in group:
            names |= group
    return {n.replace("“", "").replace("”", "") for n in names}


@pytest.fixture(scope="module")
def words(built):
    """The words a query is cut into, with the same dictionary the site's index was segmented with."""
    import jieba
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(built / ".zhidu/files/_generated/jieba_dict.txt"))
    return lambda query: [w for w in tokenizer.lcut(query) if w.strip()]


def top(page, query: str, n: int = 5) -> list[tuple[str, str]]:
    """(href, visible text) of the first n results, zero-width separators removed; [] if none."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on keyup, which an IME sends when composition ends
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("""(q) => {
        const meta = document.querySelector('.md-search-result__meta');
        const box = document.querySelector('input.md-search__input');
        return box.value === q && meta && /个符合条件的结果|没有找到/.test(meta.textContent);
    }""", arg=query, timeout=15000)
    page.wait_for_timeout(100)
    if "没有找到" in meta.inner_text():
        return []
    # one snapshot of the list: Material may re-render it while results are read one by one
    items = page.evaluate("""(n) => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]
        .slice(0, n).map(item => [item.querySelector('a').getAttribute('href'), item.innerText])""", n)
    return [(href, text.replace(ZERO_WIDTH, "")) for href, text in items]


def test_the_query_set_is_large_enough():
    assert len(QUERIES) >= 60
    assert all(q.get("expect") or q.get("any") for q in QUERIES)


@pytest.fixture(scope="module")
def results(browser, server):
    """Every query typed once into a fresh page; (href, text) of its top five."""
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
def test_expected_pages_are_in_the_top_five(results, entry):
    hrefs = [href for href, _ in results[entry["q"]]]

    def shown(page):
        return any(f"/{page}" in h for h in hrefs)
    for page in entry.get("expect", ()):
        assert shown(page), f"{entry['q']}：{page} 不在前 5 条 {hrefs}"
    if entry.get("any"):
        assert any(shown(page) for page in entry["any"]), f"{entry['q']}：{entry['any']} 都不在前 5 条 {hrefs}"


@pytest.mark.parametrize("entry", QUERIES, ids=[q["q"] for q in QUERIES])
def test_every_top_result_shows_what_was_typed(results, registry, words, entry):
    """The phrase, a synonym, or every word of it whole: never only a piece of a word."""
    names = names_for(entry["q"], registry)
    for href, text in results[entry["q"]]:
        plain = text.replace("“", "").replace("”", "")
        whole = any(name in plain for name in names) or all(w in plain for w in words(entry["q"]))
        assert whole, f"{entry['q']}：结果 {href} 不含所查的词：{text[:80]}"


def test_search_box_speaks_chinese(browser, server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(server + "/")
    box = page.locator("input.md-search__input")
    assert box.get_attribute("placeholder") == "搜索"
    assert top(page, "办公用房") and "个符合条件的结果" in page.locator(".md-search-result__meta").inner_text()
    assert top(page, "甲乙丙丁戊己庚") == []
    assert page.locator(".md-search-result__meta").inner_text() == "没有找到符合条件的结果"
    context.close()
