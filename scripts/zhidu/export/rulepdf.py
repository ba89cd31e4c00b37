"""One rule as PDF in the same 公文 layout as its Word file (typst/rule.typ), for `zhidu export`.

Typst embeds its fonts, so the offices' fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312), which
are not free, are replaced by free ones Debian has: Noto Serif CJK SC for 仿宋 and 小标宋 (bold), Noto
Sans CJK SC for 黑体, and AR PL UKai CN (fonts-arphic-ukai) for 楷体, or Noto Serif CJK SC without it.
"""
from __future__ import annotations

import os
from functools import lru_cache

from zhidu.export.pdf import AUTHOR, TEMPLATES, compact, font_folders

SONG, HEI, KAI = "Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"


@lru_cache(maxsize=None)
def _compiler(pid: int):
    """One compiler per process, with only the substitutes' folders (the output depends on nothing else)."""
    import typst
    folders = font_folders(SONG, HEI, KAI)
    families = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=folders).families()
    # Typst knows the simplified-Chinese face of ukai.ttc by its first name, AR PL UKai
    kai = next((name for name in (KAI, "AR PL UKai") if name in families), SONG)
    fonts = {"song": SONG, "hei": HEI if HEI in families else SONG, "kai": kai}
    return typst.Compiler(root=str(TEMPLATES), font_paths=folders, ignore_system_fonts=True), fonts


def rule_pdf(data: dict) -> bytes:
    """The PDF of one rule (data from word.rule_data); the same data gives the same bytes."""
    import json
    from datetime import datetime, timezone
    compiler, fonts = _compiler(os.getpid())
    stamp = datetime(*data["date"], tzinfo=timezone.utc) if data.get("date") else None
    payload = json.dumps({**data, "fonts": fonts, "author": AUTHOR}, ensure_ascii=False)
    return compact(compiler.compile(input=str(TEMPLATES / "rule.typ"), format="pdf", timestamp=stamp,
                                    sys_inputs={"data": payload}))
