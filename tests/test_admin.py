"""`wijksite beheer` over real HTTP: overview, editing, review, undo, two volunteers at once, publishing, and its
safety (address, access code, CSRF, paths, uploads, nothing of the app in output/)."""

from __future__ import annotations

import difflib
import http.client
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.options import BuildOptions
from tests.admin_client import DRAFT, Volunteer, changed, field_messages, jpeg, quoted, running_admin, text_of
from tests.conftest import REPO, tree_digest

STORY_ID = "verhalen/molens"
STORY = "content/verhalen/molens/index.md"


@pytest.fixture
def site(make_site):
    return make_site(files={"content/verhalen/ijs/index.md": DRAFT},
                     photos={"content/verhalen/ijs/vaart.jpg": (800, 600)})


@pytest.fixture
def admin(site):
    with running_admin(site) as base:
        yield site, Volunteer(base)


def site_digest(root: Path) -> dict[str, str]:
    """Every file of the site but the build's own cache (which a check may bring up to date)."""
    return {path: digest for path, digest in tree_digest(root).items() if not path.startswith(".wijksite-cache/")}


def lines_changed(before: bytes, after: bytes) -> list[str]:
    old, new = before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True)
    return [line for line in difflib.unified_diff(old, new, n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]


PAGES = ["/", "/nakijken", f"/nakijken/{STORY_ID}", "/nakijken/verhalen/ijs", f"/bewerken/{STORY_ID}",
         "/bewerken/initiatieven/reparatiecafe.md", "/bewerken/paginas/over.md", "/nieuw/verhaal", "/nieuw/initiatief",
         "/nieuw/pagina", "/site-instellingen", "/fouten", "/prullenbak", "/publiceren",
         f"/versies?bestand={quoted(STORY)}", "/site/", "/site/verhalen/ijs/index.html"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_dutch_with_one_heading(admin, path):
    _, volunteer = admin
    status, page = volunteer.get(path)
    assert status == 200, text_of(page)[:500]
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "nl" and len(soup.find_all("h1")) == 1


def test_the_overview_lists_every_entry_with_its_state_and_filters_them(admin):
    root, volunteer = admin
    _, page = volunteer.get("/")
    titles = [a.get_text() for a in BeautifulSoup(page, "html.parser").select(".item__titel a")]
    assert sorted(titles) == ["Het ijs op de vaart", "Over deze site", "Reparatiecafé", "Schaatsen bij de molens"]
    assert "Concept" in text_of(page) and "Op de site" in text_of(page)
    _, page = volunteer.get("/?soort=verhaal&staat=concept")
    assert [a.get_text() for a in BeautifulSoup(page, "html.parser").select(".item__titel a")] == [
        "Het ijs op de vaart"]
    _, page = volunteer.get("/?zoek=REPARATIECAFE")  # found without the accent and in capitals
    assert [a.get_text() for a in BeautifulSoup(page, "html.parser").select(".item__titel a")] == ["Reparatiecafé"]


def test_editing_one_field_in_the_browser_changes_only_its_line(admin):
    root, volunteer = admin
    path = root / STORY
    path.write_bytes(path.read_bytes().replace(b"plaats: Molenkade\n", b"plaats: Molenkade   # bij de tweede molen\n")
                     .replace(b"---\n", b"---\r\n", 1))
    before = path.read_bytes()
    _, page = volunteer.get(f"/bewerken/{STORY_ID}")
    status, page = volunteer.post(f"/bewerken/{STORY_ID}", changed(volunteer.form(page), verteller="Gerrit de Vries"))
    assert status == 200 and "Opgeslagen" in text_of(page), text_of(page)[:800]
    after = path.read_bytes()
    assert lines_changed(before, after) == ["-verteller: Gerrit (verzonnen)\n", "+verteller: Gerrit de Vries\n"]
    assert after.startswith(b"---\r\n")  # the first line's own line end too


def test_a_save_from_an_older_version_is_refused_and_shows_the_other_change(admin):
    root, volunteer = admin
    other = Volunteer(volunteer.base)
    _, mine = volunteer.get(f"/bewerken/{STORY_ID}")
    _, theirs = other.get(f"/bewerken/{STORY_ID}")
    status, _ = other.post(f"/bewerken/{STORY_ID}", changed(other.form(theirs), plaats="De Molenkade bij de dijk"))
    assert status == 200
    after_other = (root / STORY).read_bytes()
    status, page = volunteer.post(f"/bewerken/{STORY_ID}", changed(volunteer.form(mine), verteller="Gerrit"))
    assert status == 409
    text = text_of(page)
    assert "Iemand anders heeft dit intussen veranderd" in text and "De Molenkade bij de dijk" in text
    assert (root / STORY).read_bytes() == after_other  # nothing of mine written, theirs kept
    form = volunteer.form(page)
    assert ("verteller", "Gerrit") in form and ("plaats", "De Molenkade bij de dijk") in form  # both, in the form
    status, page = volunteer.post(f"/bewerken/{STORY_ID}", form)  # saving again now keeps both changes
    assert status == 200
    saved = (root / STORY).read_text(encoding="utf-8")
    assert "verteller: Gerrit\n" in saved and "plaats: De Molenkade bij de dijk\n" in saved


def test_undo_puts_the_previous_version_back(admin):
    root, volunteer = admin
    before = (root / STORY).read_bytes()
    _, page = volunteer.get(f"/bewerken/{STORY_ID}")
    volunteer.post(f"/bewerken/{STORY_ID}", changed(volunteer.form(page), titel="Een andere titel"))
    assert (root / STORY).read_bytes() != before
    _, page = volunteer.get(f"/bewerken/{STORY_ID}")
    status, page = volunteer.post("/ongedaan", volunteer.form(page, action="/ongedaan"))
    assert status == 200 and "Ongedaan gemaakt" in text_of(page)
    assert (root / STORY).read_bytes() == before
    assert len(list((root / "beheer/geschiedenis" / STORY).iterdir())) == 2  # both earlier versions are kept


def test_mistakes_are_shown_at_their_fields_and_an_entry_with_them_can_be_saved(admin):
    root, volunteer = admin
    _, page = volunteer.get(f"/bewerken/{STORY_ID}")
    status, page = volunteer.post(f"/bewerken/{STORY_ID}", changed(volunteer.form(page), wijk="Kinderdyk",
                                                                  datum="31-02-1953"))
    assert status == 200 and "wijk: Kinderdyk" in (root / STORY).read_text(encoding="utf-8")  # kept as typed
    assert any('onbekende waarde "Kinderdyk"' in m and 'bedoel je "Kinderdijk"' in m
               for m in field_messages(page, "veld-wijk"))
    assert any("31 februari 1953 bestaat niet" in m for m in field_messages(page, "veld-datum"))
    summary = [a["href"] for a in BeautifulSoup(page, "html.parser").select(".foutenlijst a")]
    assert summary == ["#veld-datum", "#veld-wijk"]  # in the order of the form
    status, page = volunteer.get("/publiceren")
    assert "Publiceren kan niet zolang er 2 fouten zijn" in text_of(page)
    links = [a["href"] for a in BeautifulSoup(page, "html.parser").select(".foutenlijst li a")]
    assert links == [f"/bewerken/{STORY_ID}"] * 2  # each mistake links to where it is put right


def test_a_fuzzy_date_is_shown_as_understood(admin):
    _, volunteer = admin
    _, page = volunteer.get("/bewerken/verhalen/ijs")
    assert "Begrepen als: winter 1963 (december 1963 – februari 1964)" in text_of(page)
    _, page = volunteer.get(f"/bewerken/{STORY_ID}")
    assert "Begrepen als: jaren '50 (1950–1959)" in text_of(page)


def test_approving_is_refused_until_the_checklist_is_complete(admin):
    root, volunteer = admin
    draft = root / "content/verhalen/ijs/index.md"
    before = draft.read_bytes()
    _, page = volunteer.get("/nakijken/verhalen/ijs")
    open_items = [li.get_text(" ", strip=True)
                  for li in BeautifulSoup(page, "html.parser").select(".controlelijst .open")]
    assert len(open_items) == 2 and "vaart.jpg" in open_items[0] and "licentie" in open_items[1]
    assert not BeautifulSoup(page, "html.parser").select('form[action$="/goedkeuren"]')
    version = re.search(r'name="huidig" value="(\w+)"', volunteer.get("/bewerken/verhalen/ijs")[1]).group(1)
    status, page = volunteer.post("/nakijken/verhalen/ijs/goedkeuren", {"versie": version})
    assert status == 400 and "Dit kan nog niet goedgekeurd worden" in text_of(page)
    assert draft.read_bytes() == before
    _, page = volunteer.get("/bewerken/verhalen/ijs")
    volunteer.post("/bewerken/verhalen/ijs", changed(volunteer.form(page), fotos__0__toestemming="ja",
                                                     licentie="CC BY 4.0"))
    _, page = volunteer.get("/nakijken/verhalen/ijs")
    assert not BeautifulSoup(page, "html.parser").select(".controlelijst .open")
    assert BeautifulSoup(page, "html.parser").select('form[action$="/goedkeuren"] button')
    filled = draft.read_bytes()
    approve = volunteer.form(page, action="/nakijken/verhalen/ijs/goedkeuren")
    draft.write_bytes(filled.replace(b"verteller: Riet", b"verteller: Riet B."))  # changed meanwhile elsewhere
    status, page = volunteer.post("/nakijken/verhalen/ijs/goedkeuren", approve)
    assert status == 409 and "intussen veranderd" in text_of(page)
    filled = draft.read_bytes()
    assert b"concept: true" in filled  # not approved unseen
    status, page = volunteer.post("/nakijken/verhalen/ijs/goedkeuren", volunteer.form(
        page, action="/nakijken/verhalen/ijs/goedkeuren"))
    assert status == 200 and "is goedgekeurd" in text_of(page)
    assert lines_changed(filled, draft.read_bytes()) == ["-concept: true\n", "+concept: false\n"]


def test_thrown_away_drafts_go_to_the_bin_and_come_back(admin):
    root, volunteer = admin
    before = tree_digest(root / "content/verhalen/ijs")
    _, page = volunteer.get("/nakijken/verhalen/ijs")
    status, page = volunteer.post("/nakijken/verhalen/ijs/weggooien", {})
    assert status == 200 and "staat in de prullenbak" in text_of(page)
    assert not (root / "content/verhalen/ijs").exists()
    _, page = volunteer.get("/prullenbak")
    assert "content/verhalen/ijs" in text_of(page)
    status, page = volunteer.post("/prullenbak/terugzetten", volunteer.form(page, action="/prullenbak/terugzetten"))
    assert status == 200 and volunteer.url.startswith("/bewerken/verhalen/ijs")
    assert tree_digest(root / "content/verhalen/ijs") == before


def test_photos_are_added_checked_reordered_and_removed_before_saving(admin):
    root, volunteer = admin
    folder = root / "content/verhalen/ijs"
    _, page = volunteer.get("/bewerken/verhalen/ijs")
    status, page = volunteer.post("/bewerken/verhalen/ijs", [*volunteer.form(page), ("actie", "toevoegen")],
                                  {"fotos.nieuw": [("IMG 0002.JPG", jpeg((600, 800))), ("script.jpg", b"#!/bin/sh")]})
    assert status == 400
    assert "De foto script.jpg kan niet: dit is geen foto" in text_of(page)
    assert sorted(p.name for p in folder.iterdir()) == ["index.md", "vaart.jpg"]  # nothing written yet
    form = volunteer.form(page)
    assert ("fotos.1.bestand", "img-0002.jpg") in form
    status, page = volunteer.post("/bewerken/verhalen/ijs", [*form, ("actie", "omhoog:fotos.1")])
    form = changed(volunteer.form(page), fotos__0__alt="Twee kinderen op de dijk.", fotos__0__personen_herkenbaar="nee")
    assert ("fotos.0.bestand", "img-0002.jpg") in form
    status, page = volunteer.post("/bewerken/verhalen/ijs", form)
    assert status == 200, text_of(page)[:600]
    assert (folder / "img-0002.jpg").read_bytes().startswith(b"\xff\xd8")
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert text.index("bestand: img-0002.jpg") < text.index("bestand: vaart.jpg")
    assert "    alt: Twee kinderen op de dijk.\n" in text
    _, page = volunteer.get("/bewerken/verhalen/ijs")
    _, page = volunteer.post("/bewerken/verhalen/ijs", [*volunteer.form(page), ("actie", "weg:fotos.1")])
    assert "vaart.jpg" in (folder / "index.md").read_text(encoding="utf-8")  # not saved until Opslaan
    status, page = volunteer.post("/bewerken/verhalen/ijs", volunteer.form(page))
    assert status == 200 and "vaart.jpg" not in (folder / "index.md").read_text(encoding="utf-8")
    assert (folder / "vaart.jpg").is_file()  # taken out of the story, not deleted: undo brings it back


def test_a_new_story_is_written_as_a_draft_in_its_own_folder(admin):
    root, volunteer = admin
    _, page = volunteer.get("/nieuw/verhaal")
    form = changed(volunteer.form(page), titel="De kermis op het plein", verteller="Jan",
                   tekst="Er was een draaimolen.")
    status, page = volunteer.post("/nieuw/verhaal", form, {"fotos.nieuw": [("kermis.jpg", jpeg())]})
    assert status == 200 and volunteer.url.startswith("/bewerken/verhalen/de-kermis-op-het-plein")
    folder = root / "content/verhalen/de-kermis-op-het-plein"
    assert sorted(p.name for p in folder.iterdir()) == ["index.md", "kermis.jpg"]  # chosen, and Opslaan at once
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitel: De kermis op het plein\nverteller: Jan\n") and "concept: true\n" in text
    assert "fotos:\n  - bestand: kermis.jpg\n" in text
    assert text.endswith("---\nEr was een draaimolen.\n")


def test_site_settings_gain_a_wijk_that_the_forms_then_offer(admin):
    root, volunteer = admin
    _, page = volunteer.get("/site-instellingen")
    _, page = volunteer.post("/site-instellingen", [*volunteer.form(page), ("actie", "erbij:wijken")])
    form = changed(volunteer.form(page), wijken__4__naam="Kinderdijk-Oost")
    status, page = volunteer.post("/site-instellingen", form)
    assert status == 200 and "site-instellingen zijn opgeslagen" in text_of(page)
    assert "  - naam: Kinderdijk-Oost\n" in (root / "site.yaml").read_text(encoding="utf-8")
    _, page = volunteer.get(f"/bewerken/{STORY_ID}")
    assert "Kinderdijk-Oost" in [o.get_text() for o in BeautifulSoup(page, "html.parser").select("#veld-wijk option")]


def test_a_file_whose_data_cannot_be_read_is_shown_whole_to_put_right(admin):
    root, volunteer = admin
    (root / STORY).write_text("---\ntitel: Molens\nwijk Kinderdijk\n---\nTekst.\n", encoding="utf-8")
    status, page = volunteer.get(f"/bewerken/{STORY_ID}")
    assert status == 200 and "regel 3" in text_of(page)
    form = changed(volunteer.form(page, action=f"/bewerken/{STORY_ID}"),
                   bestand="---\ntitel: Molens\nwijk: Kinderdijk\n---\nTekst.\n")
    status, page = volunteer.post(f"/bewerken/{STORY_ID}", form)
    assert status == 200 and (root / STORY).read_text(encoding="utf-8") == (
        "---\ntitel: Molens\nwijk: Kinderdijk\n---\nTekst.\n")


def test_a_site_yaml_that_cannot_be_read_is_put_right_here_too(admin):
    root, volunteer = admin
    broken = (root / "site.yaml").read_text(encoding="utf-8").replace("gemeente: Alblasserdam", "gemeente Alblasserdam")
    (root / "site.yaml").write_text(broken, encoding="utf-8")
    status, page = volunteer.get("/site-instellingen")
    assert status == 200 and "kunnen niet gelezen worden" in text_of(page)
    form = changed(volunteer.form(page, action="/site-instellingen"),
                   bestand=broken.replace("gemeente Alblasserdam", "gemeente: Alblasserdam"))
    status, page = volunteer.post("/site-instellingen", form)
    assert status == 200 and "gemeente: Alblasserdam\n" in (root / "site.yaml").read_text(encoding="utf-8")
    _, page = volunteer.get("/site-instellingen")
    assert ("gemeente", "Alblasserdam") in volunteer.form(page)  # the form again, now that it can be read


def test_publishing_shows_what_changes_and_a_trial_changes_nothing(admin, tmp_path):
    root, volunteer = admin
    target = tmp_path / "webserver"
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8")
                                    + f"publiceren:\n  doel: map\n  map: {target}\n", encoding="utf-8")
    _, page = volunteer.get("/publiceren")
    status, page = volunteer.post("/publiceren", {"actie": "proef"})
    assert status == 200 and "Proefpublicatie klaar: er is niets veranderd" in text_of(page)
    assert re.search(r"Nieuw \(\d+ bestanden\)", text_of(page)) and "index.html" in text_of(page)
    assert not target.exists()
    status, page = volunteer.post("/publiceren", {"actie": "echt"})
    assert status == 200 and f"Gepubliceerd naar {target}" in text_of(page)
    assert (target / "verhalen/molens/index.html").is_file() and not (target / "verhalen/ijs").exists()


def test_nothing_of_the_app_reaches_the_output(admin):
    root, volunteer = admin
    for path in PAGES:
        volunteer.get(path)
    _, page = volunteer.get("/nakijken/verhalen/ijs")
    volunteer.post("/nakijken/verhalen/ijs/weggooien", {})
    build(BuildOptions(root))
    output = tree_digest(root / "output")
    assert not [path for path in output if path.split("/")[0] in ("beheer", "prullenbak") or "beheer" in path]
    app_files = {p.read_bytes() for p in (REPO / "themes/standaard/beheer").rglob("*") if p.is_file()}
    assert not [p for p in (root / "output").rglob("*") if p.is_file() and p.read_bytes() in app_files]
    assert not [p for p in (root / "output").rglob("*.html") if "Beheer" in p.read_text(encoding="utf-8")]


# Safety


def test_only_this_computer_by_default_and_names_are_refused(admin):
    _, volunteer = admin
    port = int(volunteer.base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Host": f"aanvaller.example:{port}"})  # DNS rebinding
    response = connection.getresponse()
    assert response.status == 403 and "adres dat in het venster" in response.read().decode()


FORMS = [f"/bewerken/{STORY_ID}", "/nieuw/verhaal", "/site-instellingen", "/ongedaan", "/versies",
         "/nakijken/verhalen/ijs/goedkeuren", "/nakijken/verhalen/ijs/weggooien", "/prullenbak/terugzetten",
         "/publiceren"]


@pytest.mark.parametrize("path", FORMS)
def test_every_form_needs_its_csrf_token(admin, path):
    root, volunteer = admin
    volunteer.get("/")
    before = site_digest(root)
    status, page = volunteer.post(path, {"bestand": STORY, "titel": "Gekaapt"}, token=False)
    assert status == 403 and "verlopen" in text_of(page)
    status, _ = volunteer.post(path, {"_xsrf": "2|00|00|00", "bestand": STORY}, token=False)
    assert status == 403
    assert site_digest(root) == before


@pytest.mark.parametrize("path", [
    "/bewerken/verhalen/..%2F..%2Fsite.yaml", "/bewerken/verhalen/%2E%2E", "/bewerken/../site.yaml",
    "/bewerken/verhalen/molens%2Findex.md", "/versies?bestand=..%2F..%2Fetc%2Fpasswd",
    "/versies?bestand=%2Fetc%2Fpasswd", "/versies?bestand=content%2F..%2Fsite.yaml%2F..%2Foutput%2Findex.html",
    "/foto/verhalen/molens?bestand=..%2F..%2F..%2Fsite.yaml", "/foto/verhalen/molens?bestand=%2Fetc%2Fpasswd",
    "/site/..%2F..%2Fsite.yaml", "/site/%2E%2E/%2E%2E/site.yaml", "/voorbeeld/0123456789abcdef/..%2F..%2Fx",
    "/static/..%2F..%2F..%2Fsite.yaml", "/beheer/..%2Fsite.yaml", "/upload/..%2F..",
])
def test_paths_outside_the_site_are_refused(admin, path):
    root, volunteer = admin
    status, page = volunteer.get(path)
    assert status in (404, 403, 400) and "gemeente:" not in page and "root:" not in page


def test_a_story_linked_from_outside_the_site_is_not_edited(admin, tmp_path):
    root, volunteer = admin
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "index.md").write_text("---\ntitel: Van elders\n---\n", encoding="utf-8")
    (root / "content/verhalen/elders").symlink_to(outside, target_is_directory=True)
    status, _ = volunteer.get("/bewerken/verhalen/elders")
    assert status == 404
    status, _ = volunteer.post("/bewerken/verhalen/elders", {"titel": "Gekaapt", "versie": ""})
    assert status == 404
    assert (outside / "index.md").read_text(encoding="utf-8") == "---\ntitel: Van elders\n---\n"


def test_undo_and_versions_only_for_the_sites_own_files(admin):
    root, volunteer = admin
    before = site_digest(root)
    for path in ("../site.yaml", "/etc/passwd", "output/index.html", "beheer/geschiedenis/x.md", "content/verhalen"):
        status, _ = volunteer.post("/ongedaan", {"bestand": path, "huidig": ""})
        assert status == 404, path
    assert site_digest(root) == before


@pytest.mark.parametrize(("uploads", "message"), [
    ([("groot.jpg", jpeg() + b"\0" * (26 * 2**20))], "groter dan 25 MB"),
    ([(f"{n}.jpg", jpeg() + b"\0" * (21 * 2**20)) for n in range(4)], "samen groter dan 80 MB"),
    ([("script.jpg", b"#!/bin/sh\nrm -rf /\n")], "dit is geen foto"),
])
def test_photos_beyond_the_limits_are_refused_by_name_and_what_was_typed_stays(admin, uploads, message):
    root, volunteer = admin
    before = site_digest(root)
    _, page = volunteer.get("/bewerken/verhalen/ijs")
    status, page = volunteer.post("/bewerken/verhalen/ijs", changed(volunteer.form(page), plaats="Bij de sluis"),
                                  {"fotos.nieuw": uploads})
    assert status == 400 and message in text_of(page)
    assert ("plaats", "Bij de sluis") in volunteer.form(page)  # the form again, with what was typed
    assert site_digest(root) == before


def test_photos_added_in_beheer_keep_no_location_camera_or_date(admin):
    from tests.test_werkplaats import REAL_PHOTOS, phone_jpeg, private_data

    root, volunteer = admin
    _, page = volunteer.get("/bewerken/verhalen/ijs")
    uploads = [("telefoon.jpg", phone_jpeg()), ("exif_gps.jpg", (REAL_PHOTOS / "exif_gps.jpg").read_bytes())]
    _, page = volunteer.post("/bewerken/verhalen/ijs", [*volunteer.form(page), ("actie", "toevoegen")],
                             {"fotos.nieuw": uploads})
    status, _ = volunteer.post("/bewerken/verhalen/ijs", volunteer.form(page))
    assert status == 200
    for name in ("telefoon.jpg", "exif-gps.jpg"):
        assert private_data(root / "content/verhalen/ijs" / name) == [], name


def test_on_the_network_the_access_code_is_needed(site):
    with running_admin(site, code="654321") as base:
        volunteer = Volunteer(base)
        status, page = volunteer.get(f"/bewerken/{STORY_ID}")
        assert "Toegangscode" in text_of(page) and volunteer.url == "/toegang"
        assert "Overzicht" not in text_of(page)  # no menu for who has no access
        token = re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
        status, page = volunteer.post(f"/bewerken/{STORY_ID}", {"_xsrf": token, "titel": "x"}, token=False)
        assert status == 403 and "toegangscode nodig" in text_of(page)
        status, page = volunteer.post("/toegang", {"_xsrf": token, "code": "000000"}, token=False)
        assert status == 403 and "klopt niet" in text_of(page)
        status, page = volunteer.post("/toegang", {"_xsrf": token, "code": "654 321"}, token=False)
        assert status == 200 and "Overzicht" in text_of(page)


def test_the_wheel_declares_a_double_click_launcher(tmp_path):
    import subprocess
    import sys
    import zipfile

    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(REPO)], check=True, timeout=300, capture_output=True)
    [wheel] = wheels.glob("wijksite-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = archive.read(entry_points).decode()
        names = archive.namelist()
    assert "[gui_scripts]\nwijksite-beheer = generator.beheer.launcher:main" in text
    assert "[console_scripts]\nwijksite = generator:run" in text
    assert "generator/themes/standaard/beheer/beheer.css" in names
    assert "generator/themes/standaard/berichten/beheer-nl.yaml" in names
    shutil.rmtree(wheels)


def test_the_launcher_finds_the_site_starts_beheer_and_stops_cleanly(site, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import urllib.request

    from generator.beheer.launcher import find_site

    assert find_site([], site / "content", site) == site  # the folder used last time
    assert find_site([str(site)], tmp_path, None) == site and find_site([], tmp_path, None) is None
    home = tmp_path / "thuis"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"} | {"HOME": str(home), "BROWSER": "true"}
    # Ctrl+C as a volunteer's terminal sends it, also when these tests run where SIGINT is ignored (a job started in
    # the background by a shell without job control): an ignored signal would be inherited by the launcher
    process = subprocess.Popen([sys.executable, "-m", "generator.beheer.launcher", str(site)], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        with urllib.request.urlopen(url, timeout=60) as response:
            assert response.status == 200 and "Overzicht" in response.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert "Beheer gestopt" in out and "Traceback" not in err
    assert (home / ".wijksite-beheer").read_text(encoding="utf-8") == str(site)  # found again next time
