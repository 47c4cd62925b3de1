"""Real photos from phones, cameras, scanners and other projects' test suites (tests/photos/, sources and licences in
manifest.json), all in one story: each is published upright, in RGB or RGBA and without any metadata, or refused by
both `check` and `build` with a Dutch message that names the file and its line."""

from __future__ import annotations

import io
import json
import re
import shutil
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageOps, ImageStat

from generator.build import build
from generator.options import BuildOptions
from tests.conftest import SITE_YAML, read_html
from tests.test_cli import wijksite

COLLECTION = Path(__file__).resolve().parent / "photos"
MANIFEST = json.loads((COLLECTION / "manifest.json").read_text(encoding="utf-8"))
STORY = "content/verhalen/verzameling/index.md"
LEAKS = (b"Exif\x00\x00", b"ICC_PROFILE", b"<x:xmpmeta", b"http://ns.adobe.com/xap", b"8BIM", b"Photoshop 3.0")


def story(names: list[str]) -> str:
    head = ("---\ntitel: Verzameling\nverteller: Iemand (verzonnen)\ndatum: 2024\nwijk: Kinderdijk\ntoestemming: ja\n"
            "licentie: CC BY 4.0\nfotos:\n")
    photos = "".join(f"  - bestand: {name}\n    alt: Foto {name}\n" for name in names)
    return head + photos + "---\nAlle foto's.\n"


def line_of(name: str, names: list[str]) -> int:
    return 9 + 2 * names.index(name)  # `bestand:` of the first photo is on line 9


@pytest.fixture(scope="module")
def collection_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("verzameling")
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    folder = root / "content/verhalen/verzameling"
    folder.mkdir(parents=True)
    for entry in MANIFEST:
        shutil.copyfile(COLLECTION / entry["file"], folder / entry["file"])
    return root


def test_the_collection_is_real_varied_documented_and_small():
    files = {path.name for path in COLLECTION.iterdir()} - {"manifest.json", "README.md"}
    assert files == {entry["file"] for entry in MANIFEST}
    assert len(files) >= 50
    assert sum(path.stat().st_size for path in COLLECTION.iterdir()) < 20_000_000
    assert all(entry["source"].startswith("https://github.com/") and entry["licence"] for entry in MANIFEST)
    suffixes = {Path(name).suffix.lower() for name in files}
    assert {".jpg", ".png", ".tif", ".tiff", ".webp", ".gif", ".avif", ".mpo", ".heic", ".heif", ".bmp"} <= suffixes


def test_refused_photos_are_refused_by_check_and_build_alike_naming_file_and_line(collection_site):
    names = [entry["file"] for entry in MANIFEST]
    (collection_site / STORY).write_text(story(names), encoding="utf-8")
    refused = {e["file"]: e["expect"].removeprefix("refused: ") for e in MANIFEST if e["expect"].startswith("refused")}
    said = {}
    for command in ("check", "build"):
        result = wijksite(command, cwd=collection_site)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert not re.search(r"\b(Error|Warning|cannot|truncated)\b", result.stderr)
        errors = sorted(line for line in result.stderr.splitlines() if ": fout: " in line)
        assert len(errors) == len(refused), (command, errors)
        for name, reason in refused.items():
            expected = f"{STORY}:{line_of(name, names)}: fout: foto {name}: {reason}"
            assert any(line.startswith(expected) for line in errors), (command, expected, errors)
        said[command] = errors
    assert said["check"] == said["build"]
    assert not (collection_site / "output").exists()


def test_every_other_photo_is_published_upright_in_srgb_without_metadata(collection_site):
    published = [e for e in MANIFEST if e["expect"].startswith("published")]
    names = [entry["file"] for entry in published]
    (collection_site / STORY).write_text(story(names), encoding="utf-8")
    report = build(BuildOptions(collection_site))
    for entry in published:  # Pillow's own warnings come out in Dutch, at the photo's line
        if "warning: " in entry["expect"]:
            fragment = entry["expect"].split("warning: ")[1]
            assert any(w.line == line_of(entry["file"], names) and fragment in w.message for w in report.warnings)
    page = read_html(collection_site / "output/verhalen/verzameling/index.html")
    shown = {img["alt"].removeprefix("Foto "): img for img in page.select("figure picture img")}
    assert sorted(shown) == sorted(names)
    for name in names:
        img = shown[name]
        files = [*[part.split()[0] for part in img["srcset"].split(",")],
                 *[part.split()[0] for part in img.find_previous("source")["srcset"].split(",")]]
        reference = upright_reference(COLLECTION / name)
        for file in files:
            path = collection_site / "output/verhalen/verzameling" / file
            assert_clean(path, name)
            with Image.open(path) as made:
                assert made.mode in ("RGB", "RGBA") and (made.format == "WEBP" or made.mode == "RGB"), (name, file)
                assert abs(made.height - reference.height * made.width / reference.width) <= 1, (name, file)
                assert_shows(made, reference, name, file)


def upright_reference(original: Path) -> Image.Image:
    """The original as Pillow's ImageOps.exif_transpose shows it (first frame), in sRGB RGBA."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(original) as image:
            icc = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
    if upright.mode.startswith("I"):
        upright = upright.point(lambda value: value / 256).convert("L")
    if upright.mode == "LAB":
        lab = ImageCms.buildTransform(ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB")
        upright = ImageCms.applyTransform(upright, lab)
    elif icc and upright.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            upright = ImageCms.profileToProfile(upright, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                                ImageCms.createProfile("sRGB"),
                                                outputMode="RGBA" if upright.mode == "RGBA" else "RGB")
        except ImageCms.PyCMSError:
            pass
    return upright.convert("RGBA")


def assert_clean(path: Path, name: str) -> None:
    raw = path.read_bytes()
    assert not [leak for leak in LEAKS if leak in raw], (name, path.name)
    with Image.open(path) as made:
        assert not made.getexif(), (name, path.name)
        assert not {"exif", "xmp", "icc_profile", "comment", "photoshop", "XML:com.adobe.xmp"} & set(made.info), \
            (name, path.name, sorted(made.info))


def assert_shows(made: Image.Image, reference: Image.Image, name: str, file: str) -> None:
    """The rendition looks like the upright original, and more like it than like any other turn or mirror of it
    (compared at a small size, on white)."""
    size = (min(made.width, 160), max(1, round(made.height * min(made.width, 160) / made.width)))
    ours = on_white(made.convert("RGBA").resize(size, Image.Resampling.BOX))
    small = reference.resize((size[0] * 2, size[1] * 2), Image.Resampling.BOX)

    def difference(candidate: Image.Image) -> float:
        return mean_difference(on_white(candidate.resize(size, Image.Resampling.BOX)), ours)

    right = difference(small)
    assert right < 14, (name, file, right)
    for turn in Image.Transpose:
        turned = small.transpose(turn)
        if turned.size == small.size and mean_difference(turned, small) > 4:  # not (nearly) symmetric
            assert right < difference(turned), (name, file, turn)


def on_white(image: Image.Image) -> Image.Image:
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def mean_difference(one: Image.Image, other: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(one.convert("RGB"), other.convert("RGB"))).mean) / 3
