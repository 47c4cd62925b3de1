"""Peak memory of a whole build (all its processes) for a story with two large library scans.

    .venv/bin/python bench/scans.py --megapixels 110 --format png tiff [--phones 20] [--runs 1]

Makes a site with one story and two scans of N megapixels each (scan-like pictures: gradients, shapes and fine
noise, RGB, 8 bits), as PNG or as uncompressed TIFF, and builds it cold with `wijksite build`, as a volunteer
would. Memory is measured as bench/compare.py measures it (run_measured): the sum of the resident memory of every
process in the build's tree, sampled every 50 ms, and the largest single process. The target (issue 17): the sum
at most 600 MB.

Then it checks that the published sizes lost nothing: the largest rendition of each scan against plain Pillow's
LANCZOS resize of the whole scan, as the mean difference per channel (0-255); the same resize only encoded as JPEG
the same way is the floor that encoding alone costs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from bench.compare import run_measured  # noqa: E402
from bench.photos import make_photo  # noqa: E402

Image.MAX_IMAGE_PIXELS = None  # the bench makes its own large scans
SITE_YAML = "titel: Scans\ngemeente: Scandam\nwijken:\n  - naam: Centrum\n"
TARGET_MB = 600


def make_scan(path: Path, size: tuple[int, int], seed: int) -> None:
    """A scan-like picture: a paper-coloured gradient, shapes, and the fine grain of a 600 dpi scan."""
    rng = random.Random(seed)
    small = (size[0] // 8, size[1] // 8)
    base = Image.linear_gradient("L").resize(small).convert("RGB")
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        draw.ellipse((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 200)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    picture = base.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BILINEAR)
    del base
    grain = Image.effect_noise(size, 12).convert("RGB")
    picture = ImageChops.add(picture, grain, scale=1.0, offset=-128)
    del grain
    if path.suffix == ".png":
        picture.save(path, "PNG", compress_level=1)
    else:
        picture.save(path, "TIFF")


def make_site(root: Path, kind: str, size: tuple[int, int], phones: int) -> list[Path]:
    story = root / "content/verhalen/scans"
    story.mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    scans = [story / f"scan-{number}.{kind}" for number in (1, 2)]
    for number, scan in enumerate(scans):
        make_scan(scan, size, number)
    photos = [story / f"telefoon-{number}.jpg" for number in range(phones)]
    for number, photo in enumerate(photos):
        make_photo(photo, number, (4000, 3000))
    items = "".join(f"  - bestand: {photo.name}\n    alt: Foto {number}.\n"
                    for number, photo in enumerate([*scans, *photos]))
    (story / "index.md").write_text(f"---\ntitel: Scans\ntoestemming: ja\ndatum: 1960\nfotos:\n{items}---\nTekst.\n",
                                    encoding="utf-8")
    return scans


def quality(scan: Path, output: Path) -> tuple[float, float]:
    """(mean difference of wijksite's largest JPEG, of plain Pillow's resize encoded the same way), per channel."""
    folder = output / "verhalen/scans"
    largest = max(folder.glob(f"{scan.stem}-*.jpg"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
    with Image.open(largest) as made, Image.open(scan) as original:
        reference = original.convert("RGB").resize(made.size, Image.Resampling.LANCZOS)
        ours = sum(ImageStat.Stat(ImageChops.difference(made.convert("RGB"), reference)).mean) / 3
    encoded = tempfile.SpooledTemporaryFile()
    reference.save(encoded, "JPEG", quality=82, optimize=True)
    encoded.seek(0)
    with Image.open(encoded) as floor:
        alone = sum(ImageStat.Stat(ImageChops.difference(floor.convert("RGB"), reference)).mean) / 3
    return ours, alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megapixels", type=int, default=110)
    parser.add_argument("--format", nargs="+", default=["png", "tiff"], choices=["png", "tiff"])
    parser.add_argument("--phones", type=int, default=0, help="12-megapixel phone photos beside the scans (with 16 "
                        "or more new photos they are decoded by two worker processes)")
    parser.add_argument("--runs", type=int, default=1, help="cold builds per format (the maximum peak is reported)")
    parser.add_argument("--wijksite", type=Path, default=Path(sys.executable).parent / "wijksite")
    parser.add_argument("--workdir", type=Path, default=None, help="where the sites are made (default: a temp dir)")
    args = parser.parse_args()
    width = int((args.megapixels * 1_000_000 * 4 / 3) ** 0.5)
    size = (width, args.megapixels * 1_000_000 // width)
    with tempfile.TemporaryDirectory(dir=args.workdir) as temporary:
        for kind in args.format:
            root = Path(temporary) / kind
            scans = make_site(root, kind, size, args.phones)
            megabytes = sum(scan.stat().st_size for scan in scans) / 1e6
            peaks, largest, seconds = [], [], []
            for _ in range(args.runs):
                shutil.rmtree(root / ".wijksite-cache", ignore_errors=True)
                shutil.rmtree(root / "output", ignore_errors=True)
                measured = run_measured([str(args.wijksite), "build", "--source", str(root)], root, root / "output",
                                        dict(os.environ))
                peaks.append(measured.tree_mb)
                largest.append(measured.peak_mb)
                seconds.append(measured.seconds)
            beside = f" and {args.phones} phone photos" if args.phones else ""
            print(f"two {size[0]}x{size[1]} {kind.upper()} scans ({megabytes:.0f} MB on disk){beside}: cold build "
                  f"{statistics.median(seconds):.1f} s, peak memory of all processes {max(peaks):.0f} MB "
                  f"(target {TARGET_MB}), largest process {max(largest):.0f} MB", flush=True)
            for scan in scans:
                ours, alone = quality(scan, root / "output")
                print(f"  {scan.name}: largest rendition differs from Pillow's LANCZOS resize by {ours:.2f} per "
                      f"channel; JPEG encoding alone {alone:.2f}", flush=True)
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
