"""`wijksite publish` to a folder, a zip, a git branch and rsync: real folders, real git, real rsync."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import INITIATIVE


def wijksite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False, stdin=subprocess.DEVNULL)


def test_dry_run_shows_changes_and_writes_nothing(make_site, tmp_path):
    root = make_site()
    target = tmp_path / "webshare"
    result = wijksite("publish", "--naar-map", str(target), "--dry-run", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "nieuw:" in result.stdout and "Proefdraai" in result.stdout
    assert not target.exists()


def test_folder_publish_copies_updates_only_changes_and_asks_before_removing(make_site, tmp_path):
    root = make_site()
    target = tmp_path / "webshare"
    assert wijksite("publish", "--naar-map", str(target), cwd=root).returncode == 0
    assert (target / "index.html").is_file() and (target / "verhalen/molens/index.html").is_file()
    assert not (target / ".wijksite-bestanden.json").exists()
    css = target / "static/css/site.css"
    os.utime(css, (1_000_000_000, 1_000_000_000))
    (target / "oud.html").write_text("oude pagina", encoding="utf-8")
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(INITIATIVE.replace("Wij repareren", "Wij maken"), encoding="utf-8")
    result = wijksite("publish", "--naar-map", str(target), cwd=root)  # no terminal: the answer is no
    assert result.returncode == 0, result.stderr
    assert "veranderd:" in result.stdout and "initiatieven/reparatiecafe/index.html" in result.stdout
    assert css.stat().st_mtime == 1_000_000_000  # unchanged files are left alone
    assert (target / "oud.html").exists() and "Niet verwijderd" in result.stdout
    assert "Wij maken" in (target / "initiatieven/reparatiecafe/index.html").read_text(encoding="utf-8")
    assert wijksite("publish", "--naar-map", str(target), "--ja", cwd=root).returncode == 0
    assert not (target / "oud.html").exists()


def test_folder_target_may_not_be_the_site_itself(make_site):
    root = make_site()
    for place in (root, root / "content", root / "output"):
        result = wijksite("publish", "--naar-map", str(place), cwd=root)
        assert result.returncode == 2 and "de site zelf" in result.stderr
    assert (root / "content/verhalen/molens/index.md").is_file()


def test_zip_is_deterministic_and_holds_the_site(make_site, tmp_path):
    root = make_site()
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert wijksite("publish", "--naar-zip", str(first), cwd=root).returncode == 0
    assert wijksite("publish", "--naar-zip", str(second), cwd=root).returncode == 0
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
    assert "index.html" in names and "verhalen/molens/index.html" in names and names == sorted(names)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_git_branch_gets_the_site_with_nojekyll_and_no_empty_commits(make_site, tmp_path):
    root = make_site()
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    result = wijksite("publish", "--naar-git", str(remote), cwd=root)
    assert result.returncode == 0, result.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert ".nojekyll" in files and "index.html" in files and "verhalen/molens/index.html" in files
    again = wijksite("publish", "--naar-git", str(remote), cwd=root)
    assert again.returncode == 0 and "niets veranderd" in again.stdout
    assert len(git("rev-list", "gh-pages", cwd=remote).split()) == 1
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(INITIATIVE.replace("Wij repareren", "Wij maken"), encoding="utf-8")
    assert wijksite("publish", "--naar-git", str(remote), "--tak", "gh-pages", cwd=root).returncode == 0
    assert len(git("rev-list", "gh-pages", cwd=remote).split()) == 2
    assert "Site bijgewerkt op" in git("log", "-1", "--format=%s", "gh-pages", cwd=remote)


def test_rsync_publishes_and_asks_before_deleting(make_site, tmp_path):
    if shutil.which("rsync") is None:
        if os.environ.get("CI"):
            pytest.fail("rsync ontbreekt in CI (zie .ci/run)")
        pytest.skip("rsync is niet geïnstalleerd")
    root = make_site()
    target = tmp_path / "server"
    target.mkdir()
    (target / "oud.html").write_text("oud", encoding="utf-8")
    result = wijksite("publish", "--naar-rsync", f"{target}/", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file() and (target / "oud.html").exists()
    assert "weg: oud.html" in result.stdout
    assert wijksite("publish", "--naar-rsync", f"{target}/", "--ja", cwd=root).returncode == 0
    assert not (target / "oud.html").exists()


def test_target_from_site_yaml(make_site, tmp_path):
    from tests.conftest import SITE_YAML

    target = tmp_path / "share"
    root = make_site(site_yaml=SITE_YAML + f"publiceren:\n  doel: map\n  map: {target}\n")
    assert wijksite("publish", cwd=root).returncode == 0
    assert (target / "index.html").is_file()


def test_content_errors_publish_nothing(make_site, tmp_path):
    root = make_site()
    target = tmp_path / "share"
    (root / "content/initiatieven/reparatiecafe.md").write_text(INITIATIVE.replace("wijk: Kinderdijk", "wijk: X"),
                                                                 encoding="utf-8")
    result = wijksite("publish", "--naar-map", str(target), cwd=root)
    assert result.returncode == 1 and "onbekende waarde" in result.stderr
    assert not target.exists()


def test_no_target_is_explained(make_site):
    root = make_site()
    result = wijksite("publish", cwd=root)
    assert result.returncode == 2 and "--naar-map" in result.stderr and "docs/publiceren.md" in result.stderr
    assert not (root / "output").exists()  # it asks where before it builds anything
