"""The online checklist's head (被检查单位, 检查日期, 检查人) and its printout, in Chromium against the built site.

The head is kept with the answers in localStorage, restored on reload, cleared with them, exported in
CSV and JSON (formulas neutralised) and printed; records saved before the head existed still load
without a word, and a head value that cannot be used is reported and kept. The printout (page.pdf())
starts the table on its first page, shows no links or buttons and ends with the signatures.
"""
import csv
import io
import json
import unicodedata

import pytest
from pypdf import PdfReader

from test_checklist_storage import Sheet

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "/checklists/wu-001/"
SCORED = "/checklists/fw-cy/"
HEAD = ("被检查单位", "检查日期", "检查人")


class Form(Sheet):
    """The checklist page of test_checklist_storage, plus its 检查信息 fields."""

    def field(self, label):
        return self.page.get_by_label(label, exact=True)

    def head(self):
        return tuple(self.field(label).input_value() for label in HEAD)

    def fill(self, unit, date, inspector):
        self.field("被检查单位").fill(unit)
        self.field("检查日期").fill(date)
        self.field("检查人").fill(inspector)

    def backup_values(self):
        return list(self.backups().values())

    def mark(self, i, text):
        """Writes `text` into item i's 问题描述: it prints in that row, so its page is the row's page."""
        self.rows.nth(i).locator("textarea[name=problem]").fill(text)

    def pdf(self):
        """The printout as Chromium makes it, one compacted text per page."""
        reader = PdfReader(io.BytesIO(self.page.pdf(prefer_css_page_size=True)))
        return reader, [compact(p.extract_text()) for p in reader.pages]


# Chromium's PDF maps some glyphs back to radicals (页 -> ⻚, 食 -> ⻝): NFKC folds the Kangxi radicals,
# this table the simplified ones of the CJK Radicals Supplement, which NFKC leaves alone.
RADICALS = str.maketrans("⻚⻝⺠⻓⻅⻔⻋⻛⻜⻢⻉⻘⻣⻥⻦⻮⻯⻆⺟⻄", "页食民长见门车风飞马贝青骨鱼鸟齿龙角母西")


def compact(text):
    return unicodedata.normalize("NFKC", "".join(text.split())).translate(RADICALS)


@pytest.fixture
def form(page, server):
    return Form(page, server)


def record(items, **extra):
    return json.dumps({"savedAt": "2024-05-01T08:00:00.000Z", "items": items, **extra}, ensure_ascii=False)


# -- the fields ---------------------------------------------------------------------------------------

def test_head_fields_are_labelled_inputs_above_the_table(form):
    form.load({})
    unit, date, inspector = (form.field(label) for label in HEAD)
    assert unit.get_attribute("type") == "text" and inspector.get_attribute("type") == "text"
    assert date.get_attribute("type") == "date"
    assert form.page.locator(".zd-checklist-head legend").inner_text() == "检查信息"
    head_box = form.page.locator(".zd-checklist-head").bounding_box()
    table_box = form.page.locator(".zd-checklist-table").bounding_box()
    assert head_box["y"] + head_box["height"] <= table_box["y"]
    assert form.head() == ("", "", "")
    unit.focus()
    form.page.keyboard.type("机关服务中心")
    form.page.keyboard.press("Tab")                       # the date is the next field reached with Tab
    assert form.page.evaluate("document.activeElement.name") == "date"


def test_head_is_saved_restored_and_cleared(form):
    form.load({})
    form.fill("省机关事务管理局机关服务中心", "2024-05-01", "张三、李四")
    form.rows.nth(0).locator("select").select_option("符合")
    stored = json.loads(form.stored())
    assert stored["head"] == {"unit": "省机关事务管理局机关服务中心", "date": "2024-05-01", "inspector": "张三、李四"}

    form.page.reload()
    assert form.head() == ("省机关事务管理局机关服务中心", "2024-05-01", "张三、李四")
    assert form.rows.nth(0).locator("select").input_value() == "符合"
    assert form.page.locator(".zd-notice").count() == 0

    form.page.once("dialog", lambda dialog: dialog.accept())
    form.page.click("button[data-action=clear]")
    assert form.head() == ("", "", "")
    assert form.stored() is None
    form.page.reload()
    assert form.head() == ("", "", "")


def test_head_only_record_is_restored(form):
    form.load({form.key: record({}, head={"unit": "后勤处", "date": "2023-12-31", "inspector": ""})})
    assert form.head() == ("后勤处", "2023-12-31", "")
    assert form.page.locator(".zd-notice").count() == 0


def test_record_saved_before_the_head_existed_loads_without_a_notice(form):
    old = record({form.items[0]: {"result": "不符合", "problem": "缺少台账", "remedy": "补建台账"}},
                 imported={"2000-01-01": "2024-04-01T08:00:00.000Z"})
    form.load({form.key: old})
    assert form.page.locator(".zd-notice").count() == 0
    assert form.page.locator(".zd-notices").is_hidden()
    assert form.head() == ("", "", "")
    assert form.rows.nth(0).locator("textarea[name=remedy]").input_value() == "补建台账"
    assert form.stored() == old                            # reading alone never writes

    form.rows.nth(1).locator("select").select_option("符合")
    stored = json.loads(form.stored())
    assert "head" not in stored                            # an empty head adds nothing to the record
    assert stored["imported"] == {"2000-01-01": "2024-04-01T08:00:00.000Z"}
    assert form.backup_values() == []
    form.field("检查人").fill("王五")
    assert json.loads(form.stored())["head"] == {"unit": "", "date": "", "inspector": "王五"}


@pytest.mark.parametrize("head, words, kept", [
    ({"unit": 5, "date": "2024-05-01", "inspector": "张三"}, ["检查信息中的被检查单位不是文字，显示为空"],
     ("", "2024-05-01", "张三")),
    ({"unit": "后勤处", "date": "2024-02-30", "inspector": ["张三"]},
     ["检查信息中的检查人不是文字，显示为空", "检查信息中的检查日期（“2024-02-30”）不是有效的日期，显示为空"],
     ("后勤处", "", "")),
    ({"unit": "后勤处", "date": "明天", "leader": "x"},
     ["检查日期（“明天”）不是有效的日期", "记录中另有无法识别的内容，未使用"], ("后勤处", "", "")),
    ("后勤处", ["检查信息（被检查单位、检查日期、检查人）的记录格式无法识别，未使用"], ("", "", "")),
])
def test_unusable_head_values_are_reported_and_kept(form, head, words, kept):
    raw = record({form.items[0]: {"result": "符合", "problem": "", "remedy": ""}}, head=head)
    form.load({form.key: raw})
    text = form.notice("stored").inner_text()
    assert "本浏览器中保存的填写记录有部分内容无法使用" in text
    for part in words:
        assert part in text
    assert form.head() == kept
    assert form.rows.nth(0).locator("select").input_value() == "符合"     # the answers still load
    assert form.stored() == raw

    form.rows.nth(1).locator("select").select_option("基本符合")        # the first change backs the record up
    assert form.backup_values() == [raw]
    assert "原有记录已自动备份" in form.notice("stored").inner_text()


def test_importing_an_older_version_fills_an_empty_head(form):
    old_key = f"zhidu:checklist:{form.id}:2000-01-01"
    old = record({form.items[0]: {"result": "符合", "problem": "", "remedy": ""}},
                 head={"unit": "后勤处", "date": "2024-03-01", "inspector": "旧检查人"})
    current = record({}, head={"unit": "", "date": "", "inspector": "新检查人"})
    form.load({old_key: old, form.key: current})
    notice = form.notice("version")
    assert "（1 项及检查信息）" in notice.inner_text()
    notice.get_by_role("button", name="导入旧版本的填写").click()
    assert "检查信息中的被检查单位、检查日期一并导入" in notice.inner_text()
    assert form.head() == ("后勤处", "2024-03-01", "新检查人")            # what this version has is kept
    assert form.stored(old_key) == old


# -- exports ------------------------------------------------------------------------------------------

def test_csv_and_json_exports_carry_the_head(form, tmp_path):
    form.load({})
    form.fill("机关服务中心", "2024-05-01", "张三")
    form.rows.nth(0).locator("select").select_option("不符合")
    table = list(csv.reader(io.StringIO(form.download("导出表格（CSV）", tmp_path).read_bytes().decode("utf-8-sig"))))
    assert table[0] == ["序号", "条款", "检查项", "检查结果", "问题描述", "整改要求", "被检查单位", "检查日期", "检查人"]
    assert len(table) == 1 + len(form.items)
    assert all(row[6:] == ["机关服务中心", "2024-05-01", "张三"] for row in table[1:])
    assert table[1][3] == "不符合"

    data = json.loads(form.download("导出数据（JSON）", tmp_path).read_text(encoding="utf-8"))
    assert data["head"] == {"unit": "机关服务中心", "date": "2024-05-01", "inspector": "张三"}
    assert data["items"][0]["result"] == "不符合" and len(data["items"]) == len(form.items)


def test_scored_sheet_csv_rating_row_keeps_the_head_columns(page, server, tmp_path):
    form = Form(page, server, SCORED)
    form.load({})
    form.fill("餐厅", "2024-06-30", "赵六")
    table = list(csv.reader(io.StringIO(form.download("导出表格（CSV）", tmp_path).read_bytes().decode("utf-8-sig"))))
    assert {len(row) for row in table} == {9}
    assert table[-1][2:4] == ["评定星级", "未达到一星"] and table[-1][6:] == ["餐厅", "2024-06-30", "赵六"]


HOSTILE = ['<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
           "=cmd|' /c calc'!A1", "=1+1", "@x", "+1", "-1", "\t=2"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_head_values_stay_text(form, tmp_path, value):
    form.load({})
    form.field("被检查单位").fill(value)
    form.field("检查人").fill(value)
    form.page.reload()
    assert form.field("被检查单位").input_value() == value
    assert form.page.evaluate("window.__pwned") is None
    assert form.page.locator(".zd-checklist img, .zd-checklist script").count() == 0
    printed = form.page.locator('.zd-checklist-head .zd-print-value[data-for="unit"]')
    assert printed.text_content() == form.field("被检查单位").input_value()

    raw = form.download("导出表格（CSV）", tmp_path).read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(raw)))
    typed = form.field("被检查单位").input_value()
    expected = "'" + typed if typed[:1] in ("=", "+", "-", "@", "\t", "\r") else typed
    assert {row[6] for row in table[1:]} == {expected} == {row[8] for row in table[1:]}
    assert [cell for row in table for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    data = json.loads(form.download("导出数据（JSON）", tmp_path).read_text(encoding="utf-8"))
    assert data["head"]["unit"] == typed                    # JSON is data, not a spreadsheet: kept as typed
    assert form.page.evaluate("window.__pwned") is None


def test_hostile_stored_head_stays_text(form):
    value = '"><script>window.__pwned = 1</script>'
    form.load({form.key: record({}, head={"unit": value, "date": '"><img src=x onerror=window.__pwned=2>',
                                          "inspector": value})})
    assert form.head() == (value, "", value)
    assert "不是有效的日期" in form.notice("stored").inner_text()
    assert form.page.evaluate("window.__pwned") is None
    assert form.page.locator(".zd-checklist img, .zd-checklist script").count() == 0


# -- the printout -------------------------------------------------------------------------------------

def test_printout_starts_the_table_on_page_one_without_links_and_with_the_head(form):
    form.load({})
    form.fill("机关服务中心", "2024-05-01", "张三")
    form.mark(0, "FIRSTROWMARK")
    form.mark(len(form.items) - 1, "LASTROWMARK")
    reader, pages = form.pdf()
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)                       # landscape
    first_item = compact(form.rows.nth(0).locator(".zd-check").inner_text())
    assert first_item[:15] in pages[0], pages[0][:300]                # no half-empty first page
    assert "FIRSTROWMARK" in pages[0] and "序号" in pages[0]
    for label in HEAD:
        assert label + ":" in pages[0]                                # NFKC: ：-> :
    assert "机关服务中心" in pages[0] and "2024年5月1日" in pages[0] and "张三" in pages[0]
    everything = "".join(pages)
    for gone in ("PDF(打印)", "Excel(填写)", "下载:", "导出CSV", "导出JSON", "清除填写", "在线填写",
                 "填写内容只保存在本浏览器中", "回到页面顶部", "机关事务制度标准库首页"):
        assert gone not in everything, gone
    assert "检查人(签字)" in pages[-1] and "被检查单位(签字)" in pages[-1]
    last_item = compact(form.rows.nth(len(form.items) - 1).locator(".zd-check").inner_text())
    assert last_item[:15] in pages[-1] and "LASTROWMARK" in pages[-1]     # the signatures do not stand alone
    assert everything.index("检查人(签字)") > everything.index("LASTROWMARK")


def test_printout_leaves_lines_for_an_empty_head(form):
    form.load({})
    form.page.emulate_media(media="print")
    for name in ("unit", "date", "inspector"):
        line = form.page.locator(f'.zd-checklist-head .zd-print-value[data-for="{name}"]')
        assert line.is_visible()
        assert line.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
        assert line.bounding_box()["width"] > 100
    assert form.page.locator('.zd-print-value[data-for="date"]').inner_text().strip() == "年　　月　　日"
    for hidden in (".zd-downloads", ".zd-buttons", ".zd-fill-heading", ".md-header", ".md-tabs",
                   ".zd-checklist-head input"):
        assert all(not el.is_visible() for el in form.page.locator(hidden).all()), hidden
    _, pages = form.pdf()
    assert "年月日" in pages[0] and "被检查单位:" in pages[0]


def test_signatures_stay_with_the_last_row_whatever_its_height(form):
    """Grow the last row step by step: the signatures always print on the page of the last row."""
    form.load({})
    last = form.rows.nth(len(form.items) - 1)
    form.mark(len(form.items) - 1, "LASTROWMARK")
    last_text = "LASTROWMARK"
    pages_seen = set()
    for padding in range(0, 481, 40):
        last.locator("td").first.evaluate(f"td => td.style.paddingBottom = '{padding}px'")
        reader, pages = form.pdf()
        pages_seen.add(len(pages))
        assert "检查人(签字)" in pages[-1] and last_text in pages[-1], (padding, len(pages))
    assert len(pages_seen) > 1                     # the last row did move on to another page


def test_scored_sheet_prints_rating_and_signatures_together(page, server):
    form = Form(page, server, SCORED)
    form.load({})
    form.mark(0, "FIRSTROWMARK")
    _, pages = form.pdf()
    first_item = compact(form.rows.nth(0).locator(".zd-check").inner_text())
    assert "FIRSTROWMARK" in pages[0] and first_item[:15] in pages[0]
    assert "检查人(签字)" in pages[-1] and "是否达标" in pages[-1]
    assert "PDF(打印)" not in "".join(pages)


def test_head_fits_a_phone_screen(page, server):
    page.set_viewport_size({"width": 375, "height": 800})
    form = Form(page, server)
    form.load({})
    form.fill("省机关事务管理局机关服务中心后勤保障科", "2024-05-01", "张三、李四、王五")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for label in HEAD:
        box = form.field(label).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
