#!/usr/bin/env bash
# The Debian packages a make target needs: check first; install the missing ones with apt-get
# when running as root; otherwise stop with one message naming the one command to run.
#
#   scripts/system-deps.sh serve   the Chinese fonts and fontconfig (PDFs are typeset with Typst, a PyPI wheel),
#                                  with AR PL UKai for the 楷体 of a rule's 公文-layout PDF (`zhidu export`)
#   scripts/system-deps.sh test    the above, plus Chromium, poppler-utils, Node.js/npm and LibreOffice
#                                  Writer (the .docx downloads are converted to PDF to be checked)
#
# A machine that already has everything runs no apt at all.
set -euo pipefail

need="${1:-test}"
missing=()

command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list ':lang=zh' family 2>/dev/null | grep -q 'Noto Sans CJK SC'; then
  missing+=(fonts-noto-cjk)
fi
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list ':lang=zh' family 2>/dev/null | grep -q 'AR PL UKai CN'; then
  missing+=(fonts-arphic-ukai)
fi
# Debian's own python3 needs python3-venv to make .venv
"${PYTHON:-python3}" -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)

if [ "$need" = "test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/soffice ] || missing+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  # a NodeSource node bundles npm and conflicts with Debian's npm: install both only when npm is missing
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
fi

[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ]; then
  echo "缺少系统软件包：${missing[*]}。请先运行：sudo make system-deps" >&2
  exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件包：${missing[*]}，本机没有 apt-get，请用本系统的软件包管理器安装这些软件包。" >&2
  exit 2
fi
echo "安装系统软件包：${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
