"""Malformed and hostile inputs. Each case edits the mini registry and names the error it must give.

A case is (name, file, edit, expected), where edit is one of
  ("replace", old, new)   replace text in the fixture file
  ("text", content)       write the whole file as UTF-8 text
  ("bytes", content)      write raw bytes
and expected is (code, line) — the error code and the line it must point at (None: any line) —
or "valid" for inputs that are legitimate and must load.
"""
WU1 = "standards/regulations/wu/WU-001.yaml"
WU2 = "standards/regulations/wu/WU-002.yaml"
REF = "standards/references/REF-test-tiaoli.yaml"
FW = "standards/service-standards/FW-HY.yaml"
ZC7 = "standards/assets/ZC-07.yaml"
CL = "standards/checklists/CL-test.yaml"
GLOSSARY = "standards/glossary.yaml"
TAXONOMY = "standards/taxonomy.yaml"

LAUGHS = "a: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))

CASES = [
    # -- broken YAML -------------------------------------------------------------
    ("unclosed-bracket", WU1, ("replace", "related: [WU-002]", "related: [WU-002"), ("yaml-syntax", None)),
    ("bad-indentation", WU1, ("replace", "    kind: must", "      kind: must"), ("yaml-syntax", 19)),
    ("tab-indentation", WU1, ("replace", "    kind: must", "\tkind: must"), ("yaml-syntax", 19)),
    ("unterminated-quote", WU1, ("replace", "title: 办公用房使用管理办法", "title: \"办公用房使用管理办法"), ("yaml-syntax", None)),
    ("colon-in-plain-scalar", WU1, ("replace", "scope: 本局及所属单位的办公用房。", "scope: 范围: 本局: 所属单位"), ("yaml-syntax", 11)),
    ("duplicate-key", WU1, ("replace", "owner: ZCC", "owner: ZCC\nowner: CSC"), ("duplicate-key", 6)),
    ("duplicate-key-in-provision", WU1, ("replace", "    kind: prohibit", "    kind: prohibit\n    kind: must"), ("duplicate-key", 26)),
    ("empty-file", WU1, ("text", ""), ("empty", 1)),
    ("only-a-comment", WU1, ("text", "# 只有注释\n"), ("empty", 1)),
    ("a-list-not-a-mapping", WU1, ("text", "- id: WU-001\n- title: 办公用房\n"), ("type", 1)),
    ("a-plain-string", WU1, ("text", "办公用房使用管理办法\n"), ("type", 1)),
    ("non-string-key", WU1, ("replace", "tags: [办公用房]", "? [a, b]\n: 值"), ("yaml-key", 32)),
    # -- unsafe YAML -------------------------------------------------------------
    ("billion-laughs", WU1, ("text", LAUGHS), ("yaml-alias", 2)),
    ("python-object-tag", WU1, ("replace", "summary: 规定办公用房的分配、使用和腾退。",
                                "summary: !!python/object/apply:os.system [\"echo pwned\"]"), ("yaml-tag", 10)),
    ("custom-tag", WU1, ("replace", "owner: ZCC", "owner: !dept ZCC"), ("yaml-tag", 5)),
    ("deep-nesting", WU1, ("text", "id: WU-001\nx: " + "[" * 60 + "]" * 60 + "\n"), ("yaml-depth", None)),
    ("deep-nesting-blocks", WU1, ("text", "id: WU-001\n" + "".join(f"{' ' * i}k{i}:\n" for i in range(60)) + " " * 60 + "v: 1\n"),
     ("yaml-depth", None)),
    # -- encodings and bytes -----------------------------------------------------
    ("gbk-bytes", WU1, ("bytes", "id: WU-001\ntitle: 办公用房使用管理办法\n".encode("gbk")), ("encoding", 2)),
    ("utf16-bytes", WU1, ("bytes", "id: WU-001\n".encode("utf-16")), ("encoding", 1)),
    ("utf16-le-without-bom", WU1, ("bytes", "id: WU-001\ntitle: 办公用房\n".encode("utf-16-le")), ("encoding", 1)),
    ("utf16-be-with-bom", WU1, ("bytes", b"\xfe\xff" + "id: WU-001\ntitle: 办公用房\n".encode("utf-16-be")), ("encoding", 1)),
    ("utf16-be-without-bom", WU1, ("bytes", "id: WU-001\ntitle: 办公用房\n".encode("utf-16-be")), ("encoding", 1)),
    ("utf32-le-with-bom", WU1, ("bytes", "id: WU-001\ntitle: 办公用房\n".encode("utf-32")), ("encoding", 1)),
    ("utf32-be-without-bom", WU1, ("bytes", "id: WU-001\ntitle: 办公用房\n".encode("utf-32-be")), ("encoding", 1)),
    ("nul-byte", WU1, ("replace", "scope: 本局及所属单位的办公用房。", "scope: 本局\x00所属单位"), ("encoding", 11)),
    ("control-character", WU1, ("replace", "scope: 本局及所属单位的办公用房。", "scope: 本局\x1f所属单位"), ("encoding", 11)),
    ("bom-is-fine", WU1, ("replace", "id: WU-001", "\ufeffid: WU-001"), "valid"),
    ("crlf-is-fine", WU1, ("crlf",), "valid"),
    ("fifty-megabytes", WU1, ("big", 50 * 1024 * 1024), ("too-large", 1)),
    # -- full-width and look-alike characters where YAML needs ASCII ------------------------
    ("full-width-colon-after-key", WU1, ("replace", "title: 办公用房使用管理办法", "title：办公用房使用管理办法"),
     ("yaml-character", 2)),
    ("full-width-colon-in-provision", WU1, ("replace", "    kind: must", "    kind：must"), ("yaml-character", 19)),
    ("full-width-colon-in-list-item", WU1, ("replace", "  - id: P01", "  - id：P01"), ("yaml-character", 16)),
    ("full-width-colon-last-line", WU1, ("replace", "tags: [办公用房]", "tags：[办公用房]"), ("yaml-character", 32)),
    ("ideographic-space-indentation", WU1, ("replace", "    kind: must", "\u3000\u3000kind: must"), ("yaml-character", 19)),
    ("ideographic-space-in-indentation", WU1, ("replace", "    kind: must", "  \u3000kind: must"), ("yaml-character", 19)),
    ("no-break-space-indentation", WU1, ("replace", "    kind: must", "  \u00a0\u00a0kind: must"), ("yaml-character", 19)),
    ("no-break-space-before-top-key", WU1, ("replace", "owner: ZCC", "\u00a0owner: ZCC"), ("yaml-character", 5)),
    ("ideographic-space-in-key", WU1, ("replace", "owner: ZCC", "owner\u3000: ZCC"), ("yaml-character", 5)),
    ("full-width-dash-list-marker", WU1, ("replace", "  - id: P02", "  \uff0d id: P02"), ("yaml-character", 23)),
    ("full-width-dash-in-basis", WU1, ("replace", "  - ref: REF-test-tiaoli", "  \uff0d ref: REF-test-tiaoli"),
     ("yaml-character", 13)),
    ("em-dash-list-marker", WU1, ("replace", "  - id: P02", "  \u2014 id: P02"), ("yaml-character", 23)),
    ("full-width-colon-in-text-is-fine", WU1, ("replace", "scope: 本局及所属单位的办公用房。", "scope: 范围：本局及所属单位的办公用房。"),
     "valid"),
    ("full-width-spaces-in-block-text-are-fine", WU1,
     ("replace", "    text: 不得擅自改变办公用房用途。",
      "    text: |\n      \u3000\u3000第一条\u3000不得擅自改变办公用房用途。\n      \u3000\u3000第二条：说明：见附件。"), "valid"),
    # -- wrong types and fields ----------------------------------------------------
    ("number-for-text", WU1, ("replace", "category: 办公用房", "category: 123"), ("type", 4)),
    ("text-for-number", WU1, ("replace", "review_cycle_months: 24", "review_cycle_months: 两年"), ("type", 9)),
    ("string-for-boolean", WU1, ("replace", "    checkable: true\n    evidence: [办公用房使用台账]",
                                 "    checkable: 是\n    evidence: [办公用房使用台账]"), ("type", 20)),
    ("list-for-text", WU1, ("replace", "scope: 本局及所属单位的办公用房。", "scope: [本局, 所属单位]"), ("type", 11)),
    ("unknown-field", WU1, ("replace", "owner: ZCC", "owner: ZCC\nowners: CSC"), ("unknown-field", 6)),
    ("misspelt-field", WU1, ("replace", "summary:", "sumary:"), ("unknown-field", 10)),
    ("missing-required", WU1, ("replace", "scope: 本局及所属单位的办公用房。\n", ""), ("required", 1)),
    ("empty-title", WU1, ("replace", "title: 办公用房使用管理办法", "title: \"  \""), ("empty", 2)),
    ("unknown-status", WU1, ("replace", "status: in_force", "status: active"), ("enum", 6)),
    ("checkable-without-evidence", WU2, ("replace", "    evidence: [入库单]\n", ""), ("required", 15)),
    ("star-level-missing", FW, ("replace", "    star: 2\n", ""), ("required", 20)),
    # -- ids -----------------------------------------------------------------------
    ("path-traversal-id", WU1, ("replace", "id: WU-001", "id: ../../etc/passwd"), ("format", 1)),
    ("full-width-digits-in-id", WU1, ("replace", "id: WU-001", "id: WU-００１"), ("format", 1)),
    ("lowercase-id", WU1, ("replace", "id: WU-001", "id: wu-001"), ("format", 1)),
    ("id-not-file-name", WU1, ("replace", "id: WU-001", "id: WU-009"), ("file-name", 1)),
    ("duplicate-id", WU2, ("replace", "id: WU-002", "id: WU-001"), ("duplicate-id", 1)),
    ("reference-path-traversal", WU1, ("replace", "  - ref: REF-test-tiaoli", "  - ref: REF-../../secret"), ("format", 13)),
    # -- broken references and cycles --------------------------------------------------
    ("unknown-reference", WU1, ("replace", "  - ref: REF-test-tiaoli", "  - ref: REF-test-nowhere"), ("unknown-reference", 13)),
    ("not-enacted-basis", WU1, ("replace", "  - ref: REF-test-tiaoli", "  - ref: REF-test-caoan"), ("not-enacted", 13)),
    ("unknown-related-rule", WU1, ("replace", "related: [WU-002]", "related: [WU-099]"), ("unknown-rule", 28)),
    ("self-reference", WU1, ("replace", "related: [WU-002]", "related: [WU-001]"), ("self-reference", 28)),
    ("supersedes-cycle", WU2, ("replace", "supersedes: WU-003", "supersedes: WU-003\nsuperseded_by: WU-003"),
     ("supersedes-cycle", 21)),
    ("profile-missing-provision", CL, ("replace", "[WU-002.P01]", "[WU-002.P09]"), ("unknown-provision", 7)),
    ("stage-rule-missing", ZC7, ("replace", "    rules: [WU-002]\n  use", "    rules: [WU-404]\n  use"), ("unknown-rule", 17)),
    # -- impossible dates ------------------------------------------------------------
    ("february-30", WU1, ("replace", "issued: 2024-01-10", "issued: 2024-02-30"), ("invalid-date", 7)),
    ("month-13", WU1, ("replace", "issued: 2024-01-10", "issued: 2024-13-10"), ("format", 7)),
    ("slashed-date", WU1, ("replace", "issued: 2024-01-10", "issued: 2024/01/10"), ("format", 7)),
    ("effective-before-issued", WU1, ("replace", "effective: 2024-02-01", "effective: 2023-12-01"), ("date-order", 8)),
    ("revision-before-issue", WU1, ("replace", "  - date: 2024-01-10", "  - date: 2023-01-10"), ("date-order", 30)),
]
