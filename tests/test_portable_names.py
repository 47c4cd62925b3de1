"""Output paths every disk can hold: Windows, macOS and FAT USB sticks, where library volunteers put the site."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.errors import BuildStopped
from generator.options import BuildOptions
from tests.conftest import INITIATIVE, PAGE, SITE_YAML, STORY, read_html, write_jpeg

# Microsoft's rules for names ("Naming Files, Paths, and Namespaces"), written out here on their own so that the
# test does not take wijksite's word for them: device names, also with an extension; characters Windows refuses;
# no name ending in a dot or space; 255 UTF-16 units a name. FAT on USB sticks has the same rules.
DEVICE = re.compile(r"(?i)(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])")
FORBIDDEN = set('<>:"\\|?*') | {chr(code) for code in range(32)}
FOLDER_OF_A_VOLUNTEER = "C:\\Users\\Bibliotheek Alblasserdam\\OneDrive - Gemeente\\Documenten\\wijksite\\output\\"


def not_portable(path: str) -> str | None:
    """Why Windows or a FAT stick cannot hold this output path (relative, with /), or None."""
    if len(FOLDER_OF_A_VOLUNTEER) + len(path) >= 260:
        return "too long for Windows in a volunteer's folder"
    for name in path.split("/"):
        if not name or name in (".", ".."):
            return f"empty or dot name in {path!r}"
        if FORBIDDEN & set(name):
            return f"forbidden character in {name!r}"
        if name[-1] in ". ":
            return f"trailing dot or space in {name!r}"
        if DEVICE.fullmatch(name.split(".")[0].rstrip(" ")):
            return f"device name {name!r}"
        if len(name.encode("utf-16-le")) > 2 * 255:
            return f"name too long: {name[:30]!r}"
    return None


def output_paths(out: Path) -> list[str]:
    """Every file and folder a build wrote, relative to the output folder."""
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*"))


def clashes(paths: list[str]) -> list[list[str]]:
    """Paths that Windows, macOS or FAT take for one and the same (case and Unicode form do not count there)."""
    seen: dict[str, list[str]] = {}
    for path in paths:
        seen.setdefault(unicodedata.normalize("NFC", path).casefold(), []).append(path)
    return [same for same in seen.values() if len(same) > 1]


def assert_portable(out: Path) -> None:
    paths = output_paths(out)
    assert [(path, not_portable(path)) for path in paths if not_portable(path)] == []
    assert clashes(paths) == []


STORY_WITHOUT_PHOTOS = STORY.split("fotos:")[0] + "---\nEen verhaal.\n"


def test_windows_device_names_get_a_safe_address_and_a_warning(make_site, build_site):
    root = make_site({
        "content/initiatieven/con.md": INITIATIVE.replace("Reparatiecafé", "Con"),
        "content/initiatieven/AUX.md": INITIATIVE.replace("Reparatiecafé", "Aux"),
        "content/verhalen/nul/index.md": STORY_WITHOUT_PHOTOS.replace("Schaatsen bij de molens", "Nul"),
        "content/paginas/com1.md": PAGE.replace("Over deze site", "Com1"),
        "content/paginas/lpt9.txt.md": PAGE.replace("Over deze site", "Lpt9"),
    })
    report = build_site(root)
    moved = {problem.path: problem.message for problem in report.warnings if "apparaat" in problem.message}
    assert moved.keys() == {"content/initiatieven/con.md", "content/initiatieven/AUX.md",
                            "content/verhalen/nul/index.md", "content/paginas/com1.md"}  # lpt9.txt is lpt9-txt
    assert "het krijgt het adres initiatieven/con-2/" in moved["content/initiatieven/con.md"]
    for path, title in [("initiatieven/con-2", "Con"), ("initiatieven/aux-2", "Aux"), ("verhalen/nul-2", "Nul"),
                        ("com1-2", "Com1"), ("lpt9-txt", "Lpt9")]:
        assert read_html(root / "output" / path / "index.html").h1.get_text() == title
    assert_portable(root / "output")


def test_a_page_named_like_a_part_of_the_site_gets_an_address_of_its_own(make_site, build_site):
    root = make_site({"content/paginas/zoeken.md": PAGE.replace("Over deze site", "Zoeken in het archief"),
                      "content/paginas/feeds.md": PAGE.replace("Over deze site", "Feeds")})
    report = build_site(root)
    assert sorted(p.path for p in report.warnings if "al in gebruik door de site zelf" in p.message) == [
        "content/paginas/feeds.md", "content/paginas/zoeken.md"]
    assert read_html(root / "output/zoeken-2/index.html").h1.get_text() == "Zoeken in het archief"
    assert read_html(root / "output/zoeken/index.html").h1.get_text() != "Zoeken in het archief"
    assert (root / "output/feeds-2/index.html").is_file() and not (root / "output/feeds/index.html").exists()


def test_story_folders_differing_only_in_case_get_an_address_each(make_site, build_site):
    root = make_site({
        "content/verhalen/Molens/index.md": STORY_WITHOUT_PHOTOS.replace("Schaatsen bij de molens", "Hoofdletter"),
        "content/verhalen/MOLENS/index.md": STORY_WITHOUT_PHOTOS.replace("Schaatsen bij de molens", "Kapitalen"),
    })
    report = build_site(root)
    moved = sorted((p.path, p.message) for p in report.warnings if "hetzelfde webadres" in p.message)
    assert [path for path, _ in moved] == ["content/verhalen/MOLENS/index.md", "content/verhalen/Molens/index.md"]
    assert all("content/verhalen/molens/index.md" in message and "dezelfde naam" in message for _, message in moved)
    assert read_html(root / "output/verhalen/molens/index.html").h1.get_text() == "Schaatsen bij de molens"
    assert {read_html(root / f"output/verhalen/molens-{n}/index.html").h1.get_text() for n in (2, 3)} == {
        "Hoofdletter", "Kapitalen"}
    assert_portable(root / "output")


def test_wijken_themes_and_subjects_named_like_devices_get_a_safe_address(make_site, build_site):
    site_yaml = SITE_YAML.replace("  - naam: Geschiedenis\n", "  - naam: Geschiedenis\n  - naam: Con\n")
    root = make_site({"content/verhalen/molens/index.md": STORY.replace("onderwerpen: [molens, winter]",
                                                                        "onderwerpen: [molens, AUX]")},
                     site_yaml=site_yaml)
    report = build_site(root)
    [theme] = [p for p in report.warnings if p.path == "site.yaml"]
    assert theme.line == site_yaml.split("\n").index("  - naam: Con") + 1 and "themas/con-2/" in theme.message
    [subject] = [p for p in report.warnings if p.path == "content/verhalen/molens/index.md" and "apparaat" in p.message]
    assert subject.line == STORY.split("\n").index("onderwerpen: [molens, winter]") + 1
    assert "onderwerpen/aux-2/" in subject.message
    assert (root / "output/themas/con-2/index.html").is_file()
    story = read_html(root / "output/verhalen/molens/index.html")
    assert story.find("a", href="../../onderwerpen/aux-2/index.html") is not None
    assert_portable(root / "output")


@pytest.mark.parametrize(("files", "named"), [
    ({"static/aux.css": "body {}"}, "static/aux.css"),
    ({"static/kaart: oud.png": "x"}, "static/kaart: oud.png"),
    ({"static/oud./kaart.png": "x"}, "static/oud./kaart.png"),
    ({"static/Logo.png": "x", "static/logo.png": "y"}, "static/logo.png"),
])
def test_a_static_file_no_windows_pc_can_hold_stops_the_build_with_its_name(make_site, build_site, files, named):
    """A site's own static file is named by its templates as it is: it cannot be given another name quietly."""
    root = make_site(files)
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    [error] = [p for p in stopped.value.problems if p.is_error]
    assert error.path == named and "andere naam" in error.hint
    assert not (root / "output").exists()


# Names as they come from every kind of computer and person: any Unicode (no "/" or NUL, which no Linux file name
# holds), Windows' device names in any case with or without an extension, dots and spaces at the end, characters
# Windows refuses, very long names, and the same name again in other case or Unicode form.
DEVICE_NAMES = st.builds(lambda name, number, extension, tail: name + number + extension + tail,
                         st.sampled_from(["con", "CON", "Aux", "nul", "PRN", "com", "LPT", "Com"]),
                         st.sampled_from(["", "1", "9", "0"]), st.sampled_from(["", ".txt", ".tar.gz", "."]),
                         st.sampled_from(["", ".", " ", " .", ".."]))
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1,
                   max_size=90)
AWKWARD = st.from_regex(r"[A-Za-zé :?*<>|\"\\. ]{1,40}", fullmatch=True)
LONG = st.text(st.sampled_from("abcdeéüß -"), min_size=150, max_size=200)
NAME = st.one_of(DEVICE_NAMES, ANY_TEXT, AWKWARD, LONG)
NAMES = st.lists(NAME, min_size=1, max_size=5).flatmap(
    lambda names: st.lists(st.sampled_from(names).flatmap(
        lambda name: st.sampled_from([name, name.upper(), name.lower(), name.swapcase(),
                                      unicodedata.normalize("NFD", name)])), min_size=1, max_size=8))


def usable(name: str) -> bool:
    """A name a file can have on the disk this test runs on (ext4: 255 bytes, no "." or ".."), with room for .md."""
    return name not in (".", "..") and len(name.encode("utf-8")) <= 240 and not name.startswith(".")


def has_letters(name: str) -> bool:
    """The name holds a letter or digit of the Latin alphabet, perhaps with an accent (the slug is made of those)."""
    return any(char.isascii() and char.isalnum() for char in unicodedata.normalize("NFKD", name))


def make_entries(root: Path, names: list[str], photo_names: list[str]) -> dict[str, str]:
    """Initiatives, stories (each with a photo) and pages named `names`; {file: title}."""
    written: dict[str, str] = {}
    for number, name in enumerate(names):
        title = f"Vermelding {number}"
        section = ("initiatieven/{}.md", "verhalen/{}/index.md", "paginas/{}.md")[number % 3]
        relative = "content/" + section.format(name)
        path = root / relative
        if path.exists() or (section.startswith("verhalen") and path.parent.exists()):
            continue  # the same name twice: the disk this test runs on has only one file
        path.parent.mkdir(parents=True, exist_ok=True)
        if section.startswith("initiatieven"):
            text = INITIATIVE.replace("Reparatiecafé", title).replace("(/verhalen/molens/)", "(/verhalen/)")
        elif section.startswith("verhalen"):
            photo = photo_names[number % len(photo_names)]
            quoted = "'" + photo.replace("'", "''") + "'"  # a YAML text in single quotes: any " or \\ as it is
            text = STORY.replace("Schaatsen bij de molens", title).replace("bestand: ijs.jpg", f"bestand: {quoted}")
            write_jpeg(path.parent / photo, (640, 480))
        else:
            text = PAGE.replace("Over deze site", title)
        path.write_text(text, encoding="utf-8")
        written[relative] = title
    return written


def check_portable_build(names: list[str], photo_names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        written = make_entries(root, names, photo_names)
        try:
            report = build(BuildOptions(root))
        except BuildStopped as stopped:  # only a name without a single letter or digit may stop the build
            errors = [p for p in stopped.problems if p.is_error]
            # ... or a photo name that no Windows PC can hold at all (a colon, a space at either end), or a folder
            refused_photos = [p for p in errors if "bestandsnaam" in p.message]
            assert all(any(c in name for c in ":\\") or name != name.strip() or name.startswith(".")
                       for name in photo_names if f"'{name}'" in " ".join(p.message for p in refused_photos))
            errors = [p for p in errors if p not in refused_photos]
            assert refused_photos or errors
            assert all("geen letters of cijfers" in p.message for p in errors), [e.format() for e in errors]
            names_stopped = [p.path.removesuffix("/index.md").rpartition("/")[2].removesuffix(".md") for p in errors]
            assert not any(map(has_letters, names_stopped)), names_stopped
            return
        assert_portable(root / "output")
        titles = sorted(page.h1.get_text() for page in map(read_html, (root / "output").rglob("index.html"))
                        if page.h1 and page.h1.get_text().startswith("Vermelding"))
        assert titles == sorted(written.values())  # every entry has a page of its own
        assert report.pages >= len(written)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(NAMES)
def test_any_entry_names_give_output_paths_every_disk_can_hold(names):
    """For any entry names: every path the build writes is valid on Windows and FAT, and no two are the same when
    case and Unicode form do not count. The stories' photos have a plain name here (see the next test)."""
    names = [name for name in names if usable(name)]
    assume(names)
    check_portable_build(names, ["foto.jpg"])


@example(["molen"], ["kaart: oud?.jpg"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(NAMES, st.lists(st.one_of(DEVICE_NAMES, AWKWARD).map(lambda stem: stem + ".jpg"), min_size=1, max_size=3))
def test_any_entry_and_photo_names_give_output_paths_every_disk_can_hold(names, photo_names):
    names = [name for name in names if usable(name)]
    assume(names and all(usable(name) for name in photo_names))
    check_portable_build(names, photo_names)
