"""The bureau's own address: with none configured nothing points at a local or placeholder host,
and no edit button shows; with one configured, links are absolute and edit buttons reach the YAML."""
import gzip
import io
import re
import shutil
import zipfile
import zlib

import openpyxl
import pypdf
import pytest

from conftest import MINI, copy_project, zhidu_in

pytestmark = pytest.mark.build

FORBIDDEN = re.compile(r"(?:https?:)?//(?:127\.\d+\.\d+\.\d+|localhost|0\.0\.0\.0|\[::1\])"
                       r"|(?:[\w-]+\.)*example\.(?:org|com|net)", re.I)
TEXT = {".html", ".json", ".jsonl", ".xml", ".csv", ".txt", ".js", ".css", ".md"}


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    for page in reader.pages:                     # link targets too, not only printed text
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            parts.append(str(action.get("/URI", "")))
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def readable_text(name: str, data: bytes) -> str:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix == ".pdf":
        return _pdf_text(data)
    if suffix == ".xlsx":
        return _xlsx_text(data)
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(readable_text(n, archive.read(n)) for n in archive.namelist())
    if suffix == ".gz":
        return readable_text(name[:-3], gzip.decompress(data))
    return data.decode("utf-8", "replace") if suffix in TEXT else ""


def test_nothing_in_the_site_or_site_zip_points_at_a_local_or_placeholder_host(built):
    site = built / "site"
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.name.endswith(".map"):
            text = readable_text(path.name, path.read_bytes())
            found += [f"{path.relative_to(site)}: {m.group(0)}" for m in FORBIDDEN.finditer(text)]
    assert found == []
    # site.zip holds exactly these files, byte for byte: what was scanned is what is shipped
    with zipfile.ZipFile(built / "site.zip") as archive:
        entries = {i.filename: i.CRC for i in archive.infolist() if not i.is_dir()}
    files = {f"site/{p.relative_to(site).as_posix()}": zlib.crc32(p.read_bytes())
             for p in site.rglob("*") if p.is_file()}
    assert entries == files


def test_without_a_repository_no_edit_button_or_repository_link(built):
    for url in ("regulations/cai-001", "references/REF-jgsw-tiaoli", "checklists/cai-001", "about", ""):
        html = (built / "site" / url / "index.html").read_text(encoding="utf-8")
        assert 'rel="edit"' not in html and "md-source" not in html and "制度库仓库" not in html, url
    sitemap = (built / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "http" not in sitemap.replace("http://www.sitemaps.org/schemas/sitemap/0.9", "")
    book = openpyxl.load_workbook(built / "site/downloads/registry.xlsx")
    assert all(cell.hyperlink is None for row in book["制度"].iter_rows() for cell in row)


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    """The mini registry built with the bureau's address and repository configured."""
    root = copy_project(tmp_path_factory.mktemp("configured"))
    shutil.rmtree(root / "standards")
    shutil.copytree(MINI / "standards", root / "standards")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace('site_url: ""', "site_url: https://zhidu.jgswj.gov.cn/")
    config = config.replace('repo_url: ""', "repo_url: https://git.jgswj.gov.cn/zhidu/registry")
    config = config.replace("bureau: 省机关事务管理局", "bureau: 某省机关事务管理局")
    config = config.replace("model_text: true", "model_text: false")     # the bureau adopts the rules
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    run = zhidu_in(root, "build")
    assert run.returncode == 0, run.stderr[-3000:]
    return root


def test_configured_repository_gives_edit_buttons_to_each_source(configured):
    edit = "https://git.jgswj.gov.cn/zhidu/registry/edit/main/"
    pages = {"regulations/wu-001": "standards/regulations/wu/WU-001.yaml",
             "references/REF-test-tiaoli": "standards/references/REF-test-tiaoli.yaml",
             "service-standards/fw-hy": "standards/service-standards/FW-HY.yaml",
             "assets/zc-07": "standards/assets/ZC-07.yaml",
             "checklists/wu-001": "standards/regulations/wu/WU-001.yaml",
             "about": "docs/about.md"}
    for url, source in pages.items():
        html = (configured / "site" / url / "index.html").read_text(encoding="utf-8")
        assert f'href="{edit}{source}"' in html and 'rel="edit"' in html, url
        assert 'href="https://git.jgswj.gov.cn/zhidu/registry"' in html, url


def test_configured_address_makes_canonical_links_sitemap_and_workbook_absolute(configured):
    site = configured / "site"
    html = (site / "regulations/wu-001/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://zhidu.jgswj.gov.cn/regulations/wu-001/">' in html
    assert "<loc>https://zhidu.jgswj.gov.cn/regulations/wu-001/</loc>" in (site / "sitemap.xml").read_text("utf-8")
    book = openpyxl.load_workbook(site / "downloads/registry.xlsx")
    assert book["制度"].cell(2, 1).hyperlink.target == "https://zhidu.jgswj.gov.cn/regulations/wu-001/"
    assert book.properties.creator == "某省机关事务管理局"
    assert "某省机关事务管理局" in pypdf.PdfReader(site / "downloads/compendium.pdf").pages[0].extract_text()
    assert '"$id": "https://zhidu.jgswj.gov.cn/schemas/regulation.json"' in (site / "schemas/regulation.json").read_text("utf-8")


def test_a_bureau_that_adopts_the_rules_switches_the_model_notice_off(configured):
    for url in ("", "regulations/wu-001"):
        html = (configured / "site" / url / "index.html").read_text(encoding="utf-8")
        assert "zd-model-notice" not in html and "示范文本：" not in html, url


def test_configured_repository_is_offered_for_proposals(configured):
    """提出修订 links the repository's web editor (propose.js); branch from edit_uri, main without one."""
    html = (configured / "site/regulations/propose/index.html").read_text(encoding="utf-8")
    assert 'window.zhiduRepo = {"edit_uri": "", "url": "https://git.jgswj.gov.cn/zhidu/registry"}' in html
