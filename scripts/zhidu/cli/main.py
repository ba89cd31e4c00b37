"""The `zhidu` command: validate, build, checklist, export, diff, apply, new, stats."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from zhidu.diagnostics import format_diagnostics
from zhidu.vocabulary import PENDING, RULE_STATUSES, STATUS_LABELS

from zhidu.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE


def _root(args) -> Path:
    from zhidu.pipeline import find_root
    return find_root(Path(args.root) if args.root else None)


def cmd_validate(args) -> int:
    from zhidu.pipeline import validate
    root = _root(args)
    wanted = set()
    for given in args.paths:
        path = Path(given).resolve()
        if not path.is_file():
            print(f"zhidu: 找不到文件 {given}", file=sys.stderr)
            return EXIT_USAGE
        try:
            wanted.add(path.relative_to(root).as_posix())
        except ValueError:
            print(f"zhidu: {given} 不在项目目录 {root} 中", file=sys.stderr)
            return EXIT_USAGE
    result = validate(root, require_complete=args.require_complete)
    shown = [d for d in result.diagnostics if not wanted or d.path in wanted]
    errors = [d for d in shown if d.severity == "error"]
    if args.format == "json":
        print(format_diagnostics(shown, "json"))
    elif shown:
        print(format_diagnostics(shown, args.format))
    if args.format == "text":
        warnings = len(shown) - len(errors)
        verdict = "校验通过" if not errors else "校验未通过"
        print(f"{verdict}：{len(errors)} 个错误，{warnings} 个警告", file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK


def cmd_build(args) -> int:
    from zhidu.cli.build import build_site
    return build_site(_root(args), Path(args.site_dir) if args.site_dir else None, force=args.force,
                      archive=Path(args.zip) if args.zip else None)


def cmd_checklist(args) -> int:
    from zhidu.model.checklists import all_checklists, combine
    from zhidu.pipeline import validate
    result = validate(_root(args))
    if result.registry is None:
        print(format_diagnostics(result.errors, "text"), file=sys.stderr)
        return EXIT_INVALID
    known = {c.id.lower(): c for c in all_checklists(result.registry)}
    unknown = [i for i in args.ids if i.lower() not in known]
    if unknown:
        print(f"zhidu: 没有这些检查表：{'、'.join(unknown)}（可用现行制度编号如 WU-001，或检查表方案编号如 "
              f"CL-gongwu-yongche）", file=sys.stderr)
        return EXIT_USAGE
    checklist = combine([known[i.lower()] for i in args.ids])
    return _write(_root(args), args.output, lambda: _export(checklist, args.format),
                  f"{checklist.title}，{len(checklist.items)} 项")


def _write(root: Path, output: str, make, what: str) -> int:
    """Make a file's bytes and write them to `output` (refused where it must not write), saying what was made."""
    from zhidu.export.fonts import FontMissing
    refused = _refuse_output(root, output)
    if refused:
        print(f"zhidu: {refused}", file=sys.stderr)
        return EXIT_USAGE
    try:
        Path(output).write_bytes(make())
    except FontMissing as error:
        print(f"zhidu: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"zhidu: 无法写入 {output}：{error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"已生成 {output}：{what}", file=sys.stderr)
    return EXIT_OK


def _refuse_output(root: Path, output: str) -> str:
    """Why a command must not write to this path ("" when it may): a folder, a symbolic link, or a
    place inside the project's own folders (standards/, docs/, scripts/ …), whose files it would replace."""
    from zhidu.cli.sitedir import PROTECTED, absolute
    target, root = absolute(Path(output)), root.resolve()
    if target.is_dir():
        return f"输出路径 {output} 是一个目录，请给出文件名（例如 {Path(output) / 'WU-001.docx'}）"
    if target.is_symlink():
        return f"输出路径 {output} 是符号链接，已拒绝；请直接给出文件路径"
    for name in PROTECTED:
        if (root / name) in target.parents:
            return f"输出路径 {output} 位于项目的 {name}/ 目录中，写入会覆盖其中的文件，已拒绝；请换一个位置"
    return ""


def cmd_export(args) -> int:
    """One rule in 公文 layout, as Word or PDF."""
    from zhidu.export.fonts import cjk_font_family
    from zhidu.export.word import rule_data, rule_docx
    from zhidu.pipeline import validate
    from zhidu.settings import bureau_settings
    root = _root(args)
    result = validate(root)
    if result.registry is None:
        print(format_diagnostics(result.errors, "text"), file=sys.stderr)
        return EXIT_INVALID
    rules = {rule_id.lower(): rule for rule_id, rule in result.registry.rules.items()}
    rule = rules.get(args.id.lower())
    if rule is None:
        print(f"zhidu: 没有这项制度：{args.id}（制度编号形如 WU-001）", file=sys.stderr)
        return EXIT_USAGE
    output = args.output or f"{rule.id}.{args.format}"
    data = rule_data(rule, result.registry, date.today().isoformat(), bureau_settings(root).name)

    def make() -> bytes:
        if args.format == "pdf":
            from zhidu.export.rulepdf import rule_pdf
            cjk_font_family()        # fails with what to install
            return rule_pdf(data)
        return rule_docx(data)
    return _write(root, output, make, f"{rule.id} {rule.title}，{len(rule.provisions)} 条")


def _export(checklist, fmt: str) -> bytes:
    from zhidu.export.fonts import cjk_font_family
    if fmt == "docx":
        from zhidu.export.word import checklist_docx
        return checklist_docx(checklist)
    if fmt == "csv":
        from zhidu.export.csvfile import csv_bytes
        return csv_bytes(checklist)
    if fmt == "xlsx":
        from zhidu.export.xlsx import xlsx_bytes
        return xlsx_bytes(checklist)
    if fmt == "html":
        from zhidu.export.printable import checklist_html
        return checklist_html(checklist, cjk_font_family()).encode("utf-8")
    from zhidu.export.pdf import checklist_pdf
    return checklist_pdf(checklist, cjk_font_family())


def cmd_diff(args) -> int:
    from zhidu.cli.diff import compare, to_markdown
    from zhidu.cli.snapshot import from_folder, load
    root = _root(args)
    try:
        base = load(args.base, root)
        head = load(args.head, root) if args.head else from_folder(root, "工作区")
    except (ValueError, FileNotFoundError) as error:
        print(f"zhidu: {error}", file=sys.stderr)
        return EXIT_USAGE
    report = compare(base, head)
    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(to_markdown(report), end="")
    return EXIT_INVALID if report.vanished else EXIT_OK


def cmd_new(args) -> int:
    from zhidu.cli.scaffold import new_rule
    try:
        path = new_rule(_root(args), args.domain, args.title)
    except (ValueError, FileExistsError) as error:
        print(f"zhidu: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(path.relative_to(_root(args)).as_posix())
    print("已生成新制度草稿，请填写空白字段后运行 make validate。", file=sys.stderr)
    return EXIT_OK


def cmd_apply(args) -> int:
    """Check a revision proposal made on the site and write it into its rule's file."""
    from zhidu.cli.apply import apply
    return apply(_root(args), args.proposal, dry_run=args.dry_run)


def cmd_stats(args) -> int:
    from zhidu.pipeline import validate
    result = validate(_root(args))
    if result.registry is None:
        print(format_diagnostics(result.errors, "text"), file=sys.stderr)
        return EXIT_INVALID
    stats = _stats(result.registry)
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        _print_stats(stats, result.registry)
    return EXIT_OK


def _stats(registry) -> dict:
    """Counts by kind, domain and status (the status as the dates make it today), star level and gap."""
    rules = list(registry.rules.values())
    by_domain = Counter(r.domain for r in rules)
    today = date.today().isoformat()
    by_status = Counter(r.status_on(today) for r in rules)     # the dates decide, as on the site
    stats = {
        "rules": len(rules),
        "provisions": sum(len(r.provisions) for r in rules),
        "checkable_provisions": sum(p.checkable for r in rules for p in r.provisions),
        "references": len(registry.references),
        "glossary_terms": len(registry.glossary),
        "by_domain": {d.code: {"count": by_domain.get(d.code, 0), "target": d.target}
                      for d in registry.taxonomy.domains},
        "by_status": {s: by_status.get(s, 0) for s in (*RULE_STATUSES, PENDING)},
        "service_standards": {
            s.id: {"area": s.area, "clauses": len(s.clauses),
                   "by_star": {lvl.level: sum(c.star == lvl.level for c in s.clauses)
                               for lvl in registry.taxonomy.star_levels}}
            for s in registry.services.values()},
        "asset_categories": {
            a.id: {"name": a.name, "stages": len(a.stages), "gaps": [s.id for s in a.stages if s.is_gap],
                   "without_rule": [s.id for s in a.stages if not s.is_gap and not s.rules]}
            for a in registry.assets.values()},
    }
    return stats


def _print_stats(stats: dict, registry) -> None:
    tax = registry.taxonomy
    by_domain = {code: d["count"] for code, d in stats["by_domain"].items()}
    by_status = stats["by_status"]
    print(f"制度 {stats['rules']} 项，条款 {stats['provisions']} 条（可检查 {stats['checkable_provisions']} 条），"
          f"上位依据 {stats['references']} 项，术语 {stats['glossary_terms']} 条")
    print("按领域：")
    for d in tax.domains:
        print(f"  {d.code:<4}{d.name:<3}{by_domain.get(d.code, 0):>4} / {d.target}")
    print("按状态：")
    for s in (*RULE_STATUSES, PENDING):
        print(f"  {STATUS_LABELS[s]:<6}{by_status.get(s, 0):>4}")
    services = stats["service_standards"]
    print(f"服务标准：{len(services)} 类 {sum(s['clauses'] for s in services.values())} 条"
          f"（目标 {len(tax.service_areas)} 类 {tax.service_clause_total} 条）")
    for sid, s in services.items():
        stars = "、".join(f"{lvl.name} {s['by_star'][lvl.level]}" for lvl in tax.star_levels)
        print(f"  {sid} {s['area']} {s['clauses']} 条（{stars}）")
    assets = stats["asset_categories"]
    gaps = sum(len(a["gaps"]) for a in assets.values())
    print(f"资产类别：{len(assets)} 类 × {len(tax.lifecycle_stages)} 个环节，缺口 {gaps} 格，"
          f"制度待制定 {sum(len(a['without_rule']) for a in assets.values())} 格")
    names = {s.id: s.name for s in tax.lifecycle_stages}
    for aid, a in assets.items():
        gap = "、".join(names[g] for g in a["gaps"]) or "无"
        print(f"  {aid} {a['name']}：缺口 {gap}")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="zhidu", description="机关事务制度标准库工具")
    top.add_argument("--root", help="项目目录（默认从当前目录向上查找）")
    sub = top.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="校验制度库（或其中的指定文件）")
    v.add_argument("paths", nargs="*", help="只报告这些文件的问题（仍在整个制度库的上下文中校验）")
    v.add_argument("--format", choices=["text", "json", "github"], default="text")
    v.add_argument("--require-complete", action="store_true", help="各领域制度数未达到目标时按错误处理")
    v.set_defaults(run=cmd_validate)

    b = sub.add_parser("build", help="校验并构建站点（失败时保留原站点）")
    b.add_argument("--site-dir", help="站点输出目录（默认 site/）；不能是项目目录或其中的 standards/、docs/ 等目录")
    b.add_argument("--force", action="store_true", help="站点目录已存在但不是本工具生成的站点时，仍然整体替换它")
    b.add_argument("--zip", metavar="FILE", help="另外把站点打包为 zip 文件（例如 site.zip），供内网分发")
    b.set_defaults(run=cmd_build)

    c = sub.add_parser("checklist", help="生成一份检查表文件（多个编号时合并为一张）")
    c.add_argument("ids", nargs="+", metavar="ID", help="制度编号（如 WU-001）或检查表方案编号（如 CL-gongwu-yongche）")
    c.add_argument("--format", choices=["pdf", "xlsx", "csv", "html", "docx"], required=True)
    c.add_argument("-o", "--output", required=True, help="输出文件路径")
    c.set_defaults(run=cmd_checklist)

    e = sub.add_parser("export", help="把一项制度导出为公文格式（GB/T 9704）的 Word 或 PDF 文件")
    e.add_argument("id", metavar="ID", help="制度编号，如 WU-001")
    e.add_argument("--format", choices=["docx", "pdf"], required=True)
    e.add_argument("-o", "--output", help="输出文件路径（默认为当前目录下的 <制度编号>.<格式>，如 WU-001.docx）")
    e.set_defaults(run=cmd_export)

    d = sub.add_parser("diff", help="两个版本之间制度库的变化（Markdown 或 JSON），供审阅修改")
    d.add_argument("base", metavar="BASE", help="基准：git 版本（如 main、HEAD~1）、日期（如 2024-01-01，"
                   "即当日及以前最后一次提交时的制度库）或目录")
    d.add_argument("head", metavar="HEAD", nargs="?", help="对比对象：git 版本、日期或目录（默认当前工作区）")
    d.add_argument("--format", choices=["markdown", "json"], default="markdown")
    d.set_defaults(run=cmd_diff)

    n = sub.add_parser("new", help="新建条目草稿")
    what = n.add_subparsers(dest="what", required=True, metavar="rule")
    r = what.add_parser("rule", help="新建一项制度：使用该领域下一个空闲编号，所有必填字段留空待填")
    r.add_argument("--domain", required=True, help="领域代码：REN、CAI、WU、SHI、DJ")
    r.add_argument("--title", required=True, help="制度名称，例如 公物仓资产盘点办法")
    r.set_defaults(run=cmd_new)

    s = sub.add_parser("stats", help="按类型、领域、状态统计")
    s.add_argument("--format", choices=["text", "json"], default="text")
    s.set_defaults(run=cmd_stats)

    a = sub.add_parser("apply", help="检查网站上提出的修订建议，通过后写入对应的制度文件")
    a.add_argument("proposal", metavar="PROPOSAL.yaml", help="修订建议文件（格式见 docs/guides/editing.md）")
    a.add_argument("--dry-run", action="store_true", help="只检查并显示将要做的修改，不写入")
    a.set_defaults(run=cmd_apply)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except FileNotFoundError as error:
        print(f"zhidu: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
