"""Every internal link and anchor of the built site resolves, downloads included."""
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.build


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.links.append(attrs[key])


def parse(path):
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site, page_path, href):
    """The file a relative link from page_path points at, and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None, None
    here = PurePosixPath(page_path.relative_to(site).as_posix())
    if not parts.path:
        joined = here
    elif parts.path.startswith("/"):                  # site_url's path is /: root-relative links start there
        joined = PurePosixPath(unquote(parts.path).lstrip("/"))
    else:
        joined = here.parent / unquote(parts.path)
    resolved = site.joinpath(*[p for p in _normalise(joined).parts])
    if parts.path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, parts.fragment


def _normalise(path):
    out = []
    for part in path.parts:
        if part == "..":
            assert out, f"link leaves the site: {path}"
            out.pop()
        elif part not in (".", ""):
            out.append(part)
    return PurePosixPath(*out)


def test_every_internal_link_and_anchor_resolves(built):
    site = built / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    parsed = {p: parse(p) for p in pages}
    broken, checked, downloads = [], 0, 0
    for page, info in parsed.items():
        for href in info.links:
            target, fragment = target_file(site, page, href)
            if target is None:
                continue
            checked += 1
            downloads += target.suffix in (".pdf", ".xlsx", ".csv", ".zip", ".json")
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {href}（文件不存在）")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)} → {href}（锚点不存在）")
    assert broken == [], "\n".join(broken[:40])
    assert checked > 5000 and downloads > 100
