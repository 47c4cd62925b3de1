"""Photos: real images in and out. Sizes, formats, orientation, colour, privacy, bad files, cache."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from generator.build import build
from generator.errors import BuildStopped
from generator.options import BuildOptions
from tests.conftest import read_html, write_jpeg
from tests.test_photo_collection import COLLECTION

STORY_DIR = "content/verhalen/molens"


TAG = re.compile(r"-[0-9a-f]{8}(?=-[0-9]+\.)")  # what tells the renditions of one original from another's


def renditions(root: Path, stem: str = "ijs") -> dict[str, Image.Image]:
    """The renditions of one photo by name without their tag: "ijs-960.jpg" for "ijs-3f2a9c1b-960.jpg"."""
    folder = root / "output/verhalen/molens"
    return {TAG.sub("", p.name): Image.open(p) for p in sorted(folder.glob(f"{stem}-*")) if TAG.search(p.name)}


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Camerafabriek"  # Make
    exif[0x013B] = "Jan de Fotograaf"  # Artist
    exif[0x8298] = "© Jan"  # Copyright
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 52.0, 57.0)  # Kinderdijk
    gps[3], gps[4] = "E", (4.0, 38.0, 22.0)
    exif.get_ifd(0x8769)[0xA431] = "SERIE-123456"  # BodySerialNumber
    return exif


def test_renditions_are_made_in_webp_and_jpeg_and_never_upscaled(make_site, build_site):
    root = make_site(photos={f"{STORY_DIR}/ijs.jpg": (1200, 800)})
    build_site(root)
    made = renditions(root)
    assert sorted(made) == [
        "ijs-1200.jpg",
        "ijs-1200.webp",
        "ijs-480.jpg",
        "ijs-480.webp",
        "ijs-960.jpg",
        "ijs-960.webp",
    ]
    assert made["ijs-480.webp"].format == "WEBP" and made["ijs-480.jpg"].format == "JPEG"
    assert made["ijs-960.jpg"].size == (960, 640) and made["ijs-1200.jpg"].size == (1200, 800)
    assert not (root / "output/verhalen/molens/ijs.jpg").exists()  # the original is not published


def test_picture_element_has_srcset_sizes_and_dimensions(make_site, build_site):
    root = make_site(photos={f"{STORY_DIR}/ijs.jpg": (2000, 1000)})
    build_site(root)
    page = read_html(root / "output/verhalen/molens/index.html")
    picture = page.find("figure", class_="foto").find("picture")
    source = picture.find("source")
    assert source["type"] == "image/webp"
    assert TAG.sub("", source["srcset"]) == "ijs-480.webp 480w, ijs-960.webp 960w, ijs-1600.webp 1600w"
    img = picture.find("img")
    assert (img["width"], img["height"]) == ("960", "480")
    assert img["alt"] == "Kinderen schaatsen voor een molen."
    assert img.get("loading") is None  # the first photo is above the fold
    card = read_html(root / "output/verhalen/index.html").find("li", class_="kaart").find("img")
    assert card["loading"] == "lazy"


def test_published_photos_carry_no_metadata_at_all(make_site, build_site):
    root = make_site()
    write_jpeg(root / STORY_DIR / "ijs.jpg", (1600, 1200), exif=gps_exif())
    assert Image.open(root / STORY_DIR / "ijs.jpg").getexif().get_ifd(0x8825)  # the original has GPS
    build_site(root)
    made = renditions(root)
    assert len(made) == 6
    for name, image in made.items():
        assert not image.getexif(), name
        assert "exif" not in image.info and "xmp" not in image.info and "icc_profile" not in image.info, name
        raw = Path(image.filename).read_bytes()
        for secret in (b"SERIE-123456", b"Jan de Fotograaf", b"Camerafabriek", b"Exif"):
            assert secret not in raw, (name, secret)


def test_exif_orientation_is_applied(make_site, build_site):
    root = make_site()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    write_jpeg(root / STORY_DIR / "ijs.jpg", (1200, 800), exif=exif)
    build_site(root)
    image = renditions(root)["ijs-800.jpg"]
    assert image.size == (800, 1200)
    top_right = image.convert("RGB").getpixel((780, 20))
    assert top_right[0] > 150 and top_right[2] < 100  # the red corner moved from top-left to top-right
    img = read_html(root / "output/verhalen/molens/index.html").find("figure").find("img")
    assert (img["width"], img["height"]) == ("800", "1200")


@pytest.mark.parametrize("mode", ["CMYK", "P", "RGBA", "I;16", "L"])
def test_unusual_colour_modes_become_srgb(make_site, build_site, mode):
    root = make_site()
    source = root / STORY_DIR / "ijs.png"
    image = Image.new("RGB", (700, 500), (30, 120, 200))
    if mode == "CMYK":
        image.convert("CMYK").save(source.with_suffix(".jpg"), "JPEG")
        source = source.with_suffix(".jpg")
    elif mode == "I;16":
        Image.new("I;16", (700, 500), 40000).save(source)
    else:
        image.convert(mode).save(source)
    (root / STORY_DIR / "index.md").write_text(
        (root / STORY_DIR / "index.md")
        .read_text(encoding="utf-8")
        .replace("bestand: ijs.jpg", f"bestand: {source.name}"),
        encoding="utf-8",
    )
    build_site(root)
    made = renditions(root)
    assert made and all(i.mode in ("RGB", "RGBA") for i in made.values())
    assert made["ijs-700.jpg"].mode == "RGB"


def test_icc_profile_is_converted_not_copied(make_site, build_site):
    root = make_site()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    Image.new("RGB", (600, 400), (200, 100, 50)).save(
        root / STORY_DIR / "ijs.jpg",
        "JPEG",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    assert profile  # a profile object can be made here
    build_site(root)
    assert all("icc_profile" not in image.info for image in renditions(root).values())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"dit is geen foto", "geen foto die wijksite kan lezen"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "geen foto die wijksite kan lezen"),
    ],
)
def test_bad_images_give_a_clear_error_naming_entry_and_file(make_site, content, message):
    root = make_site()
    (root / STORY_DIR / "ijs.jpg").write_bytes(content)
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    [error] = stopped.value.problems
    assert error.path == f"{STORY_DIR}/index.md" and error.line == 12
    assert "ijs.jpg" in error.message and message in error.message
    assert not (root / "output").exists()


def test_truncated_jpeg_is_reported_not_crashed_on(make_site):
    root = make_site()
    buffer = io.BytesIO()
    Image.effect_noise((1200, 800), 60).convert("RGB").save(buffer, "JPEG")
    (root / STORY_DIR / "ijs.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    [error] = stopped.value.problems
    assert error.path == f"{STORY_DIR}/index.md" and "ijs.jpg" in error.message


def test_decompression_bomb_is_refused(make_site):
    root = make_site()
    Image.new("1", (13000, 10000)).save(root / STORY_DIR / "ijs.png", optimize=True)
    md = root / STORY_DIR / "index.md"
    md.write_text(md.read_text(encoding="utf-8").replace("ijs.jpg", "ijs.png"), encoding="utf-8")
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    assert "te groot" in stopped.value.problems[0].message


def test_second_build_does_no_image_work_and_a_changed_photo_is_redone(make_site, build_site):
    root = make_site()
    first = build_site(root)
    assert first.photos_processed == 1
    second = build_site(root)
    assert second.photos_processed == 0
    assert renditions(root)["ijs-960.jpg"].size == (960, 640)
    write_jpeg(root / STORY_DIR / "ijs.jpg", (1000, 1000), colour=(10, 200, 10))
    third = build_site(root)
    assert third.photos_processed == 1
    assert renditions(root)["ijs-960.jpg"].size == (960, 960)


def test_a_damaged_heic_photo_gets_a_specific_explanation(make_site):
    root = make_site()
    (root / STORY_DIR / "ijs.jpg").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200)
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    [error] = stopped.value.problems
    assert "HEIC" in error.message and "JPEG" in error.hint


def use_photo(root: Path, name: str) -> None:
    """The story's photo is now `name` from the real-world collection."""
    shutil.copyfile(COLLECTION / name, root / STORY_DIR / name)
    md = root / STORY_DIR / "index.md"
    md.write_text(md.read_text(encoding="utf-8").replace("bestand: ijs.jpg", f"bestand: {name}"), encoding="utf-8")
    (root / STORY_DIR / "ijs.jpg").unlink()


@pytest.mark.parametrize(("name", "size"), [("IMG_5195.HEIC", (2566, 3313)), ("kimono.rotate90.avif", (722, 1024))])
def test_iphone_heic_and_avif_photos_are_published_upright_without_their_gps(make_site, build_site, name, size):
    root = make_site()
    use_photo(root, name)
    build_site(root)
    page = read_html(root / "output/verhalen/molens/index.html")
    img = page.find("figure").find("img")
    assert int(img["width"]) / int(img["height"]) == pytest.approx(size[0] / size[1], abs=0.01)
    for file in (root / "output/verhalen/molens").glob("*-*.*"):
        with Image.open(file) as made:
            assert not made.getexif() and "icc_profile" not in made.info, file.name
        assert b"Apple" not in file.read_bytes() and b"Exif" not in file.read_bytes()


def test_a_tiff_scan_turned_by_its_orientation_tag_is_not_squashed(make_site, build_site):
    root = make_site()
    use_photo(root, "g4_orientation_6.tif")  # 590 x 88 once turned upright
    build_site(root)
    made = renditions(root, "g4-orientation-6")
    assert made["g4-orientation-6-590.jpg"].size == (590, 88) and made["g4-orientation-6-480.jpg"].size == (480, 72)


def test_a_png_cut_off_in_its_last_chunk_stops_check_as_it_stops_build(make_site):
    from tests.test_cli import wijksite

    root = make_site()
    use_photo(root, "truncated_end_chunk.png")
    said = [wijksite(command, cwd=root) for command in ("check", "build")]
    assert [result.returncode for result in said] == [1, 1]
    expected = f"{STORY_DIR}/index.md:12: fout: foto truncated_end_chunk.png: de foto is beschadigd"
    assert all(expected in result.stderr for result in said), [result.stderr for result in said]


def test_pillows_warnings_become_dutch_warnings_at_the_photos_line_also_on_the_next_build(make_site, build_site):
    from tests.test_cli import wijksite

    root = make_site()
    use_photo(root, "hopper_bad_exif.jpg")  # Pillow: "UserWarning: Corrupt EXIF data. Expecting to read ..."
    expected = "foto hopper_bad_exif.jpg: de extra gegevens in de foto (EXIF) zijn beschadigd"
    for command in ("check", "build", "build"):  # the second build knows the photo from its memo
        result = wijksite(command, cwd=root)
        assert result.returncode == 0, result.stderr
        assert f"{STORY_DIR}/index.md:12: waarschuwing: {expected}" in result.stderr, (command, result.stderr)
        assert "Corrupt" not in result.stderr and "UserWarning" not in result.stderr
    assert "(0 nieuw verwerkt)" in result.stdout


def test_a_photo_in_a_story_folder_but_not_under_fotos_is_named_with_the_lines_to_add(make_site, build_site):
    from tests.test_cli import wijksite

    root = make_site()
    write_jpeg(root / STORY_DIR / "vergeten foto.jpeg")
    (root / STORY_DIR / "._ijs.jpg").write_bytes(b"\x00\x05\x16\x07")  # a Mac's shadow file: not a photo
    (root / STORY_DIR / "notities.txt").write_text("geen foto", encoding="utf-8")
    for command in ("check", "build"):
        result = wijksite(command, cwd=root)
        assert result.returncode == 0, result.stderr
        assert (f"{STORY_DIR}/index.md:11: waarschuwing: de foto vergeten foto.jpeg staat in de map van dit verhaal, "
                "maar niet onder fotos:") in result.stderr
        assert "  - bestand: vergeten foto.jpeg\n    alt: " in result.stderr
        assert "._ijs.jpg" not in result.stderr and "notities.txt" not in result.stderr
    md = root / STORY_DIR / "index.md"
    listed = "    toestemming: ja\n  - bestand: vergeten foto.jpeg\n    alt: Nog een foto.\n---"
    md.write_text(md.read_text(encoding="utf-8").replace("    toestemming: ja\n---", listed), encoding="utf-8")
    assert not [w for w in build_site(root).warnings if "vergeten" in w.message]


def test_animated_gif_uses_its_first_frame_and_png_transparency_is_kept_in_webp(make_site, build_site):
    root = make_site()
    frames = [Image.new("RGB", (600, 400), colour) for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    frames[0].save(root / STORY_DIR / "ijs.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    transparent = Image.new("RGBA", (500, 500), (0, 0, 0, 0))
    transparent.paste((20, 90, 160, 255), (100, 100, 400, 400))
    transparent.save(root / STORY_DIR / "logo.png")
    md = root / STORY_DIR / "index.md"
    md.write_text(
        md.read_text(encoding="utf-8")
        .replace("bestand: ijs.jpg", "bestand: ijs.gif")
        .replace(
            "    toestemming: ja\n---", "    toestemming: ja\n  - bestand: logo.png\n    alt: Een blauw vierkant.\n---"
        ),
        encoding="utf-8",
    )
    build_site(root)
    gif = renditions(root)["ijs-600.jpg"]
    assert gif.convert("RGB").getpixel((300, 200))[0] > 150  # the red first frame
    logo = renditions(root, "logo")
    assert logo["logo-500.webp"].mode == "RGBA" and logo["logo-500.webp"].getpixel((10, 10))[3] == 0
    assert logo["logo-500.jpg"].convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_size_settings_from_site_yaml_reprocess_photos_and_originals_only_on_request(make_site, build_site):
    root = make_site(photos={f"{STORY_DIR}/ijs.jpg": (2000, 1000)})
    assert build_site(root).photos_processed == 1
    assert not [n for n in renditions(root) if n.startswith("ijs-2000")]
    site_yaml = root / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8") + "foto_breedtes: [320, 800]\noriginelen_publiceren: ja\n",
        encoding="utf-8",
    )
    assert build_site(root).photos_processed == 1
    assert sorted(renditions(root)) == [
        "ijs-2000.jpg",
        "ijs-2000.webp",
        "ijs-320.jpg",
        "ijs-320.webp",
        "ijs-800.jpg",
        "ijs-800.webp",
    ]
    assert not renditions(root)["ijs-2000.jpg"].getexif()


def test_a_photo_name_with_spaces_gives_a_valid_srcset(make_site, build_site):
    root = make_site()
    (root / STORY_DIR / "ijs.jpg").rename(root / STORY_DIR / "opa en oma.jpg")
    md = root / STORY_DIR / "index.md"
    text = md.read_text(encoding="utf-8").replace("bestand: ijs.jpg", "bestand: opa en oma.jpg")
    md.write_text(text, encoding="utf-8")
    build_site(root)
    source = read_html(root / "output/verhalen/molens/index.html").find("figure").find("source")
    assert re.match(r"opa-en-oma-[0-9a-f]{8}-480\.webp 480w, ", source["srcset"])
    assert (root / "output/verhalen/molens" / source["srcset"].split()[0]).is_file()


def half_of_a_real_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((1200, 800), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


def test_a_photo_cut_off_while_copying_stops_check_and_build_with_the_same_dutch_message(make_site):
    from tests.test_cli import wijksite

    root = make_site()
    (root / STORY_DIR / "ijs.jpg").write_bytes(half_of_a_real_jpeg())
    expected = (f"{STORY_DIR}/index.md:12: fout: foto ijs.jpg: de foto is beschadigd of niet helemaal gekopieerd"
                " — kopieer hem opnieuw of vervang hem")
    for command in ("check", "build"):
        result = wijksite(command, cwd=root)
        assert result.returncode == 1, (command, result.stderr)
        assert expected in result.stderr, (command, result.stderr)
        assert not any(english in result.stderr for english in ("truncated", "image file", "Traceback"))
    assert not (root / "output").exists()


def test_many_new_photos_are_decoded_side_by_side_and_the_damaged_one_is_named(tmp_path):
    from generator.content.entries import Photo
    from generator.photos.renditions import plan_photos

    folder = tmp_path / "content/verhalen/veel"
    photos = []
    for number in range(20):
        source = write_jpeg(folder / f"foto-{number}.jpg", (200, 100))
        photos.append(Photo(source, source.name, "Een foto.", "content/verhalen/veel/index.md", 10 + number))
    (folder / "foto-7.jpg").write_bytes(half_of_a_real_jpeg())
    memo: dict[str, list[object]] = {}
    plans, problems, _ = plan_photos(tuple(photos), {p.source: "verhalen/veel/" for p in photos}, tmp_path / "content",
                                  memo=memo)
    [problem] = problems
    assert (problem.line, problem.hint) == (17, "kopieer hem opnieuw of vervang hem")
    assert "foto-7.jpg: de foto is beschadigd" in problem.message
    assert len(plans) == 19 and plans[folder / "foto-3.jpg"].width == 200
    assert str(folder / "foto-7.jpg") not in memo and len(memo) == 19


def test_the_lines_offered_for_a_forgotten_photo_work_when_pasted_in(make_site, build_site):
    root = make_site()
    md = root / STORY_DIR / "index.md"
    text = md.read_text(encoding="utf-8")
    md.write_text(text[:text.index("fotos:")] + "fotos: []\n---\nTekst.\n", encoding="utf-8")
    (root / STORY_DIR / "ijs.jpg").rename(root / STORY_DIR / "oma's tuin.jpg")
    [forgotten] = [w for w in build_site(root).warnings if "niet onder fotos:" in w.message]
    assert forgotten.line == 11 and "in plaats van de regel fotos:" in forgotten.hint
    lines = forgotten.hint.split("\n")[1:-1]
    assert lines == ["fotos:", "  - bestand: \"oma's tuin.jpg\"", "    alt: "]
    lines[-1] += "Een tuin."
    md.write_text(md.read_text(encoding="utf-8").replace("fotos: []", "\n".join(lines)), encoding="utf-8")
    report = build_site(root)
    assert not [w for w in report.warnings if "niet onder fotos:" in w.message]
    assert any(p.name.startswith("omas-tuin-") for p in (root / "output/verhalen/molens").iterdir())
