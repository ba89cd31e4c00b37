"""Diagnostics: one finding about one place in one file, and its output formats."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass


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


class RegistryError(Exception):
    """Raised when the registry cannot be used; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} error(s)")
        self.diagnostics = diagnostics


def format_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.github() for d in diagnostics)
    return "\n".join(d.text() for d in diagnostics)
