"""Photo pipeline benchmark: cold throughput against plain Pillow, and the warm no-op build.

    python bench/photos.py --photos 200 --warm 1000 [--cold-runs 3]

Makes a deterministic site in a temporary folder (stories with 3000x2000 JPEGs), then measures:
  * plain Pillow, 2 processes: 480/1024/1600 px JPEG + WebP per photo (the reference in the issue);
  * wijksite cold: a full build with an empty cache (photos per second);
  * wijksite warm: a second build with nothing changed, with --warm photos on the site.

The cold runs alternate (Pillow, wijksite, Pillow, ... --cold-runs times each), so that load from elsewhere on a
shared machine falls on both; each reports its wall time and its CPU time (this process and its workers, from
getrusage): on a busy machine the CPU ratio says more than the wall-time ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.build import build
from generator.options import BuildOptions  # noqa: E402

SITE_YAML = "titel: Bench\ngemeente: Benchdam\nwijken:\n  - naam: Centrum\n"


def make_photo(path: Path, seed: int, size: tuple[int, int]) -> None:
    """A photo-like JPEG: gradients, shapes and noise, so it compresses like a real scan."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(50, 600), y + rng.randrange(50, 400)), fill=colour)
    noise = Image.effect_noise((size[0] // 4, size[1] // 4), 40).resize(size).convert("RGB")
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(2)), noise, 0.25)
    image.save(path, "JPEG", quality=88)


def make_site(root: Path, photos: int, size: tuple[int, int], per_story: int = 10) -> list[Path]:
    (root / "content/verhalen").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    paths = []
    for story in range((photos + per_story - 1) // per_story):
        folder = root / f"content/verhalen/verhaal-{story:04d}"
        folder.mkdir()
        items = []
        for number in range(story * per_story, min(photos, (story + 1) * per_story)):
            path = folder / f"foto-{number:05d}.jpg"
            make_photo(path, number, size)
            paths.append(path)
            items.append(f"  - bestand: {path.name}\n    alt: Foto {number}\n")
        (folder / "index.md").write_text(f"---\ntitel: Verhaal {story}\ntoestemming: ja\ndatum: 1960\nfotos:\n"
                                         + "".join(items) + "---\nTekst.\n", encoding="utf-8")
    return paths


def plain_pillow(path: Path, out: Path) -> None:
    image = Image.open(path)
    image.load()
    for width in (480, 1024, 1600):
        resized = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        resized.save(out / f"{path.stem}-{width}.jpg", "JPEG", quality=82)
        resized.save(out / f"{path.stem}-{width}.webp", "WEBP", quality=80)


def timed(label: str, action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    print(f"{label:<48} {seconds:8.2f} s", flush=True)
    return seconds


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (worker pools are shut down before reading)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(label: str, action) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds) of the action."""
    cpu = cpu_seconds()
    wall = timed(label, action)
    cpu = cpu_seconds() - cpu
    print(f"{'':<48} {cpu:8.2f} s CPU", flush=True)
    return wall, cpu


def with_pillow(photos: list[Path], reference: Path) -> None:
    shutil.rmtree(reference, ignore_errors=True)
    reference.mkdir()
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(plain_pillow, photos, [reference] * len(photos)))


def with_wijksite(root: Path) -> None:
    shutil.rmtree(root / ".wijksite-cache", ignore_errors=True)
    shutil.rmtree(root / "output", ignore_errors=True)
    build(BuildOptions(root))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=200, help="photos of 3000x2000 for the cold runs")
    parser.add_argument("--warm", type=int, default=1000, help="photos on the site for the warm no-op build")
    parser.add_argument("--runs", type=int, default=3, help="warm builds to take the median of")
    parser.add_argument("--cold-runs", type=int, default=1, help="cold runs of each, alternating (median reported)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, Pillow {Image.__version__}")
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        cold = base / "cold"
        photos = make_site(cold, args.photos, (3000, 2000))
        reference = base / "reference"
        pillow, ours = [], []
        for _ in range(args.cold_runs):
            pillow.append(measured(f"plain Pillow, 2 processes, {args.photos} photos",
                                   lambda: with_pillow(photos, reference)))
            ours.append(measured(f"wijksite cold build, {args.photos} photos", lambda: with_wijksite(cold)))
        walls = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in pillow)
        cpus = statistics.median(c for _, c in ours), statistics.median(c for _, c in pillow)
        print(f"  -> medians of {args.cold_runs}: wijksite {walls[0]:.1f} s ({args.photos / walls[0]:.1f} photos/s), "
              f"plain Pillow {walls[1]:.1f} s: ratio {walls[0] / walls[1]:.2f}; CPU {cpus[0]:.1f} s against "
              f"{cpus[1]:.1f} s: ratio {cpus[0] / cpus[1]:.2f}")
        shutil.rmtree(cold)

        warm = base / "warm"
        make_site(warm, args.warm, (1200, 800))
        build(BuildOptions(warm))
        times = [timed(f"wijksite warm no-op build, {args.warm} photos", lambda: build(BuildOptions(warm)))
                 for _ in range(args.runs)]
        print(f"  -> median warm no-op build: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
