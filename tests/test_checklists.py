"""Checklists: what the selectors pick, how items trace back, and profile errors with file:line."""
from zhidu.model.checklists import RESULTS, all_checklists, select
from zhidu.pipeline import validate

PROFILE = "standards/checklists/CL-test.yaml"
DAY = "2026-01-01"


def registry(project):
    result = validate(project.root)
    assert result.registry is not None, [d.text() for d in result.errors]
    return result.registry


def keys(picked):
    return [f"{rule.id}.{provision.id}" for rule, provision in picked]


def test_selectors_keep_order_skip_repeats_exclusions_and_repealed_rules(mini):
    rules = registry(mini).rules
    assert keys(select([("provisions", ("WU-002.P01",)), ("domain", "WU")], (), rules, DAY)) == \
        ["WU-002.P01", "WU-001.P01", "WU-001.P02"]                    # WU-003 is repealed: left out
    assert keys(select([("domain", "WU")], ("WU-001.P02",), rules, DAY)) == ["WU-001.P01", "WU-002.P01"]
    assert keys(select([("stage", "use")], (), rules, DAY)) == ["WU-001.P01"]
    assert keys(select([("tag", "办公用房")], (), rules, DAY)) == ["WU-001.P01", "WU-001.P02"]
    assert keys(select([("category", "公物仓")], (), rules, DAY)) == ["WU-002.P01"]
    assert keys(select([("department", "ZCC")], (), rules, DAY)) == ["WU-001.P01", "WU-001.P02", "WU-002.P01"]


def test_every_active_rule_and_profile_gets_a_checklist(mini):
    checklists = {c.id: c for c in all_checklists(registry(mini))}
    assert {c for c in checklists if c.startswith(("CL-", "WU-"))} == {"CL-test", "WU-001", "WU-002"}  # not repealed WU-003
    profile = checklists["CL-test"]
    assert (profile.version, profile.registry_date) == ("1.2", "2024-03-01")
    assert [i.key for i in profile.items] == ["WU-002.P01", "WU-001.P01"]
    assert [i.number for i in profile.items] == [1, 2]


def test_items_trace_to_provision_rule_and_upper_level_article(mini):
    item = next(c for c in all_checklists(registry(mini)) if c.id == "WU-001").items[0]
    assert item.check == "使用台账：资产处应当建立办公用房使用台账，每年12月31日前更新一次。"
    assert item.method == "查阅/核对：办公用房使用台账"
    assert item.rule_basis == "WU-001《办公用房使用管理办法》P01"
    assert item.upper_basis == "《测试条例》第十七条"
    assert RESULTS == ("符合", "基本符合", "不符合", "不适用", "未检查")


def test_profile_pointing_at_missing_provision_fails_with_file_and_line(mini):
    mini.edit(PROFILE, "[WU-002.P01]", "[WU-002.P09]")
    d = mini.only_error("unknown-provision")
    assert (d.path, d.line, d.pointer) == (PROFILE, 7, "/select/0/provisions/0")
    assert "制度 WU-002 中没有条款 P09" in d.message


def test_profile_cannot_take_unchecked_or_repealed_provisions(mini):
    mini.edit(PROFILE, "[WU-002.P01]", "[WU-003.P01]")
    assert "未标注为可检查" in mini.only_error("unknown-provision").message


def test_profile_selector_that_finds_nothing(mini):
    mini.edit(PROFILE, "  - domain: WU", "  - tag: 不存在的标签")
    d = mini.only_error("empty-selector")
    assert d.line == 8 and "选不出" in d.message


def test_profile_unknown_rule_department_and_exclusion(mini):
    mini.edit(PROFILE, "  - domain: WU", "  - rules: [WU-404]\n  - department: XYZ")
    mini.edit(PROFILE, "exclude: [WU-001.P02]", "exclude: [WU-001.P07]")
    codes = {d.code: d for d in validate(mini.root).errors}
    assert codes["unknown-rule"].pointer == "/select/1/rules/0"
    assert codes["unknown-department"].pointer == "/select/2/department"
    assert codes["unknown-provision"].pointer == "/exclude/0"


def test_profile_selector_has_one_kind_only(mini):
    mini.edit(PROFILE, "  - domain: WU", "  - domain: WU\n    tag: 办公用房")
    d = mini.only_error("too-many-fields")
    assert d.path == PROFILE and d.line == 8 and "只能写 1 个字段" in d.message


def test_dates_decide_status_everywhere(mini):
    """A rule still marked in_force whose repeal date has passed is repealed on every output:
    no checklist, not in any profile, not in the compendium, 已废止 in the catalogue."""
    import io

    import openpyxl

    from zhidu.export.catalogue import catalogue_bytes
    from zhidu.export.compendium import compendium_context
    from zhidu.settings import Bureau
    mini.edit("standards/regulations/wu/WU-001.yaml", "effective: 2024-02-01", "effective: 2024-02-01\nrepealed: 2025-06-30")
    reg = registry(mini)
    assert reg.rules["WU-001"].status == "in_force" and reg.rules["WU-001"].status_on(DAY) == "repealed"
    checklists = {c.id: c for c in all_checklists(reg, DAY)}
    assert "WU-001" not in checklists
    assert all(not i.key.startswith("WU-001.") for c in checklists.values() for i in c.items)
    assert "WU-001" in {c.id for c in all_checklists(reg, "2025-01-01")}     # before the repeal date it was in force
    in_compendium = {r.id for _, rules in compendium_context(reg, "2024-03-01", "局", DAY)["groups"] for r in rules}
    assert "WU-002" in in_compendium and "WU-001" not in in_compendium
    book = openpyxl.load_workbook(io.BytesIO(catalogue_bytes(reg, Bureau("局", "", "", ""), "2024-03-01", DAY)))
    row = next(r for r in book["制度"].iter_rows(values_only=True) if r[0] == "WU-001")
    assert row[5] == "已废止"
