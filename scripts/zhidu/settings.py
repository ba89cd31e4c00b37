"""The bureau's own settings, kept in one place: the top of mkdocs.yml.

site_name, site_url (the public address), repo_url (the rule repository) and extra.bureau
(the bureau's name). An empty site_url keeps every link relative; an empty repo_url hides
the edit buttons and the repository link.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG = "mkdocs.yml"
DEFAULT_BUREAU = "机关事务管理局"


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs tags (!ENV, !!python/name:…); only plain keys are read here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Bureau:
    name: str
    site_name: str
    site_url: str     # "" when not configured
    repo_url: str     # "" when not configured

    @property
    def base_url(self) -> str:
        """The public address ending in /, or "" (links then stay relative)."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def bureau_from_config(config) -> Bureau:
    """The same settings from MkDocs' own reading of mkdocs.yml (its !ENV tags resolved)."""
    extra = config.extra or {}          # MkDocs' extra is a mapping of its own kind, not a dict
    return Bureau(name=_text(extra.get("bureau")) or DEFAULT_BUREAU, site_name=_text(config.site_name),
                  site_url=_text(config.site_url), repo_url=_text(config.repo_url))


def bureau_settings(root: Path) -> Bureau:
    """Read mkdocs.yml ourselves: for the runs that have no MkDocs config at hand (tests, the CLI)."""
    try:
        config = yaml.load((root / CONFIG).read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    return Bureau(name=_text(extra.get("bureau")) or DEFAULT_BUREAU,
                  site_name=_text(config.get("site_name")),
                  site_url=_text(config.get("site_url")),
                  repo_url=_text(config.get("repo_url")))
