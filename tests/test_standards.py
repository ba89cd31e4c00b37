"""Service standards and asset categories: schema and cross-file errors, totals, scoring, pages."""
import io

import openpyxl
import pytest

from zhidu.render.generate import generate
from zhidu.model.checklists import all_checklists
from zhidu.export.xlsx import xlsx_bytes
from zhidu.model.records import StarLevel
from zhidu.pipeline import validate
from zhidu.model.scoring import rate

FW = "standards/service-standards/FW-HY.yaml"
ZC1 = "standards/assets/ZC-01.yaml"
ZC7 = "standards/assets/ZC-07.yaml"
TAXONOMY = "standards/taxonomy.yaml"
LEVELS = (StarLevel(1, "一星", 60), StarLevel(2, "二星", 70), StarLevel(3, "三星", 80), StarLevel(4, "四星", 90))


def test_the_fixture_loads_both_registries(mini):
    registry = validate(mini.root).registry
    assert [c.star for c in registry.services["FW-HY"].clauses] == [1, 2, 4]
    assets = registry.assets
    assert [s.id for s in assets["ZC-01"].stages] == [
        "ownership", "allocation", "use", "maintenance", "disposal", "statistics", "rules", "archives"]
    assert [s.is_gap for s in assets["ZC-01"].stages].count(True) == 5
    assert assets["ZC-07"].pool.functions == (("调剂", "调剂给需要的单位。"),)
    assert registry.services_for("WU-002") == [registry.services["FW-HY"]]
    assert [(a.id, s.id) for a, s in registry.stages_for("WU-001")] == [
        ("ZC-01", "ownership"), ("ZC-01", "allocation"), ("ZC-01", "use")]


# -- schema --------------------------------------------------------------------

def test_a_clause_without_star_level(mini):
    mini.edit(FW, "    star: 2\n", "")
    d = mini.only_error("required")
    assert (d.path, d.line, d.pointer) == (FW, 20, "/clauses/1")
    assert "缺少必填字段“star”" in d.message


def test_star_level_out_of_range(mini):
    mini.edit(FW, "star: 4", "star: 5")
    d = mini.only_error("range")
    assert (d.path, d.line, d.pointer) == (FW, 32, "/clauses/2/star") and "不能大于 4" in d.message


def test_a_stage_neither_described_nor_marked_as_gap(mini):
    mini.edit(ZC7, "  use: {gap: 测试用缺口。}\n", "  use: {}\n")
    d = mini.only_error("one-of")
    assert (d.path, d.line, d.pointer) == (ZC7, 18, "/stages/use")
    assert "写 requirements；或者写 gap" in d.message


def test_a_stage_both_described_and_marked_as_gap(mini):
    mini.edit(ZC7, "    rules: [WU-002]\n", "    rules: [WU-002]\n    gap: 又写了缺口。\n")
    d = mini.only_error("one-of")
    assert d.pointer == "/stages/allocation"


def test_a_missing_stage(mini):
    mini.edit(ZC7, "  archives: {gap: 测试用缺口。}\n", "")
    d = mini.only_error("required")
    assert d.path == ZC7 and d.pointer == "/stages" and "archives" in d.message


# -- cross-file ------------------------------------------------------------------

def test_clause_rule_must_exist(mini):
    mini.edit(FW, "rules: [WU-002]", "rules: [WU-099]")
    d = mini.only_error("unknown-rule")
    assert (d.path, d.line, d.pointer) == (FW, 35, "/clauses/2/rules/0") and "WU-099 不存在" in d.message


def test_clause_basis_must_exist(mini):
    mini.edit(FW, "      - ref: REF-test-tiaoli\n", "      - ref: REF-test-nowhere\n")
    d = mini.only_error("unknown-reference")
    assert (d.path, d.pointer) == (FW, "/clauses/1/basis/0/ref")


def test_stage_rule_must_exist(mini):
    mini.edit(ZC7, "    rules: [WU-002]\n  use", "    rules: [WU-404]\n  use")
    d = mini.only_error("unknown-rule")
    assert (d.path, d.pointer) == (ZC7, "/stages/allocation/rules/0")


def test_clause_ids_carry_the_standard_id(mini):
    mini.edit(FW, "id: FW-HY-03", "id: FW-CY-03")
    d = mini.only_error("clause-prefix")
    assert d.pointer == "/clauses/2/id"


def test_clause_total_per_area_is_enforced(mini):
    mini.edit(TAXONOMY, "    target: 3\nservice_clause_total: 3", "    target: 4\nservice_clause_total: 4")
    found = [d for d in mini.errors() if d.code == "service-total"]
    assert [d.pointer for d in found] == ["/service_areas/0/target", "/service_clause_total"]
    assert "应有 4 条，现有 3 条" in found[0].message and found[0].path == TAXONOMY


def test_overall_total_must_add_up(mini):
    mini.edit(TAXONOMY, "service_clause_total: 3", "service_clause_total: 106")
    d = mini.only_error("service-total")
    assert "之和为 3，与总数 106 不一致" in d.message


def test_every_declared_category_needs_a_file(mini):
    mini.path(ZC1).unlink()
    d = mini.only_error("missing-entry")
    assert d.path == TAXONOMY and "ZC-01（房产）" in d.message and "standards/assets/ZC-01.yaml" in d.message


def test_the_pool_category_must_describe_the_pool(mini):
    text = mini.read(ZC7)
    mini.write(ZC7, text[:text.index("pool:")])
    d = mini.only_error("pool-missing")
    assert d.path == ZC7 and "建设方式" in d.message


def test_name_must_match_the_taxonomy(mini):
    mini.edit(FW, "area: 会议服务", "area: 会务服务")
    d = mini.only_error("name-mismatch")
    assert d.pointer == "/area" and "会议服务" in d.message


# -- scoring ---------------------------------------------------------------------

ITEMS = [(1, 6), (2, 4), (4, 10)]    # the fixture's clauses: (star, points)


@pytest.mark.parametrize("results, level, rates", [
    (["符合", "符合", "符合"], 4, [100, 100, 100, 100]),
    (["符合", "符合", "不符合"], 3, [100, 100, 100, 50]),             # 四星 needs 90%
    (["基本符合", "符合", "符合"], 0, [50, 70, 70, 85]),            # 一星 50% < 60%: nothing above it counts
    (["符合", "基本符合", "不适用"], 3, [100, 80, 80, 80]),         # 不适用 leaves 四星 unblocked at 80% < 90%
    (["符合", "不符合", "符合"], 1, [100, 60, 60, 80]),             # 二星 60% < 70% blocks 三星 and 四星
    (["未检查", "未检查", "未检查"], 0, [0, 0, 0, 0]),
    (["不适用", "不适用", "不适用"], 4, [100, 100, 100, 100]),
])
def test_star_rating(results, level, rates):
    rating = rate(ITEMS, results, LEVELS)
    assert [round(s.rate) for s in rating.levels] == rates
    assert rating.level == level


def test_rating_names():
    assert rate(ITEMS, ["符合"] * 3, LEVELS).name == "四星"
    assert rate(ITEMS, ["不符合"] * 3, LEVELS).name == "未达到一星"


def test_scoring_sheet_columns_and_formulas(mini):
    sheet_of = {c.id: c for c in all_checklists(validate(mini.root).registry)}
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheet_of["FW-HY"]))).active
    assert [c.value for c in sheet[5]] == ["序号", "检查项", "检查方法与依据材料", "标准依据", "上位依据", "星级",
                                           "分值", "检查结果", "得分", "问题描述", "整改要求"]
    assert [sheet.cell(r, 6).value for r in (6, 7, 8)] == [1, 2, 4]
    assert [sheet.cell(r, 7).value for r in (6, 7, 8)] == [6, 4, 10]
    assert sheet["I6"].value == '=IF(H6="符合",G6*1.0,IF(H6="基本符合",G6*0.5,0))'
    labels = {sheet.cell(r, 2).value: r for r in range(9, 21)}
    four = labels["四星"]
    assert sheet.cell(four, 3).value == '=SUMPRODUCT(($F$6:$F$8<=4)*($H$6:$H$8<>"不适用")*$G$6:$G$8)'
    assert sheet.cell(four, 6).value == 0.9
    result = sheet.cell(labels["评定星级"], 3).value
    assert result.startswith("=CHOOSE(IF(G") and '"未达到一星","一星","二星","三星","四星"' in result


def test_pages_mark_gaps_and_link_every_covered_cell(mini):
    registry = validate(mini.root).registry
    generate(registry, mini.root, "2026-01-01")
    matrix = mini.read(".zhidu/files/assets/lifecycle.md")
    rows = [line for line in matrix.splitlines() if line.startswith("| [")]
    assert len(rows) == 2
    cells = [cell.strip() for cell in rows[0].strip().strip("|").split("|")][1:]
    assert len(cells) == 8
    assert "[要求 1 条](zc-01.md#ownership)" in cells[0]
    assert r'[办公用房使用管理办法](../regulations/wu-001.md "WU\-001")' in cells[0]      # the title, the id on hover
    assert "[检查表](../checklists/zc-01-ownership.md)" in cells[0]
    assert cells[3] == '<span class="zd-gap">缺口</span>'
    assert "缺口 12 格，已覆盖 4 格" in matrix
    page = mini.read(".zhidu/files/service-standards/fw-hy.md")
    assert r"### FW\-HY\-03 满意度 { #fw-hy-03 }" in page and "四星起适用" in page
    overview = mini.read(".zhidu/files/service-standards/index.md")
    assert "| [会议服务](fw-hy.md) | 3 | 1 | 1 | 0 | 1 | 20 |" in overview
