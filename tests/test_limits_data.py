"""Numbers as data: the figures of provisions as typed `limits`, checked against the text, the glossary's
list of subjects and each other; and 应当/不得 provisions that do not say who acts or by when."""
import pytest

from zhidu.validate.limits import chinese_number, numbers_in

GLOSSARY = "standards/glossary.yaml"
WU1 = "standards/regulations/wu/WU-001.yaml"
WU2 = "standards/regulations/wu/WU-002.yaml"
SUBJECTS = """
limit_subjects:
  - subject: 入库时限
    unit: 日
  - subject: 台账更新频次
    unit: 次/年
"""


def _warnings(project, code):
    from zhidu.pipeline import validate
    return [d for d in validate(project.root).diagnostics if d.code == code]


@pytest.mark.parametrize("text, value", [("三十", 30), ("一百二十", 120), ("两万", 20000), ("十五", 15),
                                         ("三千零五", 3005), ("九", 9)])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_numbers_in_text_arabic_chinese_full_width_and_percent():
    assert numbers_in("在３０日内办理，每年两次，满意率不低于85%，借阅期限一般不超过十五个工作日，0.5小时") >= {
        30.0, 2.0, 85.0, 15.0, 0.5}
    assert 12.0 not in numbers_in("一二三")          # a list of digits is not the number twelve


def test_limit_with_known_subject_unit_and_figure_in_text_passes(mini):
    mini.write(GLOSSARY, mini.read(GLOSSARY) + SUBJECTS)
    mini.edit(WU2, "    evidence: [入库单]\n",
              "    evidence: [入库单]\n    limits:\n      - {subject: 入库时限, value: 30, unit: 日, bound: max}\n")
    assert mini.errors() == []
    from zhidu.pipeline import validate
    provision = validate(mini.root).registry.rules["WU-002"].provisions[0]
    assert provision.limits[0].text == "入库时限不超过 30 日"


def test_unknown_subject_wrong_unit_and_figure_not_in_text_are_errors_where_they_stand(mini):
    mini.write(GLOSSARY, mini.read(GLOSSARY) + SUBJECTS)
    mini.edit(WU2, "    evidence: [入库单]\n",
              "    evidence: [入库单]\n    limits:\n"
              "      - {subject: 出库时限, value: 30, unit: 日, bound: max}\n"
              "      - {subject: 入库时限, value: 30, unit: 工作日, bound: max}\n"
              "      - {subject: 入库时限, value: 15, unit: 日, bound: max}\n")
    unknown = mini.only_error("unknown-limit-subject")
    assert (unknown.path, unknown.line) == (WU2, 21) and "出库时限" in unknown.message and "limit_subjects" in unknown.message
    unit = mini.only_error("limit-unit")
    assert unit.line == 22 and "“日”" in unit.message and "“工作日”" in unit.message
    missing = mini.only_error("limit-not-in-text")
    assert missing.line == 23 and "15" in missing.message and "P01" in missing.message


def test_two_rules_in_force_with_different_figures_for_one_subject_warn_at_both(mini):
    mini.write(GLOSSARY, mini.read(GLOSSARY) + SUBJECTS)
    mini.edit(WU1, "每年12月31日前更新一次。", "每年12月31日前更新一次，6月30日前再核对一次，全年2次。")
    mini.edit(WU1, "    evidence: [办公用房使用台账]\n",
              "    evidence: [办公用房使用台账]\n    limits:\n      - {subject: 台账更新频次, value: 2, unit: 次/年, bound: min}\n")
    mini.edit(WU2, "闲置资产应当在30日内办理入库。", "资产处对闲置资产应当在30日内办理入库，入库台账每年更新1次。")
    mini.edit(WU2, "    evidence: [入库单]\n",
              "    evidence: [入库单]\n    limits:\n      - {subject: 台账更新频次, value: 1, unit: 次/年, bound: min}\n")
    assert mini.errors() == []
    conflicts = _warnings(mini, "limit-conflict")
    assert {d.path for d in conflicts} == {WU1, WU2} and len(conflicts) == 2
    first = next(d for d in conflicts if d.path == WU1)
    assert "WU-002 P01" in first.message and f"{WU2}:" in first.message and "不少于 1" in first.message
    # the same figure in both: no warning
    mini.edit(WU2, "入库台账每年更新1次。", "入库台账每年更新2次。")
    mini.edit(WU2, "value: 1, unit: 次/年", "value: 2, unit: 次/年")
    assert _warnings(mini, "limit-conflict") == []


def test_must_provision_without_who_or_when_is_named(mini):
    vague = _warnings(mini, "vague-provision")
    assert [(d.path, d.pointer) for d in vague] == [(WU1, "/provisions/1/text"), (WU2, "/provisions/0/text")]
    assert "不得条款" in vague[0].message and "应当条款" in vague[1].message
    assert "由谁办理" in vague[1].message and "时限" not in vague[1].message     # 30日内 is a time
    mini.edit(WU1, "不得擅自改变办公用房用途。", "使用单位不得擅自改变办公用房用途。")
    mini.edit(WU2, "闲置资产应当在30日内办理入库。", "资产处对闲置资产应当在30日内办理入库。")
    assert _warnings(mini, "vague-provision") == []


def test_the_registry_states_its_figures_consistently(registry):
    from zhidu.pipeline import validate
    from conftest import PROJECT
    found = [d for d in validate(PROJECT).diagnostics
             if d.code in ("limit-conflict", "limit-not-in-text", "unknown-limit-subject", "limit-unit")]
    assert found == [], [d.text() for d in found]


@pytest.mark.build
def test_limits_page_lists_each_figure_by_subject_with_its_provision(built, registry):
    html = (built / "site/regulations/limits/index.html").read_text(encoding="utf-8")
    for rule in registry.rules.values():
        for provision in rule.provisions:
            for limit in provision.limits:
                assert f'href="../{rule.slug}/#{provision.id.lower()}"' in html, (rule.id, provision.id)
                assert f">{limit.subject}<" in html and f"<td>{limit.figure}</td>" in html
    row = html[html.index(">投诉受理时限<"):]
    assert row.index("<td>不超过 1 个工作日</td>") < row.index("</tr>")


@pytest.mark.build
def test_checklists_show_the_figures_to_check(built, registry):
    from zhidu.model.checklists import all_checklists
    checklists = {c.id: c for c in all_checklists(registry)}
    rule = registry.rules["SHI-026"]
    provision = next(p for p in rule.provisions if any(x.subject == "投诉受理时限" for x in p.limits))
    item = next(i for i in checklists["SHI-026"].items if i.clause_id == provision.id)
    assert "核对时限与标准：投诉受理时限不超过 1 个工作日" in item.method
    import openpyxl
    book = openpyxl.load_workbook(built / "site/downloads/checklists/shi-026.xlsx")
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("投诉受理时限不超过 1 个工作日" in text for text in cells)


@pytest.mark.build
def test_editors_page_counts_what_the_validator_warns(built):
    from zhidu.pipeline import validate
    vague = [d for d in validate(built).diagnostics if d.code == "vague-provision"]
    html = (built / "site/editors/index.html").read_text(encoding="utf-8")
    assert f'没有写明由谁办理或办理时限的应当、不得条款</a></td>\n<td>{len(vague)}</td>' in html
    section = html[html.index('id="vague"'):html.index('id="stale"')]
    assert section.count("<li>") == len(vague)
