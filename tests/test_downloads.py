"""Checklist downloads: written once, rewritten only for what changed, zipped, never without a font."""

import pytest

from zhidu.export import downloads
from zhidu.render.generate import generate
from zhidu.export.fonts import FontMissing
from zhidu.pipeline import validate

WU1 = "standards/regulations/wu/WU-001.yaml"
# the fixture's checklists: a profile, a service scoring sheet, four asset stages, two rules (not repealed WU-003)
SLUGS = ("cl-test", "fw-hy", "wu-001", "wu-002", "zc-01-allocation", "zc-01-ownership", "zc-01-use", "zc-07-allocation")


def run(project):
    return generate(validate(project.root).registry, project.root, "2026-01-01").downloads


def test_cold_warm_and_one_edit(mini):
    folder = mini.path(".zhidu/files/downloads/checklists")
    cold = run(mini)
    assert (cold.regenerated, cold.unchanged) == (8, 0)
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        f"{slug}.{fmt}" for slug in SLUGS for fmt in ("docx", "pdf", "xlsx")]
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}

    warm = run(mini)
    assert (warm.regenerated, warm.unchanged) == (0, 8)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != ".manifest.json"} == \
        {k: v for k, v in before.items() if k != ".manifest.json"}

    mini.edit(WU1, "每年12月31日前更新一次", "每半年更新一次")
    edited = run(mini)
    # WU-001's own checklist, CL-test and the 房产·使用 stage, which hold WU-001.P01
    assert edited.regenerated == 3
    assert "每半年更新一次" in workbook_text(folder / "zc-01-use.xlsx")
    assert (folder / "wu-002.pdf").stat().st_mtime_ns == before["wu-002.pdf"]
    assert (folder / "wu-001.pdf").stat().st_mtime_ns != before["wu-001.pdf"]
    assert "每半年更新一次" in workbook_text(folder / "wu-001.xlsx")
    assert "每半年更新一次" in workbook_text(folder / "cl-test.xlsx")
    assert not list(folder.glob("*.csv"))     # the workbook holds the same table


def test_removed_checklist_files_are_deleted_and_nothing_is_stored_twice(mini):
    run(mini)
    mini.path("standards/checklists/CL-test.yaml").unlink()
    mini.edit("standards/published-ids.yaml", "  - CL-test\n", "")   # never published, so it may go
    report = run(mini)
    assert report.removed == 3                                            # its PDF, Word and Excel
    made = sorted(p.relative_to(mini.path(".zhidu/files/downloads")).as_posix()
                  for p in mini.path(".zhidu/files/downloads").rglob("*") if p.is_file())
    rules = [f"regulations/{r.lower()}.docx" for r in validate(mini.root).registry.rules
                 if validate(mini.root).registry.rules[r].active_on("2026-01-01")]
    assert made == sorted([f"checklists/{slug}.{fmt}" for slug in SLUGS if slug != "cl-test"
                           for fmt in ("docx", "pdf", "xlsx")]
                          + ["compendium.docx", "compendium.pdf", "registry.xlsx"] + rules)


def test_no_font_no_pdf(mini, monkeypatch):
    def missing():
        raise FontMissing("生成 PDF 需要中文字体……请安装中文字体：sudo apt-get install fonts-noto-cjk")
    monkeypatch.setattr(downloads, "cjk_font_family", missing)
    with pytest.raises(FontMissing, match="fonts-noto-cjk"):
        run(mini)
    assert not list(mini.path(".zhidu/files/downloads/checklists").glob("*.pdf"))


def workbook_text(path) -> str:
    import openpyxl
    book = openpyxl.load_workbook(path)
    return "\n".join(str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                     if cell.value is not None)


def test_the_annual_self_inspection_is_downloaded_in_one_volume_per_domain(built, registry):
    """CL-niandu-zizha (volumes: domain): each department prints its own volume, numbered as the whole
    checklist online, and one rule's edit remakes one volume."""
    import subprocess
    from zhidu.model.checklists import all_checklists
    annual = next(c for c in all_checklists(registry, "2026-12-01") if c.id == "CL-niandu-zizha")
    volumes = annual.downloads
    assert [v.slug for v in volumes] == [f"cl-niandu-zizha-{d}" for d in ("ren", "cai", "wu", "shi", "dj")]
    assert [i.number for v in volumes for i in v.items] == [i.number for i in annual.items]
    site = built / "site"
    folder = site / "downloads/checklists"
    assert not list(folder.glob("cl-niandu-zizha.*")), "the whole checklist is not stored besides its volumes"
    wu = next(v for v in volumes if v.slug.endswith("-wu"))
    text = subprocess.run(["pdftotext", "-layout", str(folder / "cl-niandu-zizha-wu.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "年度制度执行情况自查表（资产管理分册）" in text.replace(" ", "")
    assert {registry.rules[i.source_id].domain for i in wu.items} == {"WU"}
    assert str(wu.items[0].number) in text and str(wu.items[-1].number) in text
    page = (site / "checklists/cl-niandu-zizha/index.html").read_text(encoding="utf-8")
    for volume in volumes:
        assert f"{volume.volume}（{len(volume.items)} 项）" in page
        for ext in ("pdf", "xlsx", "docx"):
            assert f'href="../../downloads/checklists/{volume.slug}.{ext}"' in page
            assert (folder / f"{volume.slug}.{ext}").stat().st_size > 0
    listing = (site / "checklists/index.html").read_text(encoding="utf-8")
    assert 'href="cl-niandu-zizha/#downloads">分册下载</a>' in listing
