"""Rebuilds that reuse earlier work: every change shows, nothing is stale, an interrupted build is finished."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline as pipeline_module
from generator.build import build
from generator.errors import BuildStopped
from generator.incremental import folders
from generator.incremental.snapshot import take_snapshot as snapshot
from generator.options import BuildOptions
from generator.output.manifest import MANIFEST, STAGING, UPDATING, present_files
from tests.conftest import INITIATIVE, STORY, read_html, tree_digest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_move_cut_off_halfway_is_finished_by_the_next_build(make_site, build_site, monkeypatch, tmp_path):
    root = make_site()
    build_site(root)
    (root / "content/initiatieven/tweede.md").write_text(INITIATIVE.replace("Reparatiecafé", "Tweede"),
                                                         encoding="utf-8")
    real_replace = os.replace

    def disk_full_at_the_manifest(source, target):
        if str(target).endswith(MANIFEST):
            raise OSError(28, "No space left on device", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", disk_full_at_the_manifest)
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    assert stopped.value.output_changed  # the message must not say that nothing was written
    monkeypatch.setattr(os, "replace", real_replace)
    assert (root / "output" / UPDATING).exists()
    report = build_site(root)  # no "files wijksite did not make": it finishes the job
    assert not (root / "output" / UPDATING).exists() and not (root / "output" / STAGING).exists()
    assert "Tweede" in (root / "output/initiatieven/index.html").read_text(encoding="utf-8")
    assert report.pages == build_site(root, output=tmp_path / "schoon").pages
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")


def test_a_failed_first_build_leaves_no_output_folder(make_site):
    root = make_site({"templates/pagina.html": "{% extends 'base.html' %}{% block content %}{{ fout.x }}"
                                               "{% endblock %}"})
    with pytest.raises(BuildStopped):
        build(BuildOptions(root))
    assert not (root / "output").exists()


def test_an_output_folder_that_is_a_link_is_built_in_place(make_site, build_site, tmp_path):
    root = make_site()
    elsewhere = tmp_path / "ergens-anders"
    elsewhere.mkdir()
    (root / "output").symlink_to(elsewhere, target_is_directory=True)
    build_site(root)
    (root / "content/paginas/over.md").unlink()
    build_site(root)
    assert (root / "output").is_symlink() and (elsewhere / "index.html").is_file()
    assert not (elsewhere / "over").exists() and not (elsewhere / STAGING).exists()


def link_a_story_folder(root):
    """A story kept outside content/ (an archive folder) and linked in as content/verhalen/oude-molen."""
    archive = root / "archief/oude-molen"
    archive.mkdir(parents=True)
    (archive / "index.md").write_text(STORY.split("fotos:")[0].replace("Schaatsen bij de molens", "Oude molen")
                                      + "---\nEerste versie.\n", encoding="utf-8")
    (root / "content/verhalen/oude-molen").symlink_to(archive, target_is_directory=True)
    return archive


def test_an_edit_inside_a_linked_story_folder_is_noticed(make_site, build_site):
    root = make_site()
    archive = link_a_story_folder(root)
    build_site(root)
    edit(archive / "index.md", "Eerste versie", "Tweede versie")
    build_site(root)
    assert "Tweede versie" in (root / "output/verhalen/oude-molen/index.html").read_text(encoding="utf-8")


def test_a_page_that_shows_other_entries_of_its_wijk_follows_their_edits(make_site, build_site):
    override = ('{% extends "standaard/initiatief.html" %}{% block content %}{{ super() }}<ul class="buren">'
                '{% for other in wijk_by_name[entry.wijk].initiatives if other.slug != entry.slug %}'
                '<li>{{ other.summary }} ({{ other.status }})</li>{% endfor %}</ul>{% endblock %}')
    root = make_site({"templates/initiatief.html": override,
                      "content/initiatieven/tweede.md": INITIATIVE.replace("Reparatiecafé", "Tweede")})
    build_site(root)
    edit(root / "content/initiatieven/tweede.md", "samenvatting: Kapotte spullen", "samenvatting: Nieuw")
    build_site(root)
    shown = read_html(root / "output/initiatieven/reparatiecafe/index.html").find(class_="buren").get_text()
    assert "Nieuw" in shown


def test_a_file_saved_again_during_a_build_is_not_remembered_wrongly(make_site, build_site, monkeypatch):
    root = make_site()
    story = root / "content/verhalen/molens/index.md"
    old = time.time() - 60  # saved long ago: the next build trusts what it remembers of the file
    for path in (story, root / "site.yaml"):
        os.utime(path, (old, old))
    build_site(root)
    original = story.read_bytes()
    # a new wijk: every entry is parsed again, so files known from the memo are read during the build
    edit(root / "site.yaml", "  - naam: Blokweer\n", "  - naam: Blokweer\n  - naam: Nieuwe wijk\n")
    real_discover = pipeline_module.discover

    def discover_while_the_user_saves(site_root, inputs):
        found = real_discover(site_root, inputs)
        story.write_bytes(original.replace(b"Het was koud.", b"TUSSENVERSIE."))
        return found

    monkeypatch.setattr(pipeline_module, "discover", discover_while_the_user_saves)
    build_site(root)
    monkeypatch.setattr(pipeline_module, "discover", real_discover)
    story.write_bytes(original)  # and undoes it
    build_site(root)
    html = (root / "output/verhalen/molens/index.html").read_text(encoding="utf-8")
    assert "TUSSENVERSIE" not in html and "Het was koud." in html


def test_previews_with_drafts_and_builds_in_turn_equal_a_build_from_nothing(make_site, build_site, tmp_path):
    draft = INITIATIVE.replace("Reparatiecafé", "Geheim concept").replace("status: lopend", "status: lopend\n"
                                                                          "concept: true")
    root = make_site({"content/initiatieven/geheim.md": draft})
    preview = {"output": tmp_path / "voorbeeld", "drafts": True, "base_url": "", "remove_foreign": True}
    build_site(root)
    build_site(root, **preview)
    edit(root / "content/initiatieven/reparatiecafe.md", "Wij repareren", "Wij maken")
    build_site(root, **preview)
    build_site(root)
    assert "Geheim" not in (root / "output/initiatieven/index.html").read_text(encoding="utf-8")
    shutil.rmtree(root / ".wijksite-cache")
    build_site(root, output=tmp_path / "zonder-cache")
    assert tree_digest(root / "output") == tree_digest(tmp_path / "zonder-cache")


def test_ctrl_c_while_files_are_moved_in_waits_until_the_site_is_whole(make_site, build_site, monkeypatch, tmp_path):
    root = make_site()
    build_site(root)
    edit(root / "site.yaml", "titel: Wijk Testdorp", "titel: Wijk Nieuwdorp")  # every page changes
    real_replace, pressed = os.replace, []

    def ctrl_c_at_the_first_file(source, target):
        if not pressed and STAGING in str(source):  # the first file moved from staging into the output
            pressed.append(True)
            os.kill(os.getpid(), signal.SIGINT)
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", ctrl_c_at_the_first_file)
    with pytest.raises(KeyboardInterrupt):
        build_site(root)
    monkeypatch.setattr(os, "replace", real_replace)
    assert pressed and not (root / "output" / UPDATING).exists()
    build_site(root, output=tmp_path / "schoon")
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")  # all new, nothing half


@pytest.fixture
def settled(monkeypatch):
    """Folders changed just now count as settled: no need to wait for the clock's next tick (folders._racy)."""
    monkeypatch.setattr(folders, "RACY_NS_COARSE", 0)
    monkeypatch.setattr(folders, "RACY_NS_FINE", 0)


@pytest.mark.skipif(not folders.TIMES_TELL, reason="folder listings are not remembered on Windows")
def test_the_output_folders_are_listed_again_only_when_they_changed(tmp_path, settled):
    out = tmp_path / "uit"
    (out / "a/b").mkdir(parents=True)
    (out / "a/b/c.html").write_text("c")
    (out / "d.html").write_text("d")
    memo: dict = {}
    assert present_files(out, memo) == {"a/b/c.html", "d.html"}
    assert set(memo) == {"", "a/", "a/b/"}
    memo["a/b/"][1].append(["onthouden.html", "f"])  # a folder that did not change is not listed again
    assert present_files(out, memo) == {"a/b/c.html", "a/b/onthouden.html", "d.html"}
    (out / "a/b/c.html").unlink()  # a change gives the folder new times: it is listed again
    (out / "a/nieuw.html").write_text("n")
    assert present_files(out, memo) == {"a/nieuw.html", "d.html"}
    stamp = (out / "a").stat()
    (out / "a/van-rsync.html").write_text("r")  # and its old modification time put back, as rsync -a does:
    os.utime(out / "a", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # its change time still tells
    assert "a/van-rsync.html" in present_files(out, memo)


def test_folders_changed_just_before_a_walk_are_listed_again_next_time(tmp_path):
    out = tmp_path / "uit"
    (out / "a").mkdir(parents=True)
    (out / "a/b.html").write_text("b")
    memo: dict = {}
    present_files(out, memo)
    assert memo == {}  # they might change again within the same tick of the clock, unseen


def test_pages_removed_from_the_output_and_files_added_to_it_are_noticed(make_site, build_site, settled):
    root = make_site()
    build_site(root)
    edit(root / "content/paginas/over.md", "Over", "Over ons")
    build_site(root)  # remembers the folders it walked
    (root / "output/initiatieven/reparatiecafe/index.html").unlink()
    (root / "output/verhalen/molens/aantekening.txt").write_text("van mij", encoding="utf-8")
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    assert "verhalen/molens/aantekening.txt" in stopped.value.problems[0].message
    (root / "output/verhalen/molens/aantekening.txt").unlink()
    report = build_site(root)
    assert report.pages_made == 1  # the page that was removed, and only that one
    assert (root / "output/initiatieven/reparatiecafe/index.html").is_file()


@pytest.mark.skipif(not folders.TIMES_TELL, reason="folder listings are not remembered on Windows")
def test_the_input_folders_are_listed_again_only_when_they_changed(tmp_path, settled):
    content = tmp_path / "content"
    (content / "verhalen/molens").mkdir(parents=True)
    (content / "verhalen/molens/index.md").write_text("m")
    (content / "verhalen/werf").mkdir()
    (content / "verhalen/werf/index.md").write_text("w")
    first = snapshot([content], {}, 0)
    assert sorted(first.files) == [str(content / "verhalen"), str(content / "verhalen/molens"),  # folders count too
                                   str(content / "verhalen/molens/index.md"), str(content / "verhalen/werf"),
                                   str(content / "verhalen/werf/index.md")]
    assert set(first.folders) == {str(content), str(content / "verhalen"), str(content / "verhalen/molens"),
                                  str(content / "verhalen/werf")}
    first.folders[str(content / "verhalen/werf")][1].append(["onthouden.md", "f"])  # unchanged: not listed again
    assert str(content / "verhalen/werf/onthouden.md") in snapshot([content], first.memo, first.read_at_ns,
                                                                   first.folders).files
    (content / "verhalen/molens/molen.jpg").write_bytes(b"foto")  # a new photo in a folder listed before
    (content / "verhalen/nieuw").mkdir()
    (content / "verhalen/nieuw/index.md").write_text("n")
    again = snapshot([content], first.memo, first.read_at_ns, first.folders)
    assert {str(content / "verhalen/molens/molen.jpg"), str(content / "verhalen/nieuw/index.md")} <= set(again.files)


@pytest.mark.skipif(not folders.TIMES_TELL, reason="folder listings are not remembered on Windows")
def test_a_folder_changed_just_before_a_walk_is_listed_again_next_time(tmp_path):
    content = tmp_path / "content"
    (content / "verhalen").mkdir(parents=True)
    now = folders.file_system_now_ns(tmp_path / "cache")  # by the disk's clock: never later than this machine's
    assert now <= time.time_ns() and not list((tmp_path / "cache").iterdir())  # the probe is gone again
    first = snapshot([content], {}, 0, None, now)
    assert str(content / "verhalen") not in first.folders  # changed within RACY_NS_FINE: may change again unseen
    time.sleep(0.15)
    assert str(content / "verhalen") in snapshot([content], {}, 0).folders  # settled, by this machine's clock
    info = os.stat(content / "verhalen")
    server_now = max(info.st_mtime_ns, info.st_ctime_ns) + 5_000_000  # a network disk's clock 0.15 s behind
    assert str(content / "verhalen") not in snapshot([content], {}, 0, None, server_now).folders


def test_the_clock_probe_falls_back_to_this_machine_where_it_cannot_write(tmp_path):
    blocked = tmp_path / "bestand"
    blocked.write_text("geen map")
    before = time.time_ns()
    assert before <= folders.file_system_now_ns(blocked / "cache") <= time.time_ns()


def test_a_linked_story_folder_whose_target_is_gone_is_skipped_with_a_warning(make_site, build_site, settled):
    root = make_site()
    archive = link_a_story_folder(root)
    build_site(root)
    build_site(root)  # with the folders remembered
    archive.rename(root / "archief/elders")
    report = build_site(root)  # no traceback: the link leads nowhere now
    assert [problem.path for problem in report.warnings] == ["content/verhalen/oude-molen"]
    assert not (root / "output/verhalen/oude-molen").exists()


@pytest.mark.skipif(not folders.TIMES_TELL, reason="folder listings are not remembered on Windows")
def test_a_folder_is_trusted_sooner_where_times_are_kept_to_the_nanosecond(tmp_path):
    fine, coarse = tmp_path / "ext4", tmp_path / "fat"
    for folder in (fine, coarse):
        folder.mkdir()
        (folder / "a.html").write_text("a")
    second = (time.time_ns() // 1_000_000_000 - 1) * 1_000_000_000
    os.utime(coarse, ns=(second, second))  # whole seconds, as FAT keeps them
    time.sleep(0.3)  # longer ago than a fine clock's tick, not longer than FAT's two seconds
    memo: dict = {}
    present_files(tmp_path, memo)
    assert "ext4/" in memo and "fat/" not in memo


def test_a_damaged_build_cache_costs_time_never_a_wrong_page_or_a_stopped_build(make_site, build_site, tmp_path):
    root = make_site()
    build_site(root)
    database = root / ".wijksite-cache/bouw.sqlite"
    with sqlite3.connect(database) as connection:  # one flipped bit in every batch: entries and the last build
        for table in ("entries", "builds"):
            for batch, value in connection.execute(f"SELECT batch, value FROM {table}_batches").fetchall():
                flipped = bytearray(value)
                flipped[value.find(b"Schaatsen") if b"Schaatsen" in value else len(value) // 2] ^= 0x20
                connection.execute(f"UPDATE {table}_batches SET value = ? WHERE batch = ?", (bytes(flipped), batch))
    report = build_site(root)  # no traceback, and no "schaatsen" for "Schaatsen"
    assert report.pages == build_site(root, output=tmp_path / "schoon").pages
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")
    assert build_site(root).pages_made == 0  # the cache mended itself
    database.write_bytes(b"geen database " * 1000)  # a file that is no database at all
    assert build_site(root).pages == report.pages
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")
    edit(root / "content/paginas/over.md", "Over ons.", "Over ons en de wijk.")  # the cache works again
    assert build_site(root).pages_made < report.pages


def test_no_build_leaves_the_garbage_collector_off_or_objects_set_aside(make_site, build_site, monkeypatch):
    # a preview server builds again and again in one process: what one build set aside must be collectable later
    root = make_site()
    build_site(root)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/pagina.html").write_text("{% extends 'base.html' %}{% block content %}{{ fout.x }}"
                                                "{% endblock %}", encoding="utf-8")
    with pytest.raises(BuildStopped):  # stops while the pages are made
        build_site(root)
    assert gc.isenabled() and gc.get_freeze_count() == 0

    def fault(*args):  # a fault between reading the site and making its pages (a damaged record, say)
        raise RuntimeError("kapot")

    monkeypatch.setattr(pipeline_module, "PageKeys", fault)
    with pytest.raises(RuntimeError):
        build_site(root)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_full_disk_under_the_work_folder_is_named_as_such(make_site, build_site, monkeypatch):
    root = make_site()
    real_link = os.link

    def full_in_the_work_folder(source, target, *args, **kwargs):
        if ".wijksite-cache" in str(target):
            raise OSError(28, "No space left on device", str(source), None, str(target))
        return real_link(source, target, *args, **kwargs)

    def copy_too(source, target, *args, **kwargs):
        if ".wijksite-cache" in str(target):
            raise OSError(28, "No space left on device", str(target))
        return real_copy(source, target, *args, **kwargs)

    real_copy = shutil.copyfile
    monkeypatch.setattr(os, "link", full_in_the_work_folder)
    monkeypatch.setattr(shutil, "copyfile", copy_too)
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    problem = stopped.value.problems[0]
    assert problem.path == str(root / ".wijksite-cache") and "werkmap" in problem.message
    assert "No space left on device" in problem.message and "--output" not in problem.hint
    assert not (root / "output").exists()  # nothing half written


def test_an_output_manifest_changed_by_hand_means_the_output_is_checked_again(make_site, build_site, tmp_path):
    root = make_site()
    build_site(root)
    manifest = root / "output" / MANIFEST
    same_content = json.dumps(json.loads(manifest.read_text(encoding="utf-8")), indent=1)  # other bytes
    manifest.write_text(same_content, encoding="utf-8")
    report = build_site(root)  # not "nothing changed": the output is not as the last build left it
    assert report.pages_made == report.pages and manifest.read_text(encoding="utf-8") != same_content
    build_site(root, output=tmp_path / "schoon")
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")


def test_a_build_with_nothing_to_do_loads_none_of_the_pipeline_and_tells_the_last_report(make_site, build_site):
    root = make_site()
    (root / "content/initiatieven/reparatiecafe.md").write_text(
        INITIATIVE.replace("/verhalen/molens/", "/verhalen/bestaat-niet/"),
        encoding="utf-8")  # a warning: the report of the last build tells it again
    first = build_site(root)
    assert len(first.warnings) == 1
    script = ("import sys; from generator.cli import main; code = main(['build', '--site', sys.argv[1]]); "
              "print(sorted(m for m in ('generator.pipeline', 'jinja2', 'markdown', 'yaml', 'PIL', 'segno') "
              "if m in sys.modules), code)")
    again = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120,
                           check=True)
    assert again.stdout.splitlines()[-1] == "[] 0"
    assert "niets veranderd sinds de vorige build" in again.stderr
    assert "bestaat-niet" in again.stderr  # the warning, as the last build found it
    assert f"Klaar: {first.pages} pagina's (0 opnieuw gemaakt)" in again.stdout
    assert "1 waarschuwing," in again.stdout
    (root / "content/initiatieven/reparatiecafe.md").write_text(INITIATIVE, encoding="utf-8")
    fixed = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120,
                           check=True)
    assert "'generator.pipeline'" in fixed.stdout.splitlines()[-1]  # something to do: the pipeline made it
    assert "0 waarschuwingen" in fixed.stdout
