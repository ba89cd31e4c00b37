"""Find the registry's files, load each once, validate, and build the model."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from . import checks
from .diagnostics import Diagnostic
from .loader import Document, load_file
from .model import Registry, build_registry
from .schemas import SchemaSet

STANDARDS = "standards"
SCHEMAS = "schemas"


@dataclass
class Sources:
    """The loaded documents of a registry, by kind."""
    taxonomy: Document | None = None
    glossary: Document | None = None
    register: Document | None = None      # published-ids.yaml
    references: list[Document] = field(default_factory=list)
    regulations: list[Document] = field(default_factory=list)
    checklists: list[Document] = field(default_factory=list)
    services: list[Document] = field(default_factory=list)
    assets: list[Document] = field(default_factory=list)
    # ids of entries that exist but failed their schema: references to them are not "missing"
    unchecked_ids: set[str] = field(default_factory=set)

    def entries(self) -> list[Document]:
        """Every document that carries an id of its own."""
        return self.references + self.regulations + self.checklists + self.services + self.assets

    def all(self) -> list[tuple[str, Document]]:
        out = [("taxonomy", self.taxonomy), ("glossary", self.glossary), ("published-ids", self.register)]
        out += [("reference", d) for d in self.references]
        out += [("regulation", d) for d in self.regulations]
        out += [("checklist", d) for d in self.checklists]
        out += [("service-standard", d) for d in self.services]
        out += [("asset", d) for d in self.assets]
        return [(kind, doc) for kind, doc in out if doc is not None]


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest one upwards holding standards/ and schemas/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / STANDARDS).is_dir() and (folder / SCHEMAS).is_dir():
            return folder
    raise FileNotFoundError("找不到项目目录（需要同时包含 standards/ 和 schemas/）")


def kind_of(relative: Path) -> str | None:
    """Which kind a file under standards/ holds, from where it lies; None if it lies nowhere known."""
    parts = relative.parts
    if parts == ("taxonomy.yaml",):
        return "taxonomy"
    if parts == ("glossary.yaml",):
        return "glossary"
    if parts == ("published-ids.yaml",):
        return "published-ids"
    if len(parts) == 2 and parts[0] == "references":
        return "reference"
    if len(parts) == 3 and parts[0] == "regulations":
        return "regulation"
    if len(parts) == 2 and parts[0] == "checklists":
        return "checklist"
    if len(parts) == 2 and parts[0] == "service-standards":
        return "service-standard"
    if len(parts) == 2 and parts[0] == "assets":
        return "asset"
    return None


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    base = root / STANDARDS
    found, problems = [], []
    for path in sorted(base.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        relative = path.relative_to(base)
        shown = path.relative_to(root).as_posix()
        if path.suffix == ".yml":
            problems.append(Diagnostic(shown, 1, 1, "file-name", "", "扩展名请用 .yaml（不是 .yml）"))
            continue
        if path.suffix != ".yaml":
            continue
        kind = kind_of(relative)
        if kind is None:
            problems.append(Diagnostic(shown, 1, 1, "file-location", "",
                                       "文件不在约定的位置：制度放在 standards/regulations/<领域>/，"
                                       "上位依据放在 standards/references/，检查表方案放在 standards/checklists/，"
                                       "服务标准放在 standards/service-standards/，资产类别放在 standards/assets/"))
            continue
        found.append((kind, path))
    return found, problems


_LISTS = {"reference": "references", "regulation": "regulations", "checklist": "checklists",
          "service-standard": "services", "asset": "assets"}


def load(root: Path, schemas: SchemaSet) -> tuple[Sources, list[Diagnostic]]:
    """Load and schema-check every file; documents that fail either step are left out."""
    files, diagnostics = discover(root)
    sources = Sources()
    for kind, path in files:
        result = load_file(path, path.relative_to(root).as_posix())
        if isinstance(result, Diagnostic):
            diagnostics.append(result)
            continue
        problems = schemas.validate(kind, result)
        diagnostics.extend(problems)
        if problems:
            if isinstance(result.data, dict) and isinstance(result.data.get("id"), str):
                sources.unchecked_ids.add(result.data["id"])
            continue
        if kind in ("taxonomy", "glossary"):
            setattr(sources, kind, result)
        elif kind == "published-ids":
            sources.register = result
        else:
            getattr(sources, _LISTS[kind]).append(result)
    if sources.taxonomy is None and not any(d.path.endswith("taxonomy.yaml") for d in diagnostics):
        diagnostics.append(Diagnostic(f"{STANDARDS}/taxonomy.yaml", 1, 1, "missing-file", "",
                                      "缺少分类体系文件 taxonomy.yaml"))
    return sources, diagnostics


@dataclass(frozen=True)
class Result:
    registry: Registry | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def validate(root: Path, *, require_complete: bool = False) -> Result:
    """The whole pipeline up to the model. The registry is None when there is any error."""
    schemas = SchemaSet(root / SCHEMAS)
    sources, diagnostics = load(root, schemas)
    diagnostics += checks.cross_file(sources, require_complete=require_complete)
    diagnostics = sorted(set(diagnostics))
    if any(d.severity == "error" for d in diagnostics) or sources.taxonomy is None:
        return Result(None, diagnostics)
    registry = build_registry(
        sources.taxonomy.data,
        {d.data["id"]: (d.data, d.path) for d in sources.regulations},
        {d.data["id"]: (d.data, d.path) for d in sources.references},
        sources.glossary.data if sources.glossary else None,
        {d.data["id"]: (d.data, d.path) for d in sources.checklists},
        {d.data["id"]: (d.data, d.path) for d in sources.services},
        {d.data["id"]: (d.data, d.path) for d in sources.assets},
    )
    # the validated data as written, by kind: what the JSON API publishes
    documents = {kind: MappingProxyType({d.data["id"]: d.data for d in getattr(sources, name)})
                 for kind, name in _LISTS.items()}
    return Result(replace(registry, documents=MappingProxyType(documents)), diagnostics)
