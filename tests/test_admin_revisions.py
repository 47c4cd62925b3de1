"""Nothing lost: every save is atomic and kept (a git commit of only that file, or a copy in beheer/geschiedenis/),
undo puts the previous version back, a save from an older version is refused, and thrown-away entries can return."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.editing.revisions import (
    BIN,
    HISTORY,
    Conflict,
    OutsideSite,
    bin_items,
    previous_version,
    restore,
    save_file,
    site_path,
    throw_away,
    version_bytes,
    version_of,
    versions,
)
from tests.conftest import tree_digest

STORY = "content/verhalen/molens/index.md"


@pytest.fixture
def quiet_git(tmp_path, monkeypatch):
    """git with no user settings at all (as on a fresh library PC), so no test depends on this machine's config."""
    home = tmp_path / "thuis"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    return home


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def make_repo(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "-c", "user.name=Bib", "-c", "user.email=bib@example.org", "add", ".")
    git(root, "-c", "user.name=Bib", "-c", "user.email=bib@example.org", "commit", "-qm", "begin")


def test_without_git_the_previous_version_is_kept_and_undo_puts_it_back(make_site):
    root = make_site()
    path = root / STORY
    first = path.read_bytes()
    second = first.replace(b"titel: Schaatsen bij de molens", b"titel: Schaatsen")
    saved = save_file(root, STORY, second, version_of(first), "Bewerkt: titel")
    assert saved.kept == "geschiedenis" and path.read_bytes() == second
    [copy] = (root / HISTORY / STORY).iterdir()
    assert copy.read_bytes() == first
    assert previous_version(root, STORY) == first
    save_file(root, STORY, first, saved.version, "Ongedaan gemaakt")  # undo
    assert path.read_bytes() == first
    assert previous_version(root, STORY) == second  # and undo again puts the edit back: nothing is lost
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_save_from_an_older_version_is_refused_and_writes_nothing(make_site):
    root = make_site()
    path = root / STORY
    opened = path.read_bytes()
    other = opened.replace(b"plaats: Molenkade", b"plaats: Molenkade 12")
    save_file(root, STORY, other, version_of(opened), "Bewerkt door de eerste vrijwilliger")
    before = tree_digest(root)
    with pytest.raises(Conflict) as refused:
        save_file(root, STORY, opened.replace(b"wijk: Kinderdijk", b"wijk: Centrum"), version_of(opened), "tweede")
    assert refused.value.current == other  # the page can show what the other volunteer changed
    assert tree_digest(root) == before
    with pytest.raises(Conflict):  # a new entry where one now exists is refused too
        save_file(root, STORY, b"---\ntitel: x\n---\n", "", "nieuw")


def test_in_git_only_the_saved_file_is_committed_and_other_changes_stay_as_they_were(make_site, quiet_git):
    root = make_site()
    make_repo(root)
    git_config = (root / ".git/config").read_bytes()
    (root / "content/paginas/over.md").write_text("---\ntitel: Over ons, half af\n---\n", encoding="utf-8")
    (root / "content/initiatieven/nieuw.md").write_text("---\ntitel: Nog niet klaar\n---\n", encoding="utf-8")
    git(root, "add", "content/initiatieven/nieuw.md")  # staged by the volunteer, not to be committed by us
    status_before = git(root, "status", "--porcelain")
    original = (root / STORY).read_bytes()
    saved = save_file(root, STORY, original.replace(b"plaats: Molenkade", b"plaats: Kade"), version_of(original),
                      "Bewerkt in beheer: content/verhalen/molens/index.md (plaats)")
    assert saved.kept == "git" and saved.note == ""
    assert git(root, "log", "-1", "--format=%s%n%an").splitlines() == [
        "Bewerkt in beheer: content/verhalen/molens/index.md (plaats)", "wijksite"]
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [STORY]
    assert git(root, "status", "--porcelain") == status_before  # the half-done page and the staged file: untouched
    assert (root / ".git/config").read_bytes() == git_config and not list(quiet_git.iterdir())  # no settings made
    assert not (root / HISTORY).exists()
    assert previous_version(root, STORY) == original


def test_in_git_the_old_version_comes_back_with_its_own_line_ends(make_site, quiet_git):
    root = make_site()
    crlf = (root / STORY).read_bytes().replace(b"\n", b"\r\n")
    (root / STORY).write_bytes(crlf)
    make_repo(root)
    changed = crlf.replace(b"plaats: Molenkade", b"plaats: Kade")
    save_file(root, STORY, changed, version_of(crlf), "Bewerkt")
    [latest, first] = versions(root, STORY)
    assert version_bytes(root, STORY, first.id) == crlf and version_bytes(root, STORY, latest.id) == changed
    assert previous_version(root, STORY) == crlf


def test_a_photo_saved_with_its_story_never_replaces_an_existing_file(make_site, quiet_git):
    root = make_site()
    make_repo(root)
    original = (root / STORY).read_bytes()
    photo_before = (root / "content/verhalen/molens/ijs.jpg").read_bytes()
    save_file(root, STORY, original + b"\nMeer.\n", version_of(original), "Foto erbij",
              {"content/verhalen/molens/ijs.jpg": b"nieuwe foto"})
    assert (root / "content/verhalen/molens/ijs.jpg").read_bytes() == photo_before
    assert (root / "content/verhalen/molens/ijs-2.jpg").read_bytes() == b"nieuwe foto"
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "content/verhalen/molens/ijs-2.jpg", STORY]


@pytest.mark.parametrize("with_git", [False, True])
def test_a_thrown_away_story_waits_in_the_bin_and_comes_back(make_site, quiet_git, with_git):
    root = make_site()
    if with_git:
        make_repo(root)
    story = root / "content/verhalen/molens"
    before = tree_digest(story)
    item = throw_away(root, "content/verhalen/molens", "Naar de prullenbak: molens")
    assert not story.exists()
    assert tree_digest(root / BIN / item.name / "molens") == before
    assert [(i.name, i.original) for i in bin_items(root)] == [(item.name, "content/verhalen/molens")]
    (story / "index.md").parent.mkdir()
    (story / "index.md").write_text("---\ntitel: Een nieuw verhaal met dezelfde naam\n---\n", encoding="utf-8")
    restored = restore(root, item.name, "Teruggezet uit de prullenbak: molens")
    assert restored == "content/verhalen/molens-2"  # the place was taken again: nothing is overwritten
    assert tree_digest(root / restored) == before and bin_items(root) == []
    if with_git:
        assert git(root, "status", "--porcelain", "--", "content/verhalen/molens-2", BIN) == ""


@pytest.mark.parametrize("path", ["../buiten.md", "/etc/passwd", "content/../site.yaml", "content/verhalen/../../x",
                                  "C:\\Windows\\win.ini", "content\\verhalen\\x.md", "content/.verborgen.md",
                                  "output/index.html", ".wijksite-cache/x", "beheer/geschiedenis/x", "", "content",
                                  "content/verhalen/x\x00.md", "site.yaml/x"])
def test_paths_outside_the_content_are_refused(make_site, path):
    with pytest.raises(OutsideSite):
        site_path(make_site(), path)


def test_a_link_out_of_the_site_is_refused(make_site, tmp_path):
    root = make_site()
    outside = tmp_path / "buiten"
    outside.mkdir()
    (root / "content/verhalen/link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutsideSite):
        site_path(root, "content/verhalen/link/index.md")
    with pytest.raises(OutsideSite):
        save_file(root, "content/verhalen/link/index.md", b"x", "", "nieuw")
    assert list(outside.iterdir()) == []
    assert os.path.realpath(site_path(root, STORY)).startswith(os.path.realpath(root))
