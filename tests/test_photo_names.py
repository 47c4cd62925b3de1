"""Every published photo shows its own original: names that differ only in extension, case or Unicode form, photos
with the same bytes in several stories, renames and rebuilds; and the names of renditions work on every disk."""

from __future__ import annotations

import re
import shutil
import tempfile
import textwrap
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.build import build
from generator.options import BuildOptions
from tests.conftest import SITE_YAML, read_html

COLOURS = [(220, 30, 30), (30, 180, 40), (40, 60, 220), (240, 200, 20), (160, 40, 200), (20, 200, 210),
           (250, 130, 20), (120, 120, 120), (250, 250, 250), (10, 10, 10), (140, 90, 40), (250, 140, 200)]
PORTABLE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{8}-[0-9]+\.(?:webp|jpg)")
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def story_text(title: str, names: list[str]) -> str:
    photos = "".join(f"  - bestand: \"{name}\"\n    alt: Foto {number}.\n" for number, name in enumerate(names))
    return textwrap.dedent(f"""\
        ---
        titel: {title}
        verteller: Iemand (verzonnen)
        datum: 1960
        wijk: Kinderdijk
        toestemming: ja
        licentie: CC BY 4.0
        fotos:
        """) + photos + "---\nTekst.\n"


def save_photo(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> None:
    kind = {".png": "PNG", ".webp": "WEBP"}.get(path.suffix.lower(), "JPEG")
    Image.new("RGB", size, colour).save(path, kind, **({"quality": 95} if kind != "PNG" else {}))


def make_archive(root: Path, stories: dict[str, dict[str, tuple[int, int, int]]]) -> None:
    """stories: folder name -> {file name: colour}."""
    (root / "content/verhalen").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for folder, photos in stories.items():
        story = root / "content/verhalen" / folder
        story.mkdir(exist_ok=True)
        for name, colour in photos.items():
            save_photo(story / name, colour)
        (story / "index.md").write_text(story_text(folder, list(photos)), encoding="utf-8")


def shown(output: Path, folder: str) -> dict[str, list[Path]]:
    """alt text -> every rendition file the story page offers for that photo (src and both srcsets)."""
    page = read_html(output / "verhalen" / folder / "index.html")
    found: dict[str, list[Path]] = {}
    for img in page.select("figure picture img"):
        candidates = [img["src"], *[part.split()[0] for part in img["srcset"].split(",")],
                      *[part.split()[0] for part in img.find_previous("source")["srcset"].split(",")]]
        found[img["alt"]] = [output / "verhalen" / folder / name for name in candidates]
    return found


def colour_of(path: Path) -> tuple[float, ...]:
    with Image.open(path) as image:
        small = image.convert("RGB").resize((1, 1), Image.Resampling.BOX)
        return tuple(float(value) for value in small.getpixel((0, 0)))


def assert_each_shows_its_own(root: Path, stories: dict[str, dict[str, tuple[int, int, int]]]) -> None:
    output = root / "output"
    for folder, photos in stories.items():
        offered = shown(output, folder)
        assert len(offered) == len(photos), folder
        for number, (name, colour) in enumerate(photos.items()):
            for rendition in offered[f"Foto {number}."]:
                assert max(abs(a - b) for a, b in zip(colour_of(rendition), colour, strict=True)) < 14, \
                    (folder, name, rendition.name)
        names = [p.name for p in (output / "verhalen" / folder).iterdir() if p.suffix in (".jpg", ".webp")]
        assert all(PORTABLE.fullmatch(n) and len(n) <= 64 and not WINDOWS_RESERVED.fullmatch(n) for n in names), names
        assert len({n.casefold() for n in names}) == len(names)


def test_photos_whose_names_differ_only_in_extension_each_show_themselves_here_and_in_other_stories(tmp_path):
    stories = {"molens": {"molen.jpg": COLOURS[0], "molen.jpeg": COLOURS[2]},
               "kade": {"molen.jpg": COLOURS[0], "kade.jpg": COLOURS[1]}}  # the same bytes as molens/molen.jpg
    make_archive(tmp_path, stories)
    build(BuildOptions(tmp_path))
    assert_each_shows_its_own(tmp_path, stories)
    shutil.rmtree(tmp_path / "output")  # the cache alone must not bring a wrong photo back
    build(BuildOptions(tmp_path))
    assert_each_shows_its_own(tmp_path, stories)
    shutil.rmtree(tmp_path / ".wijksite-cache")  # nor the output alone
    build(BuildOptions(tmp_path))
    assert_each_shows_its_own(tmp_path, stories)


def test_a_replaced_photo_gets_a_new_address_so_no_browser_shows_the_old_one(tmp_path):
    stories = {"molens": {"molen.jpg": COLOURS[0]}}
    make_archive(tmp_path, stories)
    build(BuildOptions(tmp_path))
    before = set(shown(tmp_path / "output", "molens")["Foto 0."])
    save_photo(tmp_path / "content/verhalen/molens/molen.jpg", COLOURS[1])
    build(BuildOptions(tmp_path))
    after = set(shown(tmp_path / "output", "molens")["Foto 0."])
    assert not before & after
    assert not any(path.exists() for path in before)
    assert_each_shows_its_own(tmp_path, {"molens": {"molen.jpg": COLOURS[1]}})


def test_staging_a_photo_never_writes_into_the_cache_file_of_another(tmp_path):
    """The cache and the output share files (hard links): a copy onto a name already staged wrote through the link
    into the cache, where the file was the rendition of another photo."""
    make_archive(tmp_path, {"molens": {"molen.jpg": COLOURS[0], "molen.jpeg": COLOURS[2]}})
    build(BuildOptions(tmp_path))
    cached = [path for path in (tmp_path / ".wijksite-cache/fotos").iterdir() if path.suffix in (".jpg", ".webp")]
    reds = [path for path in cached if colour_of(path)[0] > 150]
    blues = [path for path in cached if colour_of(path)[2] > 150]
    assert len(reds) == len(blues) == len(cached) // 2 == 2


STEMS = ["molen", "Molen", "MOLEN", "café", unicodedata.normalize("NFD", "café"), "foto 1", "foto-1", "foto_1",
         "con", "a.b", "ijs..", "Ⅻ", "ÿ" * 50]
EXTENSIONS = [".jpg", ".jpeg", ".JPG", ".Jpeg", ".png", ".PNG", ".webp"]
NAMES = st.builds(lambda stem, extension: stem + extension, st.sampled_from(STEMS), st.sampled_from(EXTENSIONS))
STORY_PHOTOS = st.lists(st.tuples(NAMES, st.integers(0, len(COLOURS) - 1)), min_size=1, max_size=4,
                        unique_by=lambda item: item[0])
ARCHIVES = st.lists(STORY_PHOTOS, min_size=1, max_size=3)


@settings(max_examples=10, deadline=None)
@given(ARCHIVES, st.randoms(use_true_random=False))
def test_every_published_rendition_shows_its_own_photo_also_after_renames_and_rebuilds(archive, random):
    stories = {f"verhaal-{number}": {name: COLOURS[colour] for name, colour in photos}
               for number, photos in enumerate(archive)}
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        make_archive(root, stories)
        build(BuildOptions(root))
        assert_each_shows_its_own(root, stories)
        for folder, photos in stories.items():  # the names shuffled among the photos, one photo replaced
            story = root / "content/verhalen" / folder
            names = list(photos)
            shuffled = random.sample(names, len(names))
            for name in names:
                (story / name).rename(story / f"{name}.tijdelijk")
            for old, new in zip(names, shuffled, strict=True):
                (story / f"{old}.tijdelijk").rename(story / new)
            renamed = {new: photos[old] for old, new in zip(names, shuffled, strict=True)}
            replaced = random.choice(shuffled)
            renamed[replaced] = COLOURS[random.randrange(len(COLOURS))]
            save_photo(story / replaced, renamed[replaced])
            (story / "index.md").write_text(story_text(folder, list(renamed)), encoding="utf-8")
            stories[folder] = renamed
        build(BuildOptions(root))
        assert_each_shows_its_own(root, stories)
