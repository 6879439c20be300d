"""scripts/debian-packages.sh: installs only what is missing, and calls sudo only then.

The script runs with a PATH of our making: the tools it looks for, a fake
``sudo`` and ``apt-get`` that write down how they were called, and a fake
``id`` to play a user who is not root. (That it really installs onto a bare
Debian 12 was shown on a debootstrap'd one; see the issue's closing note.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "debian-packages.sh"
PRESENT = ["sh", "grep", "git", "npm", "fc-list", "chromium", "soffice"]
RECORDER = '#!/bin/sh\necho "{name} $*" >> "$CALLS"\n'
SUDO = RECORDER + 'exec "$@"\n'  # sudo runs what it is given (the fake apt-get)


def run(tmp_path: Path, *, missing: tuple[str, ...] = (), uid: int = 1000) -> list[str]:
    """Run the script for `test` with ``missing`` tools left out; the fake calls it made."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in PRESENT:
        if tool not in missing:
            os.symlink(shutil.which(tool), bin_dir / tool)
    os.symlink(sys.executable, bin_dir / "python3")  # has ensurepip
    for fake, text in (("sudo", SUDO), ("apt-get", RECORDER)):
        (bin_dir / fake).write_text(text.format(name=fake), encoding="utf-8")
        (bin_dir / fake).chmod(0o755)
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n", encoding="utf-8")
    (bin_dir / "id").chmod(0o755)
    calls = tmp_path / "calls"
    env = {"PATH": str(bin_dir), "CALLS": str(calls), "HOME": str(tmp_path)}
    result = subprocess.run(
        ["/bin/sh", str(SCRIPT), "test"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []


def test_nothing_missing_means_no_sudo_and_no_apt(tmp_path):
    assert run(tmp_path) == []


def test_a_user_gets_only_the_missing_packages_through_sudo(tmp_path):
    calls = run(tmp_path, missing=("chromium", "git"))
    assert calls[0] == "sudo apt-get update -qq"
    assert calls[2].startswith("sudo apt-get install -y -qq --no-install-recommends")
    installed = calls[2].split("--no-install-recommends")[1].split()
    assert sorted(installed) == ["chromium", "git"]


def test_root_installs_without_sudo(tmp_path):
    calls = run(tmp_path, missing=("npm",), uid=0)
    assert not any(call.startswith("sudo") for call in calls)
    assert calls[-1].split("--no-install-recommends")[1].split() == ["nodejs", "npm"]


def test_libreoffice_is_installed_for_the_import_tests(tmp_path):
    calls = run(tmp_path, missing=("soffice",), uid=0)
    assert calls[-1].split("--no-install-recommends")[1].split() == ["libreoffice-writer-nogui"]
