"""The theme's files, listed once per process.

On every build MkDocs lists each file of the theme to copy its static files, then drops the names
under folders starting with a dot. Material's templates hold some 10,000 icons in `.icons`, so the
listing and its filtering were a tenth of a `make serve` rebuild. The theme does not change while
MkDocs runs: the loader lists it once, without the dot folders MkDocs would drop anyway."""
from __future__ import annotations

from functools import lru_cache

import jinja2


@lru_cache(maxsize=None)
def _listing(searchpath: tuple[str, ...]) -> tuple[str, ...]:
    names = jinja2.FileSystemLoader(list(searchpath)).list_templates()
    return tuple(n for n in names if not any(part.startswith(".") for part in n.split("/")))


class ListedOnceLoader(jinja2.FileSystemLoader):
    def list_templates(self) -> list[str]:
        return list(_listing(tuple(self.searchpath)))


def list_theme_once(theme) -> None:
    """Make the theme's environments (one per build) list its files from the cache above."""
    if getattr(theme, "_zhidu_listed_once", False):
        return
    make_env = theme.get_env

    def get_env():
        env = make_env()
        if type(env.loader) is jinja2.FileSystemLoader:     # MkDocs' own: same search path, listed once
            env.loader = ListedOnceLoader(env.loader.searchpath)
        return env

    theme.get_env = get_env
    theme._zhidu_listed_once = True
