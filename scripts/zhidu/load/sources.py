"""The loaded documents of one registry, as the validator passes them from check to check."""
from __future__ import annotations

from dataclasses import dataclass, field

from zhidu.kinds import KINDS
from zhidu.load.loader import Document


@dataclass
class Sources:
    """The loaded, schema-valid documents of a registry: the single files and, by kind, the records."""
    taxonomy: Document | None = None
    glossary: Document | None = None
    register: Document | None = None      # published-ids.yaml
    by_kind: dict[str, list[Document]] = field(default_factory=lambda: {k.name: [] for k in KINDS})
    # ids of entries that exist but failed their schema: references to them are not "missing"
    unchecked_ids: set[str] = field(default_factory=set)
    # SHA-256 of each file's bytes, by its path: what a revision proposed on the site names as its base
    hashes: dict[str, str] = field(default_factory=dict)

    def of(self, kind: str) -> list[Document]:
        return self.by_kind.setdefault(kind, [])

    def entries(self) -> list[Document]:
        """Every document that carries an id of its own."""
        return [doc for docs in self.by_kind.values() for doc in docs]

    # the kinds the cross-file checks know by name
    regulations = property(lambda self: self.of("regulation"))
    references = property(lambda self: self.of("reference"))
    checklists = property(lambda self: self.of("checklist"))
    services = property(lambda self: self.of("service-standard"))
    assets = property(lambda self: self.of("asset"))
