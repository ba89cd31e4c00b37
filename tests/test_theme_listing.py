"""The theme's files listed once per process (render/theme_listing.py): MkDocs copies exactly the static
files its own listing finds, on the first build and on every rebuild after."""
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from zhidu.render import theme_listing

PROJECT = Path(__file__).resolve().parents[1]


def static_theme_files(config) -> list[str]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted(f.src_uri for f in files)


def test_the_listing_made_once_finds_what_mkdocs_finds():
    config = load_config(str(PROJECT / "mkdocs.yml"))
    own = static_theme_files(config)
    assert "assets/javascripts/zhidu/checklist.js" not in own          # docs/, not the theme
    assert any(uri.startswith("assets/stylesheets/") for uri in own) and len(own) > 20
    theme_listing.list_theme_once(config.theme)
    assert static_theme_files(config) == own
    theme_listing.list_theme_once(config.theme)                        # wrapped once, not twice
    assert static_theme_files(config) == own
    again = load_config(str(PROJECT / "mkdocs.yml"))                    # a rebuild: a new theme object
    theme_listing.list_theme_once(again.theme)
    assert static_theme_files(again) == own
    assert not any(part.startswith(".") for name in theme_listing._listing(
        tuple(again.theme.dirs)) for part in name.split("/")), "no icons (.icons) listed"
