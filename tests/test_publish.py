"""`wijksite publish` to a folder, a zip, a git branch and rsync: real folders, real git, real rsync."""

from __future__ import annotations

import hashlib
import os
import pty
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.publish.targets import Changes, is_remote
from tests.conftest import INITIATIVE, REPO, SITE_YAML, need_program


def wijksite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command as a volunteer would, without a terminal (so nobody can answer a question)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False, stdin=subprocess.DEVNULL)


def git(*args: str, cwd: Path | None = None) -> str:
    need_program("git", "git")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def edit_initiative(root: Path) -> None:
    page = root / "content/initiatieven/reparatiecafe.md"
    page.write_text(INITIATIVE.replace("Wij repareren", "Wij maken"), encoding="utf-8")


def listed(stdout: str, kind: str) -> list[str]:
    """The file names the summary lists under one kind of change ("nieuw", "veranderd", ...)."""
    lines = stdout.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("  ") and line.endswith(f" {kind}:")), None)
    if start is None:
        return []
    names: list[str] = []
    for line in lines[start + 1:]:
        if not line.startswith("      "):
            break
        names.append(line.strip())
    return names


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_summary_counts_and_lists_the_first_ten():
    changes = Changes(added=[f"pagina-{n:02}.html" for n in range(12)], removed=["oud.html"])
    lines = changes.summary()
    assert lines[0] == "  12 nieuw:" and "      pagina-09.html" in lines and "      pagina-10.html" not in lines
    assert "      … en nog 2" in lines and "  0 veranderd" in lines
    assert lines[-2:] == ["  1 niet meer in de site:", "      oud.html"]
    assert Changes().summary() == ["  niets veranderd"]


def test_remote_addresses_are_told_from_local_paths():
    assert is_remote("gebruiker@server.example:/var/www/wijk/") and is_remote("https://github.com/a/b.git")
    assert is_remote("git@github.com:bibliotheek/wijk.git")
    assert not is_remote("/mnt/web/wijk") and not is_remote("../pages.git") and not is_remote("C:/web")
    assert not is_remote("map/met:dubbele-punt")


@pytest.mark.parametrize("option", ["--naar-map", "--naar-zip", "--naar-git", "--naar-rsync"])
def test_dry_run_shows_changes_and_writes_nothing_for_any_target(make_site, tmp_path, option):
    if option == "--naar-rsync":
        need_program("rsync", "rsync")
    root = make_site()
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    server = tmp_path / "server"
    server.mkdir()
    place = {"--naar-map": tmp_path / "webshare", "--naar-zip": tmp_path / "site.zip", "--naar-git": remote,
             "--naar-rsync": server}[option]
    before = snapshot(remote)
    result = wijksite("publish", option, str(place), "--dry-run", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "nieuw:" in result.stdout and "      index.html" in result.stdout and "Proefdraai" in result.stdout
    assert snapshot(remote) == before
    assert not (tmp_path / "webshare").exists() and not (tmp_path / "site.zip").exists()
    assert not list(server.iterdir())
    assert not git("branch", "--list", cwd=remote).strip()


def test_folder_publish_copies_updates_only_changes_and_asks_before_removing(make_site, tmp_path):
    root = make_site()
    target = tmp_path / "webshare"
    assert wijksite("publish", "--naar-map", str(target), cwd=root).returncode == 0
    assert (target / "index.html").is_file() and (target / "verhalen/molens/index.html").is_file()
    assert not (target / ".wijksite-bestanden.json").exists()
    css = target / "static/css/site.css"
    os.utime(css, (1_000_000_000, 1_000_000_000))
    (target / "oud.html").write_text("oude pagina", encoding="utf-8")
    (target / "archief/2019").mkdir(parents=True)
    (target / "archief/2019/oud.html").write_text("nog ouder", encoding="utf-8")
    edit_initiative(root)
    result = wijksite("publish", "--naar-map", str(target), cwd=root)  # no terminal: nothing is removed
    assert result.returncode == 0, result.stderr
    assert "initiatieven/reparatiecafe/index.html" in listed(result.stdout, "veranderd")
    assert "static/css/site.css" not in listed(result.stdout, "veranderd")
    assert {"archief/2019/oud.html", "oud.html"} <= set(listed(result.stdout, "niet meer in de site"))
    assert "Niet verwijderd: er is geen terminal" in result.stdout and "--ja" in result.stdout
    assert css.stat().st_mtime == 1_000_000_000  # unchanged files are left alone
    assert (target / "oud.html").exists() and (target / "archief/2019/oud.html").exists()
    assert "Wij maken" in (target / "initiatieven/reparatiecafe/index.html").read_text(encoding="utf-8")
    assert wijksite("publish", "--naar-map", str(target), "--ja", cwd=root).returncode == 0
    assert not (target / "oud.html").exists() and not (target / "archief").exists()  # emptied folders go too
    again = wijksite("publish", "--naar-map", str(target), cwd=root)
    assert "niets veranderd" in again.stdout and css.stat().st_mtime == 1_000_000_000


@pytest.mark.parametrize(("answer", "removed"), [("ja", True), ("nee", False)])
def test_on_a_terminal_the_volunteer_is_asked_ja_or_nee(make_site, tmp_path, answer, removed):
    root = make_site()
    target = tmp_path / "webshare"
    assert wijksite("publish", "--naar-map", str(target), cwd=root).returncode == 0
    (target / "oud.html").write_text("oude pagina", encoding="utf-8")
    controller, terminal = pty.openpty()
    try:
        os.write(controller, f"misschien\n{answer}\n".encode())
        result = subprocess.run([sys.executable, "-m", "generator", "publish", "--naar-map", str(target)], cwd=root,
                                stdin=terminal, capture_output=True, text=True, timeout=300, check=False)
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 0, result.stderr
    assert "Verwijderen? [ja/nee]" in result.stdout and "Typ ja of nee" in result.stdout
    assert (target / "oud.html").exists() is not removed


def test_folder_target_may_not_be_the_site_itself(make_site, tmp_path):
    root = make_site()
    for place in (root, root / "content", root / "output", root / "content/verhalen", tmp_path):
        result = wijksite("publish", "--naar-map", str(place), cwd=root)
        assert result.returncode == 2 and "de site zelf" in result.stderr and "Traceback" not in result.stderr
    assert (root / "content/verhalen/molens/index.md").is_file()


def test_folder_publish_never_writes_outside_the_folder(make_site, tmp_path):
    root = make_site()
    elsewhere, target = tmp_path / "elders", tmp_path / "webshare"
    elsewhere.mkdir()
    target.mkdir()
    (target / "static").symlink_to(elsewhere, target_is_directory=True)
    result = wijksite("publish", "--naar-map", str(target), cwd=root)
    assert result.returncode == 2 and "snelkoppeling" in result.stderr
    assert not list(elsewhere.iterdir()) and not (target / "index.html").exists()


def test_mistakes_in_the_target_are_explained_without_a_traceback(make_site, tmp_path):
    root = make_site()
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    (tmp_path / "geen.zip").write_text("geen zip", encoding="utf-8")
    cases = [(("--naar-map", str(tmp_path / "bestand")), "geen map"),
             (("--naar-map", str(tmp_path / "niet-aangesloten/wijk")), "aangesloten"),
             (("--naar-zip", str(tmp_path / "geen.zip")), "geen zip-bestand"),
             (("--naar-zip", str(tmp_path / "site.txt")), "op .zip eindigen"),
             (("--naar-zip", str(tmp_path)), "is een map"),
             (("--naar-git", str(tmp_path / "bestaat-niet.git")), "git init --bare"),
             (("--naar-git", str(tmp_path), "--tak", "a..b"), "geen geldige naam"),
             (("--naar-map", str(tmp_path / "w"), "--tak", "main"), "--tak hoort bij --naar-git")]
    for args, message in cases:
        result = wijksite("publish", *args, cwd=root)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, args
    assert (tmp_path / "geen.zip").read_text(encoding="utf-8") == "geen zip"


def test_zip_is_deterministic_and_holds_the_site(make_site, tmp_path):
    root = make_site()
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert wijksite("publish", "--naar-zip", str(first), cwd=root).returncode == 0
    shutil.rmtree(root / "output")  # a fresh build too gives the same bytes
    assert wijksite("publish", "--naar-zip", str(second), cwd=root).returncode == 0
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert "index.html" in names and "verhalen/molens/index.html" in names and names == sorted(names)
    assert ".wijksite-bestanden.json" not in names
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    edit_initiative(root)
    result = wijksite("publish", "--naar-zip", str(first), cwd=root)
    assert "initiatieven/reparatiecafe/index.html" in listed(result.stdout, "veranderd")


def test_git_branch_gets_the_site_with_nojekyll_and_no_empty_commits(make_site, tmp_path):
    root = make_site()
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    result = wijksite("publish", "--naar-git", str(remote), cwd=root)
    assert result.returncode == 0, result.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert ".nojekyll" in files and "index.html" in files and "verhalen/molens/index.html" in files
    assert ".wijksite-bestanden.json" not in files
    again = wijksite("publish", "--naar-git", str(remote), cwd=root)
    assert again.returncode == 0 and "niets veranderd" in again.stdout
    assert len(git("rev-list", "gh-pages", cwd=remote).split()) == 1
    edit_initiative(root)
    changed = wijksite("publish", "--naar-git", str(remote), "--tak", "gh-pages", cwd=root)
    assert changed.returncode == 0 and "      initiatieven/reparatiecafe/index.html" in changed.stdout
    assert len(git("rev-list", "gh-pages", cwd=remote).split()) == 2
    assert "Site bijgewerkt op" in git("log", "-1", "--format=%s", "gh-pages", cwd=remote)


def test_git_keeps_files_on_the_branch_unless_removal_is_confirmed(make_site, tmp_path):
    root = make_site()
    remote, clone = tmp_path / "pages.git", tmp_path / "kloon"
    git("init", "--quiet", "--bare", str(remote))
    assert wijksite("publish", "--naar-git", str(remote), cwd=root).returncode == 0
    git("clone", "--quiet", "--branch", "gh-pages", str(remote), str(clone))
    (clone / "CNAME").write_text("wijk.example\n", encoding="utf-8")  # GitHub's custom domain: always kept
    (clone / "oud.html").write_text("oude pagina", encoding="utf-8")
    git("add", "CNAME", "oud.html", cwd=clone)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "domein", cwd=clone)
    git("push", "--quiet", "origin", "gh-pages", cwd=clone)
    kept = wijksite("publish", "--naar-git", str(remote), cwd=root)  # only a removal, and no one to confirm it
    assert kept.returncode == 0, kept.stderr
    assert listed(kept.stdout, "niet meer in de site") == ["oud.html"]
    assert {"CNAME", "oud.html"} <= set(git("ls-tree", "--name-only", "gh-pages", cwd=remote).split())
    assert len(git("rev-list", "gh-pages", cwd=remote).split()) == 2
    assert wijksite("publish", "--naar-git", str(remote), "--ja", cwd=root).returncode == 0
    files = git("ls-tree", "--name-only", "gh-pages", cwd=remote).split()
    assert "oud.html" not in files and "CNAME" in files


@pytest.mark.parametrize("option", ["--naar-map", "--naar-rsync"])
def test_files_the_web_host_needs_are_never_removed(make_site, tmp_path, option):
    if option == "--naar-rsync":
        need_program("rsync", "rsync")
    root = make_site()
    place = tmp_path / "server"
    (place / ".well-known/acme-challenge").mkdir(parents=True)
    (place / ".well-known/acme-challenge/token").write_text("certificaat", encoding="utf-8")
    (place / ".htaccess").write_text("ErrorDocument 404 /404.html\n", encoding="utf-8")
    (place / "oud.html").write_text("oude pagina", encoding="utf-8")
    result = wijksite("publish", option, str(place), "--ja", cwd=root)
    assert result.returncode == 0, result.stderr
    assert listed(result.stdout, "niet meer in de site") == ["oud.html"]
    assert (place / ".htaccess").exists() and (place / ".well-known/acme-challenge/token").exists()
    assert not (place / "oud.html").exists() and (place / "index.html").exists()


def test_git_publish_leaves_the_users_own_checkout_alone(make_site, tmp_path):
    root = make_site()
    git("init", "--quiet", "--initial-branch", "main", cwd=root)
    (root / ".gitignore").write_text("output/\n.wijksite-cache/\n", encoding="utf-8")
    git("add", ".gitignore", "site.yaml", "content", cwd=root)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "inhoud", cwd=root)
    (root / "site.yaml").write_text(SITE_YAML + "# nog niet bewaard\n", encoding="utf-8")
    status = git("status", "--porcelain", cwd=root)
    result = wijksite("publish", "--naar-git", ".", "--tak", "pages", cwd=root)  # the site's own repository
    assert result.returncode == 0, result.stderr
    assert git("branch", "--show-current", cwd=root).strip() == "main"
    assert git("status", "--porcelain", cwd=root) == status
    assert "# nog niet bewaard" in (root / "site.yaml").read_text(encoding="utf-8")
    assert ".nojekyll" in git("ls-tree", "--name-only", "pages", cwd=root).split()
    assert len(git("rev-list", "main", cwd=root).split()) == 1


def test_rsync_publishes_and_asks_before_deleting(make_site, tmp_path):
    need_program("rsync", "rsync")
    root = make_site()
    target = tmp_path / "server"
    target.mkdir()
    (target / "oud.html").write_text("oud", encoding="utf-8")
    result = wijksite("publish", "--naar-rsync", f"{target}/", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file() and (target / "oud.html").exists()
    assert "  1 niet meer in de site:\n      oud.html\n" in result.stdout and "Niet verwijderd" in result.stdout
    assert not (target / ".wijksite-bestanden.json").exists()
    css = target / "static/css/site.css"
    os.utime(css, (1_000_000_000, 1_000_000_000))
    edit_initiative(root)
    changed = wijksite("publish", "--naar-rsync", f"{target}/", "--ja", cwd=root)
    assert changed.returncode == 0, changed.stderr
    assert "initiatieven/reparatiecafe/index.html" in listed(changed.stdout, "veranderd")
    assert "static/css/site.css" not in listed(changed.stdout, "veranderd")
    assert not (target / "oud.html").exists() and css.stat().st_mtime == 1_000_000_000
    assert "Wij maken" in (target / "initiatieven/reparatiecafe/index.html").read_text(encoding="utf-8")


def test_without_rsync_the_volunteer_is_told_how_to_install_it(make_site, tmp_path):
    root = make_site()
    (tmp_path / "leeg").mkdir()
    result = subprocess.run([sys.executable, "-m", "generator", "publish", "--naar-rsync", "gebruiker@server:/www/"],
                            cwd=root, capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "PATH": str(tmp_path / "leeg")})
    assert result.returncode == 2 and "rsync is niet geïnstalleerd" in result.stderr
    assert "apt-get install rsync" in result.stderr and "brew install rsync" in result.stderr


def test_rsync_to_a_local_path_may_not_be_the_site_itself(make_site):
    need_program("rsync", "rsync")
    root = make_site()
    result = wijksite("publish", "--naar-rsync", ".", "--ja", cwd=root)
    assert result.returncode == 2 and "de site zelf" in result.stderr
    assert (root / "site.yaml").is_file() and (root / "content/verhalen/molens/index.md").is_file()


def test_target_from_site_yaml_with_paths_relative_to_the_site(make_site, tmp_path):
    root = make_site(site_yaml=SITE_YAML + "publiceren:\n  doel: map\n  map: ../share\n")
    elsewhere = tmp_path / "ergens"
    elsewhere.mkdir()
    result = wijksite("publish", "--source", str(root), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "share/index.html").is_file() and not (tmp_path / "share/share").exists()


def test_a_target_named_in_site_yaml_must_be_given(make_site):
    root = make_site(site_yaml=SITE_YAML + "publiceren:\n  doel: zip\n")
    result = wijksite("publish", cwd=root)
    assert result.returncode == 2 and "doel: zip" in result.stderr


def test_content_errors_publish_nothing(make_site, tmp_path):
    root = make_site()
    target, archive, remote = tmp_path / "share", tmp_path / "site.zip", tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    (root / "content/initiatieven/reparatiecafe.md").write_text(INITIATIVE.replace("wijk: Kinderdijk", "wijk: X"),
                                                                encoding="utf-8")
    for option, place in (("--naar-map", target), ("--naar-zip", archive), ("--naar-git", remote)):
        result = wijksite("publish", option, str(place), "--ja", cwd=root)
        assert result.returncode == 1 and "onbekende waarde" in result.stderr and "Niet gelukt" in result.stderr
    assert not target.exists() and not archive.exists() and not git("branch", "--list", cwd=remote).strip()


def test_no_target_is_explained(make_site):
    root = make_site()
    result = wijksite("publish", cwd=root)
    assert result.returncode == 2 and "--naar-map" in result.stderr and "docs/publiceren.md" in result.stderr
    assert not (root / "output").exists()  # it asks where before it builds anything


# The README's rule for programs the tests need: without rsync, git or Java a test is skipped outside CI and fails
# in CI. Checked by running the tests that need rsync on a PATH without it, once as CI and once not.
NEEDS_RSYNC = ["test_dry_run_shows_changes_and_writes_nothing_for_any_target[--naar-rsync]",
               "test_files_the_web_host_needs_are_never_removed[--naar-rsync]",
               "test_rsync_publishes_and_asks_before_deleting", "test_rsync_to_a_local_path_may_not_be_the_site_itself"]


@pytest.mark.parametrize(("ci", "outcome"), [("true", "failed"), ("", "skipped")])
def test_without_rsync_its_tests_fail_in_ci_and_are_skipped_elsewhere(tmp_path, ci, outcome):
    bare = tmp_path / "bin"
    bare.mkdir()
    for program in ("git",):  # everything the tests may use but rsync
        if shutil.which(program):
            (bare / program).symlink_to(shutil.which(program))
    tests = [f"{Path(__file__).relative_to(REPO)}::{name}" for name in NEEDS_RSYNC]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", *tests],
                            cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "PATH": str(bare), "CI": ci})
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{len(NEEDS_RSYNC)} {outcome}"), result.stdout
    assert "apt-get install rsync" in result.stdout if outcome == "skipped" else ".ci/run" in result.stdout
