"""What every cross-file check shares: a positioned diagnostic, and the lookups of references and
rules that several kinds of record make. Imported by checks.py and checks_standards.py, importing neither."""
from __future__ import annotations

from typing import Iterator

from zhidu.diagnostics import Diagnostic
from zhidu.load.loader import Document


def at(doc: Document, pointer: str, code: str, message: str, severity: str = "error") -> Diagnostic:
    line, column = doc.where(pointer)
    return Diagnostic(doc.path, line, column, code, pointer, message, severity)


def citations_resolve(doc: Document, citations, refs: dict, unchecked: set[str]) -> Iterator[Diagnostic]:
    """Each (pointer, citation) must name an existing reference that is in force or amended."""
    for pointer, citation in citations:
        ref = refs.get(citation["ref"])
        if ref is None and citation["ref"] in unchecked:
            continue
        if ref is None:
            yield at(doc, pointer + "/ref", "unknown-reference",
                      f"上位依据 {citation['ref']} 不存在（应为 standards/references/ 中某个文件的编号）")
        elif ref["status"] == "not_enacted":
            yield at(doc, pointer + "/ref", "not-enacted",
                      f"{ref['title']} 尚未出台，不能作为制定依据")
        elif ref["status"] == "repealed":
            yield at(doc, pointer + "/ref", "repealed-reference",
                      f"{ref['title']} 已废止，请改引现行依据", "warning")


def rules_exist(doc: Document, pointer: str, rule_ids, rules: set[str], unchecked: set[str]) -> Iterator[Diagnostic]:
    for i, rule_id in enumerate(rule_ids):
        if rule_id not in rules and rule_id not in unchecked:
            yield at(doc, f"{pointer}/{i}", "unknown-rule", f"制度 {rule_id} 不存在")
