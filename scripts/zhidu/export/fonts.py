"""Find the CJK font the PDFs need; refuse to go on without one."""
from __future__ import annotations

import shutil
import subprocess

PREFERRED = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
INSTALL_HINT = "请安装中文字体：sudo apt-get install fonts-noto-cjk（或运行 sudo make system-deps）"


class FontMissing(RuntimeError):
    pass


def cjk_font_family() -> str:
    """The first preferred CJK family fontconfig knows, or FontMissing with what to install."""
    if shutil.which("fc-list") is None:
        raise FontMissing("找不到 fontconfig（fc-list），无法确认中文字体。" + INSTALL_HINT)
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                            check=False).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    for family in PREFERRED:
        if family in families:
            return family
    raise FontMissing("生成 PDF 需要中文字体，但本机没有找到（需要 Noto Sans CJK SC 等）。" + INSTALL_HINT)
