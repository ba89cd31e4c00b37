"""`zhidu apply PROPOSAL.yaml`: write a revision proposed on the site into the registry.

A proposal is one YAML file with three top-level keys (documented for editors and for the
site's form in docs/guides/editing.md, “用修订建议修改制度”):

    proposal:                 # where it came from
      format: 1
      rule: WU-001
      base_sha256: <sha256 of the bytes of the rule file it was made from>
      base_revision: 2024-01-10      # date of that version's last revisions entry, for people
      proposer: 资产处 张三           # optional
      submitted: 2025-03-01          # optional
    rule:  {the proposed rule, exactly as the rule schema wants it, with a new revisions entry}
    base:  {the rule as it was when the proposal was made}

Nothing in the proposal is ever used as a path: the rule id must have the rule id's shape and
is looked up among the existing rule files (regular files only). The proposed rule is written
into a temporary copy of standards/ and schemas/ and the whole registry validated there; the
file is written (atomically) only when that passes, the base is the current file, and a new
revisions entry was appended. The new file is the old file's text with only the changed values
rewritten, so comments, key order and layout of everything else stay as they were.
"""
from __future__ import annotations

import difflib
import hashlib
import html
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from zhidu.cache import write_atomic
from zhidu.cli.diff import change_lines as change_text, entry_changes
from zhidu.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from zhidu.diagnostics import Diagnostic, format_diagnostics
from zhidu.kinds import STANDARDS
from zhidu.load.loader import Document, LoadError, decode, load_file, parse, read_limited


FORMAT = 1
RULE_ID = re.compile(r"[A-Z]{2,4}-[0-9]{3}")
DAY = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
SHA256 = re.compile(r"[0-9a-f]{64}")
TOP_KEYS = ("proposal", "rule", "base")
HEADER_KEYS = {"format", "rule", "base_sha256", "base_revision", "proposer", "submitted"}
REGULATIONS = "regulations"


class Refused(Exception):
    """The proposal cannot be applied; the diagnostics say why (and `extra` shows more)."""

    def __init__(self, diagnostics: list[Diagnostic], extra: str = "", code: int = EXIT_INVALID):
        super().__init__(diagnostics[0].message if diagnostics else extra)
        self.diagnostics, self.extra, self.code = diagnostics, extra, code


@dataclass
class Proposal:
    doc: Document
    rule_id: str
    base_sha256: str
    base_revision: str
    proposer: str
    rule: dict
    base: dict

    def at(self, pointer: str, code: str, message: str, severity: str = "error") -> Diagnostic:
        line, column = self.doc.where(pointer)
        return Diagnostic(self.doc.path, line, column, code, pointer, message, severity)


# -- reading and checking the proposal -------------------------------------------------------------

def read_proposal(path: Path, shown: str) -> Proposal:
    loaded = load_file(path, shown)
    if isinstance(loaded, Diagnostic):
        raise Refused([loaded], code=EXIT_USAGE if loaded.code == "io" else EXIT_INVALID)
    doc = loaded

    def at(pointer: str, code: str, message: str) -> Diagnostic:
        line, column = doc.where(pointer, key=True)
        return Diagnostic(shown, line, column, code, pointer, message)

    data = doc.data
    if not isinstance(data, dict):
        raise Refused([at("", "proposal-format", "修订建议文件应由 proposal、rule、base 三部分组成（见 docs/guides/editing.md）")])
    problems = [at(f"/{k}", "proposal-format", f"修订建议文件中不应有“{k}”：只能有 proposal、rule、base 三部分")
                for k in data if k not in TOP_KEYS]
    problems += [at("", "proposal-format", f"缺少“{k}”部分") for k in TOP_KEYS if k not in data]
    problems += [at(f"/{k}", "proposal-format", f"“{k}”应当是键值对（映射）") for k in TOP_KEYS
                 if k in data and not isinstance(data[k], dict)]
    if problems:
        raise Refused(problems)
    head = data["proposal"]
    problems += [at(f"/proposal/{k}", "proposal-format",
                    f"proposal 中不应有“{k}”：可用的是 {'、'.join(sorted(HEADER_KEYS))}")
                 for k in head if k not in HEADER_KEYS]
    if head.get("format", FORMAT) != FORMAT:
        problems.append(at("/proposal/format", "proposal-format",
                           f"不认识的修订建议格式版本 {head.get('format')!r}（本工具读取格式 {FORMAT}）"))
    rule_id = head.get("rule")
    if not isinstance(rule_id, str) or not RULE_ID.fullmatch(rule_id):
        problems.append(at("/proposal/rule", "proposal-rule", "proposal.rule 应当是制度编号，形如 WU-001"))
        rule_id = ""
    digest = head.get("base_sha256")
    if not isinstance(digest, str) or not SHA256.fullmatch(digest.lower()):
        problems.append(at("/proposal/base_sha256", "proposal-base",
                           "proposal.base_sha256 应当是所依据的制度文件内容的 SHA-256（64 位十六进制数）"))
        digest = ""
    revision = head.get("base_revision")
    if not isinstance(revision, str) or not DAY.fullmatch(revision):
        problems.append(at("/proposal/base_revision", "proposal-base",
                           "proposal.base_revision 应当是所依据版本最后一条修订记录的日期（YYYY-MM-DD）"))
        revision = ""
    proposer = head.get("proposer", "")
    if proposer is None:
        proposer = ""
    if not isinstance(proposer, str) or "\n" in proposer or len(proposer) > 200:
        problems.append(at("/proposal/proposer", "proposal-format", "proposal.proposer 应当是一行文字（处室和姓名），不超过 200 字"))
        proposer = ""
    submitted = head.get("submitted")
    if submitted is not None and not (isinstance(submitted, str) and DAY.fullmatch(submitted)):
        problems.append(at("/proposal/submitted", "proposal-format", "proposal.submitted 应当是日期（YYYY-MM-DD）"))
    for part in ("rule", "base"):
        if rule_id and data[part].get("id") != rule_id:
            problems.append(at(f"/{part}/id", "proposal-rule",
                               f"{part}.id 应当与 proposal.rule（{rule_id}）相同：一份修订建议只修改一项制度，编号不能改变"))
    if problems:
        raise Refused(problems)
    return Proposal(doc, rule_id, digest.lower(), revision, proposer, data["rule"], data["base"])


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def find_rule_file(root: Path, proposal: Proposal) -> Path:
    """The existing file of the proposal's rule: standards/regulations/<folder>/<id>.yaml, found by
    listing the folders (links are not followed); refused when it is a link or is not there."""
    base = root / STANDARDS / REGULATIONS
    where = proposal.at("/proposal/rule", "", "")
    for folder in (root / STANDARDS, base):
        if not _real_folder(folder):
            raise Refused([replace(where, code="not-regular-file",
                                   message=f"{folder.relative_to(root).as_posix()}/ 不是普通文件夹（可能是符号链接），拒绝写入")],
                          code=EXIT_USAGE)
    found = []
    with os.scandir(base) as listing:
        for entry in listing:
            if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                continue
            candidate = Path(entry.path) / f"{proposal.rule_id}.yaml"
            try:
                mode = os.lstat(candidate).st_mode
            except OSError:
                continue
            if not stat.S_ISREG(mode):
                raise Refused([replace(where, code="not-regular-file",
                                       message=f"{candidate.relative_to(root).as_posix()} 不是普通文件（可能是符号链接），"
                                               "不会读取或写入它")])
            found.append(candidate)
    if not found:
        raise Refused([replace(where, code="unknown-rule",
                               message=f"制度库中没有 {proposal.rule_id}：修订建议只能修改已有的制度；"
                                       "新建制度请用 zhidu new rule")])
    if len(found) > 1:
        names = "、".join(p.relative_to(root).as_posix() for p in sorted(found))
        raise Refused([replace(where, code="duplicate-id", message=f"{proposal.rule_id} 有多个文件（{names}），请先解决")])
    target = found[0]
    if target.resolve().parent.parent != base.resolve():      # belt and braces: it stays inside
        raise Refused([replace(where, code="not-regular-file", message="制度文件不在 standards/regulations/ 中，拒绝写入")])
    return target


def check_domain(root: Path, proposal: Proposal, target: Path) -> None:
    """The proposed domain's folder must be the one the file lies in, and the id must start with it."""
    taxonomy = load_file(root / STANDARDS / "taxonomy.yaml", f"{STANDARDS}/taxonomy.yaml")
    if not isinstance(taxonomy, Document) or not isinstance(taxonomy.data, dict):
        raise Refused([taxonomy] if isinstance(taxonomy, Diagnostic) else [], "taxonomy.yaml 无法读取")
    slugs = {d.get("code"): d.get("slug") for d in taxonomy.data.get("domains", ()) if isinstance(d, dict)}
    domain = proposal.rule.get("domain")
    if not isinstance(domain, str) or domain not in slugs:
        return        # the schema reports an unknown or missing domain, with its place
    if slugs[domain] != target.parent.name or not proposal.rule_id.startswith(f"{domain}-"):
        raise Refused([proposal.at("/rule/domain", "domain-folder",
                                   f"领域 {domain} 与制度 {proposal.rule_id} 所在的目录 "
                                   f"{STANDARDS}/{REGULATIONS}/{target.parent.name}/ 不一致：制度编号和所属领域发布后不能改变，"
                                   "修订建议不能把制度移到另一个领域")])


def check_revisions(proposal: Proposal, current: dict) -> list[Diagnostic]:
    """The proposal must keep every existing revisions entry and append at least one."""
    old = current.get("revisions") if isinstance(current.get("revisions"), list) else []
    new = proposal.rule.get("revisions")
    if not isinstance(new, list):
        return []                # the schema says what is wrong
    for i, entry in enumerate(old):
        if i >= len(new) or new[i] != entry:
            return [proposal.at(f"/rule/revisions/{min(i, max(len(new) - 1, 0))}", "revision-changed",
                                f"已有的修订记录（第 {i + 1} 条，{_revision_text(entry)}）被修改或删除：已有记录不能改动，"
                                "只能在 revisions 末尾追加新的一条")]
    if len(new) == len(old):
        return [proposal.at("/rule/revisions", "revision-missing",
                            "没有追加修订记录：请在 revisions 末尾追加一条，写明日期和修订说明（修改了什么、为什么）")]
    return []


def _revision_text(entry) -> str:
    if isinstance(entry, dict):
        return f"{entry.get('date', '')} {entry.get('note', '')}".strip()
    return str(entry)


# -- the redline --------------------------------------------------------------------------------

def change_lines(rule_id: str, old: dict, new: dict) -> list[str]:
    """What differs between two versions of a rule, as `zhidu diff` shows it, with revisions added."""
    lines = [line for change in entry_changes("regulation", rule_id, old, new) for line in change_text(change)]
    before = old.get("revisions") if isinstance(old.get("revisions"), list) else []
    after = new.get("revisions") if isinstance(new.get("revisions"), list) else []
    if after[:len(before)] == before:
        lines += [f"- **{html.escape(rule_id)}** 新增修订记录：{html.escape(_revision_text(e))}"
                  for e in after[len(before):]]
    elif before != after:
        lines.append(f"- **{html.escape(rule_id)}** 修订记录被改动")
    return lines


# -- the new file's text: the old text with only the changed values rewritten ----------------------

class _Fallback(Exception):
    """This node cannot be patched in place; its parent writes it anew."""


class _Dumper(yaml.SafeDumper):
    """Emits dates as the loader reads them: YYYY-MM-DD without quotes (the loader keeps them as text)."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}


def _flow(value, style: str | None = None) -> str:
    """One value on one line (a flow collection or a scalar)."""
    text = yaml.dump([value], Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=10 ** 6,
                     sort_keys=False, default_style=style)
    text = text.strip()
    return text[1:-1] if text.startswith("[") else text


FOLD_AT = 40      # longer texts are written as folded blocks (>-), as the registry's files do


def _scalar(value, column: int, style: str | None) -> str:
    """A scalar whose key stands at `column`, in the style it had: a block text (>- or |-) stays
    one, quoted stays quoted; without a line break after it."""
    if style in (">", "|") and isinstance(value, str):
        body, chomp = (value[:-1], "") if value.endswith("\n") else (value, "-")
        if body and "\n" not in body and body == body.strip():
            return f"{style}{chomp}\n{' ' * (column + 2)}{body}"
    return _flow(value, style if style in ("'", '"') else None)


def _is_flow_item(value) -> bool:
    return not isinstance(value, (dict, list)) or (
        isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 6)


def _emit(value, column: int, flow_items: bool = False, fold: bool = True) -> str:
    """A value as block YAML starting at `column` (the first line without its indentation), ending
    with a line break. Lists of scalars are written in flow style ([a, b]), as the registry's files do."""
    pad = " " * column
    if isinstance(value, dict) and value:
        lines = []
        for i, (key, item) in enumerate(value.items()):
            lines.append(("" if i == 0 else pad) + _entry(key, item, column, fold))
        return "".join(lines)
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        out = []
        for i, item in enumerate(value):
            body = _flow(item) + "\n" if flow_items and _is_flow_item(item) else _emit(item, column + 2, fold=fold)
            out.append(("" if i == 0 else pad) + "- " + body)
        return "".join(out)
    return _flow(value) + "\n"


def _entry(key: str, value, column: int, fold: bool = True) -> str:
    """`key: value` at `column` (first line without indentation), ending with a line break."""
    name = _flow(key)
    if isinstance(value, dict) and value:
        return f"{name}:\n{' ' * (column + 2)}{_emit(value, column + 2, fold=fold)}"
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        flow_items = key == "limits"
        return f"{name}:\n{' ' * (column + 2)}{_emit(value, column + 2, flow_items, fold)}"
    if isinstance(value, str) and fold and len(value) > FOLD_AT and "\n" not in value and value == value.strip():
        return f"{name}: >-\n{' ' * (column + 2)}{value}\n"
    return f"{name}: {_flow(value)}\n"


class _Patcher:
    """Edits (start, end, text) on the original text that turn the old data into the new."""

    def __init__(self, text: str):
        self.text = text
        self.edits: list[tuple[int, int, str]] = []

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_after(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def content_end(self, node) -> int:
        if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
            return self.content_end(node.value[-1][1])
        if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            return self.content_end(node.value[-1])
        start, end = node.start_mark.index, node.end_mark.index
        return start + len(self.text[start:end].rstrip())

    def own_line(self, index: int, prefix: str = "") -> bool:
        return self.text[self.line_start(index):index].strip() == prefix

    def patch(self, node, old, new) -> None:
        if old == new:
            return
        if isinstance(node, yaml.MappingNode) and not node.flow_style and isinstance(new, dict) and isinstance(old, dict) and new:
            return self.mapping(node, old, new)
        if isinstance(node, yaml.SequenceNode) and not node.flow_style and isinstance(new, list) and isinstance(old, list) \
                and new and all(isinstance(v, dict) for v in new):
            return self.sequence(node, old, new)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
            raise _Fallback
        # a scalar or a flow collection: written anew in the same style, on the same place
        start = node.start_mark.index
        if isinstance(node, yaml.ScalarNode):
            style = node.style or None
            if isinstance(new, (dict, list)) and new:
                raise _Fallback
            text = _scalar(new, self._key_column(start), style)
            if start == node.end_mark.index:            # an empty value (key:): add a space
                text = " " + text
        else:
            text = _flow(new)
        self.edits.append((start, self.content_end(node), text))

    def _key_column(self, index: int) -> int:
        """The column of the key a value stands after (the indentation of the line's key)."""
        line = self.text[self.line_start(index):index]
        stripped = line.lstrip(" ")
        column = len(line) - len(stripped)
        while stripped.startswith("- "):           # "- key: value": the key is after the dash
            column += 2
            stripped = stripped[2:]
        return column

    def mapping(self, node, old: dict, new: dict) -> None:
        entries = {str(k.value): (k, v) for k, v in node.value}
        for key, (key_node, value_node) in entries.items():
            if key not in new:        # removed
                if not self.own_line(key_node.start_mark.index):
                    raise _Fallback
                self.edits.append((self.line_start(key_node.start_mark.index),
                                   self.line_after(self.content_end(value_node)), ""))
            elif old.get(key) != new[key]:
                try:
                    self.patch(value_node, old.get(key), new[key])
                except _Fallback:
                    column = key_node.start_mark.column
                    self.edits.append((key_node.start_mark.index, self.line_after(self.content_end(value_node)),
                                       _entry(key, new[key], column)))
        previous = None
        added: dict[str | None, list[str]] = {}
        for key in new:
            if key in entries:
                previous = key
            else:
                added.setdefault(previous, []).append(key)
        for after, keys in added.items():
            if after is None:
                first = node.value[0][0]
                if not self.own_line(first.start_mark.index):
                    raise _Fallback
                at, column = self.line_start(first.start_mark.index), first.start_mark.column
            else:
                key_node, value_node = entries[after]
                at, column = self.line_after(self.content_end(value_node)), key_node.start_mark.column
                if at == len(self.text) and not self.text.endswith("\n"):
                    raise _Fallback
            self.edits.append((at, at, "".join(" " * column + _entry(k, new[k], column) for k in keys)))

    def sequence(self, node, old: list, new: list) -> None:
        items = node.value
        if len(items) != len(old) or any(not self.own_line(i.start_mark.index, "-") for i in items):
            raise _Fallback
        flow_items = any(isinstance(i, yaml.MappingNode) and i.flow_style for i in items)
        key = [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in old]
        matcher = difflib.SequenceMatcher(None, key, [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in new],
                                          autojunk=False)
        dash = items[0].start_mark.column - 2
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = []
            if op == "replace":
                ids_old = [o.get("id") if isinstance(o, dict) else None for o in old[i1:i2]]
                ids_new = [n.get("id") if isinstance(n, dict) else None for n in new[j1:j2]]
                if i2 - i1 == j2 - j1 and (ids_old == ids_new or None in ids_old):
                    pairs = list(zip(range(i1, i2), range(j1, j2)))
            if pairs:
                for i, j in pairs:
                    try:
                        self.patch(items[i], old[i], new[j])
                    except _Fallback:
                        self.edits.append((items[i].start_mark.index, self.line_after(self.content_end(items[i])),
                                           self._item(new[j], dash, flow_items)))
                continue
            for i in range(i1, i2):        # removed
                self.edits.append((self.line_start(items[i].start_mark.index),
                                   self.line_after(self.content_end(items[i])), ""))
            if j2 > j1:                    # inserted, before the next old item or after the last
                at = self.line_start(items[i2].start_mark.index) if i2 < len(items) else \
                    self.line_after(self.content_end(items[-1]))
                if at == len(self.text) and not self.text.endswith("\n"):
                    raise _Fallback
                self.edits.append((at, at, "".join(" " * dash + "- " + self._item(v, dash, flow_items)
                                                   for v in new[j1:j2])))

    def _item(self, value, dash: int, flow_items: bool) -> str:
        if flow_items and _is_flow_item(value):
            return _flow(value) + "\n"
        return _emit(value, dash + 2)

    def result(self) -> str:
        out, last = self.text, None
        for start, end, text in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            if last is not None and end > last:
                raise _Fallback          # overlapping edits: never guess
            out = out[:start] + text + out[end:]
            last = start
        return out


def _header(text: str) -> str:
    """The comment lines at the top of a file (e.g. `# yaml-language-server: $schema=…`)."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def new_text(old_text: str, old: dict, new: dict, shown: str) -> str:
    """The file's new text: the old one with only what changed rewritten, or (when that cannot be
    done safely) the whole rule written anew under the old file's top comments. Either way it is
    read back and must give exactly the proposed data."""
    newline = "\r\n" if "\r\n" in old_text else "\n"
    plain = old_text.replace("\r\n", "\n")
    candidates = []
    try:
        root = yaml.compose(plain, Loader=yaml.SafeLoader)
        patcher = _Patcher(plain)
        patcher.patch(root, old, new)
        candidates.append(patcher.result())
    except (_Fallback, yaml.YAMLError):
        pass
    candidates.append(_header(plain) + _emit(new, 0))
    candidates.append(_header(plain) + _emit(new, 0, fold=False))
    for text in candidates:
        try:
            if parse(text, shown).data == new:
                return text.replace("\n", newline) if newline != "\n" else text
        except LoadError:
            continue
    raise Refused([Diagnostic(shown, 1, 1, "apply-write", "", "无法把修订写成与原文件格式一致的 YAML，未写入；请手工修改")])


# -- checking the result in a copy of the registry ----------------------------------------------

def validate_in_copy(root: Path, relative: str, text: str, proposal: Proposal) -> list[Diagnostic]:
    """Every finding of a full validation of a copy of the registry in which the rule file holds
    `text`; findings about that file are placed at the proposal's own lines."""
    from zhidu.pipeline import SCHEMAS, validate
    with tempfile.TemporaryDirectory(prefix="zhidu-apply-") as folder:
        copy = Path(folder)
        shutil.copytree(root / STANDARDS, copy / STANDARDS, symlinks=True)
        shutil.copytree(root / SCHEMAS, copy / SCHEMAS, symlinks=True)
        (copy / relative).write_text(text, encoding="utf-8", newline="")
        result = validate(copy)
    found = []
    for d in result.diagnostics:
        if d.path == relative:
            line, column = proposal.doc.where(f"/rule{d.pointer}")
            found.append(replace(d, path=proposal.doc.path, line=line, column=column, pointer=f"/rule{d.pointer}"))
        elif d.severity == "error":
            found.append(d)       # elsewhere: only what blocks (the registry must stay valid)
    return found


# -- the command ---------------------------------------------------------------------------------

def apply(root: Path, given: str, dry_run: bool = False, out=None, err=None) -> int:
    """Check the proposal at `given` and (unless dry_run) write it; the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    path = Path(given)
    try:
        proposal = read_proposal(path, given)
        target = find_rule_file(root, proposal)
        relative = target.relative_to(root).as_posix()
        check_domain(root, proposal, target)
        try:
            raw = read_limited(target)
            old_text = decode(raw)
            current_doc = parse(old_text, relative)
        except LoadError as error:
            raise Refused([Diagnostic(relative, error.line, error.column, error.code, "", error.message)])
        current = current_doc.data if isinstance(current_doc.data, dict) else {}
        sha = hashlib.sha256(raw).hexdigest()
        warnings = []
        if sha != proposal.base_sha256 and proposal.base == current:
            # only comments or layout changed since: the edit is made on the current text all the same
            warnings.append(proposal.at("/proposal/base_sha256", "base-reformatted",
                                        f"{relative} 在所依据的版本之后只改动了注释或格式，内容相同；修订照常应用于当前文件",
                                        "warning"))
        elif sha != proposal.base_sha256:
            lines = change_lines(proposal.rule_id, proposal.base, current)
            extra = (f"{relative} 在这份修订建议所依据的版本（最后修订 {proposal.base_revision}）之后已被修改"
                     f"（当前 SHA-256 {sha[:12]}…，建议依据 {proposal.base_sha256[:12]}…）。此后的变化：\n\n"
                     + "\n".join(lines)
                     + "\n\n请在当前版本上重新提出修订（或把上述变化合并进修订建议后重新生成）。")
            raise Refused([proposal.at("/proposal/base_sha256", "stale-base",
                                       "修订建议所依据的版本已不是当前版本，未写入")], extra)
        if sha == proposal.base_sha256 and proposal.base != current:
            warnings.append(proposal.at("/base", "base-mismatch",
                                        "base 部分与 SHA-256 对应的当前文件内容不一致（可能被手工改过）；以当前文件为准比较",
                                        "warning"))
        problems = check_revisions(proposal, current)
        if problems:
            raise Refused(problems)
        text = new_text(old_text, current, proposal.rule, relative)
        found = validate_in_copy(root, relative, text, proposal)
        errors = [d for d in found if d.severity == "error"]
        if errors:
            raise Refused(found + warnings)
    except Refused as refused:
        if refused.diagnostics:
            print(format_diagnostics(refused.diagnostics, "text"), file=out)
        if refused.extra:
            print(refused.extra, file=out)
        errors = sum(d.severity == "error" for d in refused.diagnostics)
        print(f"未写入：修订建议有 {errors} 个问题" if errors else "未写入", file=err)
        return refused.code
    except FileNotFoundError as error:
        print(f"zhidu: 找不到文件：{error.filename or given}", file=err)
        return EXIT_USAGE

    if found or warnings:
        print(format_diagnostics(found + warnings, "text"), file=out)
    title = html.escape(str(proposal.rule.get("title", "")))
    print(f"## 修订建议：{proposal.rule_id} {title}", file=out)
    print("", file=out)
    if proposal.proposer:
        print(f"提出人：{html.escape(proposal.proposer)}", file=out)
        print("", file=out)
    print("\n".join(change_lines(proposal.rule_id, current, proposal.rule)), file=out)
    if dry_run:
        print(f"试运行：检查通过，未写入 {relative}", file=err)
        return EXIT_OK
    # the file may have changed while we checked: the base is compared once more just before writing
    try:
        if hashlib.sha256(read_limited(target)).hexdigest() != sha:
            print(f"未写入：{relative} 在检查期间被修改，请重新运行", file=err)
            return EXIT_INVALID
    except (OSError, LoadError):
        print(f"未写入：{relative} 在检查期间被移动或替换，请重新运行", file=err)
        return EXIT_INVALID
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        print(f"zhidu: 无法写入 {relative}：{error.strerror}", file=err)
        return EXIT_USAGE
    print(f"已写入 {relative}；请运行 zhidu diff 审阅后提交", file=err)
    return EXIT_OK
