"""Stored checklist answers in the browser: nothing unreadable is dropped or overwritten without a word.

Each case seeds localStorage, loads a real checklist page of the built site in Chromium and looks at
what the user sees (notice text, selects, progress) and at what is still stored.
"""
import csv
import io
import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "/checklists/wu-001/"
BACKUP = "zhidu:checklist-backup:"


class Sheet:
    """The checklist page: its id, version, storage key and item keys, read from the data-* attributes."""

    def __init__(self, page, server, path=PAGE):
        self.page = page
        page.goto(server + path)
        root = page.locator(".zd-checklist")
        self.id = root.get_attribute("data-checklist")
        self.version = root.get_attribute("data-version")
        self.key = f"zhidu:checklist:{self.id}:{self.version}"
        self.rows = page.locator(".zd-checklist-table tbody tr[data-key]")
        self.items = [self.rows.nth(i).get_attribute("data-key") for i in range(self.rows.count())]
        assert len(self.items) >= 4

    def load(self, stored: dict):
        """Replaces everything stored with `stored` (key -> raw text) and reloads the page."""
        self.page.evaluate("""stored => { localStorage.clear();
            for (const [k, v] of Object.entries(stored)) localStorage.setItem(k, v); }""", stored)
        self.page.reload()

    def stored(self, key=None):
        return self.page.evaluate("k => localStorage.getItem(k)", key or self.key)

    def backups(self) -> dict:
        return self.page.evaluate("""prefix => Object.fromEntries(Object.keys(localStorage)
            .filter(k => k.startsWith(prefix)).map(k => [k, localStorage.getItem(k)]))""", f"{BACKUP}{self.id}:")

    def notice(self, name):
        return self.page.locator(f'.zd-checklist-bar [role=status] .zd-notice[data-notice="{name}"]')

    def select(self, i):
        return self.rows.nth(i).locator("select[name=result]")

    def text(self, i, name):
        return self.rows.nth(i).locator(f"textarea[name={name}]")

    def progress(self):
        return self.page.locator(".zd-progress").inner_text()

    def expect_progress(self, done, failed=0):
        assert self.progress() == f"已检查 {done} / {len(self.items)} 项，不符合 {failed} 项"

    def download(self, label, tmp_path):
        with self.page.expect_download() as info:
            self.page.get_by_role("button", name=label, exact=True).first.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        return target


@pytest.fixture
def sheet(page, server):
    return Sheet(page, server)


def record(items: dict) -> str:
    return json.dumps({"savedAt": "2024-05-01T08:00:00.000Z", "items": items}, ensure_ascii=False)


def test_nothing_stored_and_a_good_record_show_no_notice(sheet):
    sheet.load({})
    assert sheet.page.locator(".zd-notice").count() == 0
    assert sheet.page.locator(".zd-notices").is_hidden()
    sheet.load({sheet.key: record({sheet.items[0]: {"result": "不符合", "problem": "缺少台账", "remedy": ""}})})
    assert sheet.page.locator(".zd-notice").count() == 0
    assert sheet.select(0).input_value() == "不符合"
    sheet.expect_progress(1, 1)


def test_corrupt_record_is_reported_exported_and_backed_up_before_the_first_change(sheet, tmp_path):
    raw = '{"savedAt": "2024-05-01", "items": {"' + sheet.items[0] + '": {"result": "符合"'   # cut off
    sheet.load({sheet.key: raw})
    notice = sheet.notice("stored")
    assert "本浏览器中保存的填写记录已损坏，无法读取" in notice.inner_text()
    assert "原有记录仍完整保留" in notice.inner_text()
    sheet.expect_progress(0)
    assert sheet.stored() == raw

    exported = sheet.download("导出原有记录", tmp_path)
    assert exported.suffix == ".txt"
    assert exported.read_text(encoding="utf-8") == raw

    sheet.page.reload()                       # reading alone never writes
    assert sheet.stored() == raw and sheet.backups() == {}

    sheet.select(1).select_option("符合")
    assert list(sheet.backups().values()) == [raw]
    backup_key = next(iter(sheet.backups()))
    assert backup_key.startswith(f"{BACKUP}{sheet.id}:{sheet.version}:")
    assert json.loads(sheet.stored())["items"] == {sheet.items[1]: {"result": "符合", "problem": "", "remedy": ""}}
    assert "原有记录已自动备份" in notice.inner_text()
    assert sheet.download("导出原有记录", tmp_path).read_text(encoding="utf-8") == raw

    sheet.page.reload()
    assert sheet.select(1).input_value() == "符合"
    backup = sheet.notice("backup")
    assert "因无法完整读取而备份的原有填写记录" in backup.inner_text()
    assert sheet.download("导出备份记录", tmp_path).read_text(encoding="utf-8") == raw
    sheet.page.once("dialog", lambda dialog: dialog.accept())
    backup.get_by_role("button", name="删除备份记录").click()
    assert sheet.backups() == {}
    assert "已删除这份备份记录" in backup.inner_text()


@pytest.mark.parametrize("shape", ["items-array", "items-string", "whole-array", "null", "no-items"])
def test_record_of_unknown_shape_is_reported_and_kept(sheet, shape, tmp_path):
    raw = {
        "items-array": json.dumps({"savedAt": "x", "items": [{"result": "符合"}]}),
        "items-string": json.dumps({"savedAt": "x", "items": "符合"}),
        "whole-array": json.dumps([1, 2, 3]),
        "null": "null",
        "no-items": json.dumps({"savedAt": "x"}),
    }[shape]
    sheet.load({sheet.key: raw})
    assert "本浏览器中保存的填写记录格式无法识别，无法读取" in sheet.notice("stored").inner_text()
    sheet.expect_progress(0)
    exported = sheet.download("导出原有记录", tmp_path)
    assert exported.suffix == ".json" and exported.read_text(encoding="utf-8") == raw
    sheet.text(0, "problem").fill("新的问题")
    assert list(sheet.backups().values()) == [raw]
    assert json.loads(sheet.stored())["items"][sheet.items[0]]["problem"] == "新的问题"


def test_an_item_that_is_a_number_is_named_and_the_others_are_restored(sheet):
    raw = record({sheet.items[0]: {"result": "符合", "problem": "", "remedy": ""}, sheet.items[1]: 3})
    sheet.load({sheet.key: raw})
    text = sheet.notice("stored").inner_text()
    assert "有部分内容无法使用：第 2 项的记录格式无法识别，未使用" in text
    assert sheet.select(0).input_value() == "符合"
    assert sheet.select(1).input_value() == "未检查"
    sheet.expect_progress(1)
    assert sheet.stored() == raw


def test_result_outside_the_list_counts_as_unchecked_and_is_reported(sheet):
    raw = record({sheet.items[0]: {"result": "合格", "problem": "台账不全", "remedy": ""},
                  sheet.items[2]: {"result": "不符合", "problem": "", "remedy": ""},
                  sheet.items[3]: {"result": 1, "problem": "", "remedy": ""}})
    sheet.load({sheet.key: raw})
    text = sheet.notice("stored").inner_text()
    assert "第 1、4 项保存的检查结果（“合格”）不是可选的结果，已按“未检查”处理" in text
    assert sheet.select(0).input_value() == "未检查"
    assert sheet.text(0, "problem").input_value() == "台账不全"     # what could be used still is
    assert sheet.select(3).input_value() == "未检查"
    assert sheet.select(2).input_value() == "不符合"
    sheet.expect_progress(1, 1)                                    # the bad results do not count as checked
    assert sheet.stored() == raw

    sheet.select(1).select_option("基本符合")
    assert list(sheet.backups().values()) == [raw]
    sheet.expect_progress(2, 1)


def test_a_note_that_is_not_text_shows_empty_and_is_reported(sheet):
    raw = record({sheet.items[0]: {"result": "不符合", "problem": {"text": "缺少审批单"}, "remedy": "补办审批"},
                  sheet.items[1]: {"result": "符合", "problem": "", "remedy": ["a"]}})
    sheet.load({sheet.key: raw})
    text = sheet.notice("stored").inner_text()
    assert "第 1 项的问题描述不是文字，显示为空" in text
    assert "第 2 项的整改要求不是文字，显示为空" in text
    assert sheet.text(0, "problem").input_value() == ""
    assert "[object Object]" not in sheet.page.locator(".zd-checklist").inner_text()
    assert sheet.text(0, "remedy").input_value() == "补办审批"
    assert sheet.text(1, "remedy").input_value() == ""
    sheet.expect_progress(2, 1)

    sheet.text(2, "remedy").fill("x")
    (backup,) = sheet.backups().values()
    assert json.loads(backup)["items"][sheet.items[0]]["problem"] == {"text": "缺少审批单"}


def test_older_version_is_offered_and_imported_item_by_item(sheet, tmp_path):
    old_key = f"zhidu:checklist:{sheet.id}:2000-01-01"
    old = record({sheet.items[0]: {"result": "符合", "problem": "", "remedy": ""},
                  sheet.items[1]: {"result": "不符合", "problem": "旧版记录的问题", "remedy": "旧版整改"},
                  sheet.items[2]: {"result": "不符合", "problem": "不应覆盖", "remedy": ""},
                  f"{sheet.id}.P99": {"result": "符合", "problem": "已删除的检查项", "remedy": ""}})
    current = record({sheet.items[2]: {"result": "基本符合", "problem": "", "remedy": ""}})
    sheet.load({old_key: old, sheet.key: current})

    notice = sheet.notice("version")
    assert (f"本检查表已更新（版本 2000-01-01 → {sheet.version}），本浏览器中有旧版本的填写记录"
            in notice.inner_text())
    assert sheet.select(0).input_value() == "未检查"              # nothing carried over before the user asks
    assert sheet.download("导出旧版本记录", tmp_path).read_text(encoding="utf-8") == old

    notice.get_by_role("button", name="导入旧版本的填写").click()
    text = notice.inner_text()
    assert f"已从版本 2000-01-01 导入 2 项填写；旧版本中有 1 项（{sheet.id}.P99）在本版本中已不存在，未导入" in text
    assert "1 项本版本已有填写，保留本版本的内容" in text
    assert "旧版本记录仍保留在本浏览器中" in text
    assert notice.get_by_role("button", name="导入旧版本的填写").count() == 0
    assert sheet.select(0).input_value() == "符合"
    assert sheet.select(1).input_value() == "不符合"
    assert sheet.text(1, "problem").input_value() == "旧版记录的问题"
    assert sheet.text(1, "remedy").input_value() == "旧版整改"
    assert sheet.select(2).input_value() == "基本符合"
    sheet.expect_progress(3, 1)
    assert sheet.stored(old_key) == old                            # the old record is kept as it was

    sheet.page.reload()
    sheet.expect_progress(3, 1)
    assert "已于" in notice.inner_text() and "导入本版本" in notice.inner_text()
    assert notice.get_by_role("button", name="导入旧版本的填写").count() == 0
    sheet.page.once("dialog", lambda dialog: dialog.accept())
    notice.get_by_role("button", name="删除旧版本记录").click()
    assert sheet.stored(old_key) is None
    sheet.page.reload()
    assert sheet.notice("version").count() == 0
    sheet.expect_progress(3, 1)


def test_clearing_keeps_old_versions_and_backs_up_what_could_not_be_read(sheet):
    old_key = f"zhidu:checklist:{sheet.id}:2000-01-01"
    old = record({sheet.items[0]: {"result": "符合", "problem": "", "remedy": ""}})
    sheet.load({old_key: old, sheet.key: "not json"})
    sheet.page.once("dialog", lambda dialog: dialog.accept())
    sheet.page.click("button[data-action=clear]")
    assert sheet.stored() is None
    assert list(sheet.backups().values()) == ["not json"]
    assert sheet.stored(old_key) == old


def test_csv_export_neutralises_formulas(sheet, tmp_path):
    sheet.load({})
    formula = '=HYPERLINK("http://x")'
    sheet.select(0).select_option("不符合")
    sheet.text(0, "problem").fill(formula)
    sheet.text(0, "remedy").fill("@SUM(1)")
    sheet.text(1, "problem").fill("-2+3")
    sheet.text(1, "remedy").fill("+1")
    sheet.text(2, "problem").fill("\t=1")
    sheet.text(2, "remedy").fill("普通文字，含逗号")
    path = sheet.download("导出表格（CSV）", tmp_path)
    raw = path.read_bytes().decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x"")"' in raw
    cells = list(csv.reader(io.StringIO(raw)))
    assert cells[0] == ["序号", "条款", "检查项", "检查结果", "问题描述", "整改要求", "被检查单位", "检查日期", "检查人"]
    assert cells[1][3:6] == ["不符合", "'" + formula, "'@SUM(1)"]
    assert cells[2][4:6] == ["'-2+3", "'+1"]
    assert cells[3][4:6] == ["'\t=1", "普通文字，含逗号"]
    assert cells[4][3:] == ["未检查", "", "", "", "", ""]


def test_notices_fit_a_phone_screen_and_do_not_print(sheet):
    sheet.page.set_viewport_size({"width": 375, "height": 800})
    sheet.load({sheet.key: record({sheet.items[0]: {"result": "合格", "problem": {"x": 1}, "remedy": ""}}),
                f"zhidu:checklist:{sheet.id}:2000-01-01": record({sheet.items[1]: {"result": "符合"}})})
    assert sheet.notice("stored").is_visible() and sheet.notice("version").is_visible()
    overflow = sheet.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = sheet.page.locator(".zd-notices").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    sheet.page.emulate_media(media="print")
    assert sheet.page.locator(".zd-notices").is_hidden()
    assert sheet.page.locator(".zd-progress").is_visible()


def test_when_no_backup_can_be_made_the_unreadable_record_is_not_overwritten(sheet):
    sheet.page.add_init_script("""(() => {
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (String(key).startsWith("zhidu:checklist-backup:")) throw new DOMException("full", "QuotaExceededError");
            return setItem.call(this, key, value);
        };
    })()""")
    sheet.load({sheet.key: "{broken"})
    sheet.select(0).select_option("符合")
    blocked = sheet.notice("blocked")
    assert "无法备份原有记录" in blocked.inner_text() and "新的填写暂未保存" in blocked.inner_text()
    assert sheet.stored() == "{broken"
    sheet.expect_progress(1)

    sheet.page.once("dialog", lambda dialog: dialog.accept())
    blocked.get_by_role("button", name="放弃原有记录，保存新的填写").click()
    assert blocked.count() == 0
    assert json.loads(sheet.stored())["items"][sheet.items[0]]["result"] == "符合"
    assert "原有记录已按您的选择放弃" in sheet.notice("stored").inner_text()
