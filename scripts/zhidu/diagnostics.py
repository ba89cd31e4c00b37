"""Diagnostics: one finding about one place in one file, and its output formats."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

# How much of a report is printed (documented with the loader's limits in docs/guides/editing.md).
MAX_SHOWN = 200             # diagnostics printed as text or GitHub annotations, in all
MAX_SHOWN_PER_FILE = 20     # … and per file
MAX_JSON = 1_000            # diagnostics in --format json (then one summary object)


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    pointer: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def text(self) -> str:
        return (f"{self.path}:{self.line}:{self.column}: {self.severity}[{self.code}]: "
                f"{self.pointer or '/'}: {self.message}")

    def github(self) -> str:
        level = "error" if self.severity == "error" else "warning"
        message = f"{self.pointer or '/'}: {self.message}".replace("%", "%25")
        message = message.replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{level} file={self.path},line={self.line},col={self.column},"
                f"title={self.code}::{message}")


def _shown(diagnostics: list[Diagnostic], total: int, per_file: int | None) -> list[Diagnostic]:
    """At most `total` diagnostics, at most `per_file` of each file, in their given order;
    when some must be left out, errors are kept before warnings."""
    if len(diagnostics) <= total and per_file is None:
        return diagnostics
    counts: dict[str, int] = {}
    kept: set[int] = set()
    for index in sorted(range(len(diagnostics)), key=lambda i: diagnostics[i].severity != "error"):
        path = diagnostics[index].path
        if len(kept) == total:
            break
        if per_file is not None and counts.get(path, 0) >= per_file:
            continue
        counts[path] = counts.get(path, 0) + 1
        kept.add(index)
    return [d for i, d in enumerate(diagnostics) if i in kept]


def _left_out(shown: list[Diagnostic], diagnostics: list[Diagnostic], per_file: int | None) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    each = f"每个文件最多列出 {per_file} 个，" if per_file is not None else ""
    return (f"…另有 {len(diagnostics) - len(shown)} 个问题未列出（共 {len(diagnostics)} 个，其中错误 {errors} 个；"
            f"{each}最多列出 {len(shown)} 个）：请先修正以上问题再重新校验")


def format_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> str:
    """The report, bounded: text and GitHub annotations show at most MAX_SHOWN diagnostics
    (MAX_SHOWN_PER_FILE per file), JSON at most MAX_JSON; then one line (one object) saying how
    many were left out. The counts of errors elsewhere (exit status, summary) stay complete."""
    if fmt == "json":
        shown = _shown(diagnostics, MAX_JSON, None)
        out = [asdict(d) for d in shown]
        if len(shown) < len(diagnostics):
            out.append({"path": "", "line": 0, "column": 0, "code": "truncated", "pointer": "",
                        "message": _left_out(shown, diagnostics, None), "severity": "info"})
        return json.dumps(out, ensure_ascii=False, indent=2)
    shown = _shown(diagnostics, MAX_SHOWN, MAX_SHOWN_PER_FILE)
    lines = [d.github() if fmt == "github" else d.text() for d in shown]
    if len(shown) < len(diagnostics):
        summary = _left_out(shown, diagnostics, MAX_SHOWN_PER_FILE)
        lines.append(f"::notice title=truncated::{summary}" if fmt == "github" else summary)
    return "\n".join(lines)
