#!/bin/sh
# Installs the Debian packages a make target needs, and only the missing ones.
#   scripts/debian-packages.sh serve   python3-venv: what `make serve` needs
#   scripts/debian-packages.sh test    also Chromium, CJK fonts, Pango, git, Node.js, npm, libatomic,
#                                      LibreOffice Writer
# Each package is looked for by what it provides (a command, a module, a font, a
# library), so a machine that has them some other way (pyenv, nvm) is left alone,
# and `sudo` is called only when something is missing and we are not root.
set -eu

# ldconfig lives in /sbin, which is not on a normal user's PATH on Debian.
PATH="$PATH:/usr/sbin:/sbin"
missing=""
want() { missing="$missing $1"; }

python3 -c 'import ensurepip, venv' 2>/dev/null || want python3-venv
if [ "${1:-serve}" = test ]; then
  command -v git >/dev/null || want git
  command -v chromium >/dev/null || want chromium
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || want fonts-noto-cjk
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || want libpango-1.0-0
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || want libpangoft2-1.0-0
  command -v npm >/dev/null || want "nodejs npm"
  # LibreOffice reads the import tests' Word files independently, and converts .doc/.wps.
  command -v soffice >/dev/null || want libreoffice-writer-nogui
  # Playwright's own Node.js (it talks to Chromium) is linked against libatomic.
  ldconfig -p 2>/dev/null | grep -q 'libatomic.so.1' || want libatomic1
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null; then
  as_root="sudo"
else
  echo "缺少 Debian 软件包：$missing。请用 root 安装：apt-get install$missing" >&2
  exit 1
fi
echo "安装 Debian 软件包：$missing" >&2
$as_root apt-get update -qq
# shellcheck disable=SC2086  # the list is meant to split into words
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
