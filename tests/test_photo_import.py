"""Importing a workshop's folder of photos: draft stories, originals untouched, nothing overwritten."""

from __future__ import annotations

import shutil
import subprocess
import sys

from PIL import Image

from generator.build import build
from generator.options import BuildOptions
from generator.pipeline import prepare
from tests.conftest import tree_digest, write_jpeg


def taken_on(stamp: str) -> Image.Exif:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = stamp
    return exif


def run_import(root, folder, *extra):
    return subprocess.run([sys.executable, "-m", "generator", "importeer-fotos", str(folder), *extra], cwd=root,
                          capture_output=True, text=True, check=False, timeout=60)


def test_folder_of_scans_becomes_draft_stories_and_the_site_still_builds(make_site, tmp_path):
    root = make_site()
    scans = tmp_path / "fotomiddag"
    write_jpeg(scans / "IMG_0001.JPG", (800, 600), exif=taken_on("1962:07:14 10:00:00"))
    write_jpeg(scans / "Oma & opa.jpeg", (600, 800))
    (scans / "notities.txt").write_text("geen foto", encoding="utf-8")
    (scans / "kapot.jpg").write_bytes(b"geen jpeg")
    write_jpeg(scans / "Familie de Groot" / "scan 1.jpg", (700, 500), exif=taken_on("1955:01:02 12:00:00"))
    before = tree_digest(scans)

    result = run_import(root, scans)
    assert result.returncode == 0, result.stderr
    assert tree_digest(scans) == before  # originals untouched
    story = root / "content/verhalen/fotomiddag"
    assert sorted(p.name for p in story.iterdir()) == ["img-0001.jpg", "index.md", "oma-en-opa.jpg"]
    assert "kapot.jpg" in result.stdout and "overgeslagen" in result.stdout
    assert "fotomiddag/index.md met 2 foto's" in result.stdout
    assert "familie-de-groot/index.md met 1 foto\n" in result.stdout  # not "1 foto's"
    assert (root / "content/verhalen/familie-de-groot/scan-1.jpg").is_file()

    plan = prepare(BuildOptions(root))  # drafts do not stop the build
    todo = [p for p in plan.problems if "moet nog ingevuld worden" in p.message]
    assert len(todo) == 3 and all(not p.is_error for p in todo)
    draft_plan = prepare(BuildOptions(root, drafts=True))
    imported = {s.slug: s for s in draft_plan.site.stories if s.slug == "fotomiddag"}
    assert imported == {}  # toestemming: onbekend, so not even shown as a draft
    text = (story / "index.md").read_text(encoding="utf-8")
    assert "concept: true" in text and "datum: 1962-07-14" in text and 'datum: "1962"' in text


def test_import_never_overwrites_an_existing_story(make_site, tmp_path):
    root = make_site()
    scans = tmp_path / "molens"
    write_jpeg(scans / "a.jpg")
    before = tree_digest(root / "content/verhalen/molens")
    assert run_import(root, scans).returncode == 0
    assert tree_digest(root / "content/verhalen/molens") == before
    assert (root / "content/verhalen/molens-2/a.jpg").is_file()


def test_import_of_an_empty_or_missing_folder_is_explained(make_site, tmp_path):
    root = make_site()
    (tmp_path / "leeg").mkdir()
    empty = run_import(root, tmp_path / "leeg")
    assert empty.returncode == 2 and "geen foto's" in empty.stderr
    missing = run_import(root, tmp_path / "weg")
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr


def test_check_lists_every_consent_case_for_follow_up(make_site, tmp_path):
    root = make_site()
    scans = tmp_path / "middag"
    write_jpeg(scans / "a.jpg")
    run_import(root, scans)
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "Niet gepubliceerd wegens toestemming (1):" in result.stdout
    assert "content/verhalen/middag/index.md: toestemming 'onbekend'" in result.stdout


def test_every_file_that_is_not_imported_is_named_with_the_reason(make_site, tmp_path):
    from tests.test_photo_collection import COLLECTION

    root = make_site()
    scans = tmp_path / "telefoons"
    scans.mkdir()
    for name in ("sugarshack.mpo", "rot1mir0.avif", "IMG_5195.HEIC", "truncated_jpeg.jpg", "decompression_bomb.gif"):
        shutil.copyfile(COLLECTION / name, scans / name)
    (scans / "notities.txt").write_text("geen foto", encoding="utf-8")
    (scans / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (scans / "alleen tekst").mkdir()
    (scans / "alleen tekst" / "lijst.docx").write_bytes(b"PK\x03\x04")
    (scans / "alleen tekst" / "dieper").mkdir()

    result = run_import(root, scans)
    assert result.returncode == 0, result.stderr
    story = root / "content/verhalen/telefoons"
    assert sorted(p.name for p in story.iterdir()) == ["img-5195.heic", "index.md", "rot1mir0.avif", "sugarshack.mpo"]
    said = result.stdout
    for line in ("overgeslagen: truncated_jpeg.jpg: de foto is beschadigd of niet helemaal gekopieerd",
                 "overgeslagen: decompression_bomb.gif: de foto is te groot",
                 "overgeslagen: notities.txt: dit is geen foto die wijksite kan lezen",
                 "overgeslagen: .DS_Store: een verborgen bestand",
                 "overgeslagen: alleen tekst/lijst.docx: dit is geen foto die wijksite kan lezen",
                 "overgeslagen: alleen tekst/dieper/: een map in een submap"):
        assert line in said, (line, said)
    assert "Traceback" not in result.stderr
    report = build(BuildOptions(root, drafts=True))  # what was imported builds
    assert not [p for p in report.problems if p.is_error]
