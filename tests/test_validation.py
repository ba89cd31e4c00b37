"""Every validation rule, each with a fixture that breaks it: file, line and message asserted."""
import pytest

from zhidu.pipeline import validate

WU1 = "standards/regulations/wu/WU-001.yaml"
WU2 = "standards/regulations/wu/WU-002.yaml"
WU3 = "standards/regulations/wu/WU-003.yaml"


def test_the_mini_registry_is_valid(mini):
    result = validate(mini.root)
    assert result.errors == []
    assert set(result.registry.rules) == {"WU-001", "WU-002", "WU-003"}


# -- schema --------------------------------------------------------------------

def test_unknown_provision_kind(mini):
    mini.edit(WU1, "kind: must", "kind: shall")
    d = mini.only_error("enum")
    assert (d.path, d.line, d.column, d.pointer) == (WU1, 19, 11, "/provisions/0/kind")
    assert "“shall”不是允许的值" in d.message and "must 应当" in d.message


def test_missing_required_field(mini):
    mini.edit(WU1, "owner: ZCC\n", "")
    d = mini.only_error("required")
    assert d.path == WU1 and d.line == 1 and "缺少必填字段“owner”" in d.message


def test_unknown_field_suggests_the_right_name(mini):
    mini.edit(WU1, "scope:", "scop:")
    found = {d.code: d for d in mini.errors()}
    assert found["unknown-field"].line == 11
    assert "是否想写“scope”" in found["unknown-field"].message
    assert "缺少必填字段“scope”" in found["required"].message


def test_wrong_type(mini):
    mini.edit(WU1, "review_cycle_months: 24", "review_cycle_months: 两年")
    d = mini.only_error("type")
    assert d.line == 9 and "应为整数" in d.message


def test_checkable_provision_needs_evidence(mini):
    mini.edit(WU2, "    evidence: [入库单]\n", "")
    d = mini.only_error("required")
    assert d.path == WU2 and d.pointer == "/provisions/0" and "evidence" in d.message


def test_date_format(mini):
    mini.edit(WU1, "issued: 2024-01-10", "issued: 2024/01/10")
    d = mini.only_error("format")
    assert d.line == 7 and "YYYY-MM-DD" in d.message


def test_repealed_status_needs_a_repeal_date(mini):
    mini.edit(WU3, "repealed: 2024-03-01\n", "")
    d = mini.only_error("required")
    assert d.path == WU3 and "repealed" in d.message


def test_yml_extension_and_wrong_location(mini):
    mini.write("standards/regulations/wu/WU-009.yml", "id: WU-009\n")
    mini.write("standards/WU-010.yaml", "id: WU-010\n")
    codes = {d.code: d.path for d in mini.errors()}
    assert codes["file-name"] == "standards/regulations/wu/WU-009.yml"
    assert codes["file-location"] == "standards/WU-010.yaml"


# -- cross-file ------------------------------------------------------------------

def test_duplicate_id(mini):
    mini.write("standards/regulations/wu/WU-004.yaml", mini.read(WU2))
    found = [d for d in mini.errors() if d.code == "duplicate-id"]
    assert len(found) == 1 and "WU-002" in found[0].message and found[0].line == 1


def test_file_name_must_equal_id(mini):
    mini.path(WU2).rename(mini.path("standards/regulations/wu/WU-022.yaml"))
    d = mini.only_error("file-name")
    assert d.path.endswith("WU-022.yaml") and "WU-002.yaml" in d.message


def test_domain_folder_and_prefix(mini):
    text = mini.read(WU1).replace("domain: WU", "domain: CAI")
    mini.write(WU1, text)
    codes = {d.code for d in mini.errors()}
    assert {"domain-mismatch", "domain-folder"} <= codes


def test_unknown_reference(mini):
    mini.edit(WU1, "  - ref: REF-test-tiaoli", "  - ref: REF-nope")
    d = mini.only_error("unknown-reference")
    assert (d.line, d.column, d.pointer) == (13, 10, "/basis/0/ref") and "REF-nope" in d.message


def test_not_enacted_reference_cannot_be_basis(mini):
    mini.edit(WU1, "  - ref: REF-test-tiaoli", "  - ref: REF-test-caoan")
    d = mini.only_error("not-enacted")
    assert d.line == 13 and "尚未出台" in d.message


def test_unknown_related_rule(mini):
    mini.edit(WU1, "related: [WU-002]", "related: [WU-099]")
    d = mini.only_error("unknown-rule")
    assert d.pointer == "/related/0" and "WU-099" in d.message


def test_unknown_department_and_stage(mini):
    mini.edit(WU1, "owner: ZCC", "owner: XYZ")
    mini.edit(WU1, "stages: [use]", "stages: [usage]")
    codes = {d.code: d for d in mini.errors()}
    assert codes["unknown-department"].line == 5
    assert codes["unknown-stage"].pointer == "/provisions/0/stages/0"


def test_supersedes_must_be_symmetric(mini):
    mini.edit(WU2, "supersedes: WU-003\n", "")
    d = mini.only_error("supersedes-asymmetric")
    assert d.path == WU3 and "WU-002" in d.message


def test_supersedes_cycle(mini):
    mini.edit(WU2, "supersedes: WU-003\n", "supersedes: WU-003\nsuperseded_by: WU-003\n")
    mini.edit(WU3, "superseded_by: WU-002\n", "superseded_by: WU-002\nsupersedes: WU-002\n")
    found = [d for d in mini.errors() if d.code == "supersedes-cycle"]
    assert found and "→" in found[0].message


def test_dates_ordered(mini):
    mini.edit(WU1, "effective: 2024-02-01", "effective: 2023-12-01")
    d = mini.only_error("date-order")
    assert d.line == 8 and "早于印发日期" in d.message


def test_impossible_calendar_date(mini):
    mini.edit(WU1, "effective: 2024-02-01", "effective: 2023-02-30")
    d = mini.only_error("invalid-date")
    assert d.line == 8 and "2023-02-30" in d.message


def test_revisions_in_order(mini):
    mini.edit(WU3, "  - date: 2024-03-01\n    note: 废止", "  - date: 2019-03-01\n    note: 废止")
    assert {d.code for d in mini.errors()} == {"date-order"}


def test_provision_ids_unique(mini):
    mini.edit(WU1, "  - id: P02", "  - id: P01")
    d = mini.only_error("duplicate-provision")
    assert d.line == 23 and "P01" in d.message


def test_glossary_terms_unique(mini):
    mini.edit("standards/glossary.yaml", "  - term: 办公用房", "  - term: 公物仓")
    d = mini.only_error("duplicate-term")
    assert d.path == "standards/glossary.yaml" and d.line == 5


def test_domain_totals_warn_then_fail_when_complete_is_required(mini):
    warnings = [d for d in validate(mini.root).diagnostics if d.code == "domain-total"]
    assert len(warnings) == 5 and all(d.severity == "warning" for d in warnings)
    assert any("目标 52 项制度，现有 3 项" in d.message for d in warnings)
    strict = [d for d in mini.errors(require_complete=True) if d.code == "domain-total"]
    assert len(strict) == 5


@pytest.mark.parametrize("text", ["id: [\n", "a:\n\tb: 1\n", "id: WU-001\nid: WU-002\n"])
def test_broken_file_does_not_stop_the_others(mini, text):
    mini.write("standards/regulations/wu/WU-004.yaml", text)
    result = validate(mini.root)
    assert [d.path for d in result.errors] == ["standards/regulations/wu/WU-004.yaml"]


def test_an_entry_with_schema_errors_is_not_reported_missing_elsewhere(mini):
    mini.edit(WU2, "kind: must", "kind: shall")
    assert [d.code for d in mini.errors()] == ["enum"]   # WU-001 related and WU-003 superseded_by stay quiet
