"""The real sample site in content/ builds cleanly, completely, and leaks nothing from its photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import read_html
from tests.test_build import local_links

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def sample(sample_site):
    return sample_site.output, sample_site.report


def test_sample_site_has_the_initiatives_and_stories_the_wijk_needs(sample):
    output, report = sample
    initiatives = read_html(output / "initiatieven/index.html").select("ul.kaarten > li")
    stories = read_html(output / "verhalen/index.html").select("ul.kaarten > li")
    assert len(initiatives) >= 12
    assert len(stories) >= 6
    assert all(story.find("img") for story in stories)
    assert report.photos >= 6
    assert not [w for w in report.warnings if "onbekende sleutel" in w.message]


def test_sample_site_links_all_resolve(sample):
    output, _ = sample
    broken = [(page, target) for page, target in local_links(output) if not (output / target).is_file()]
    assert broken == []


def test_sample_stories_say_their_tellers_are_invented(sample):
    output, _ = sample
    for page in (output / "verhalen").glob("*/index.html"):
        about = read_html(page).find("section", class_="over").get_text(" ")
        assert "verzonnen" in about.lower() or "voorbeeld" in about.lower(), page


def test_sample_photos_carry_no_location_or_camera_data(sample):
    output, _ = sample
    originals_with_gps = [p for p in (REPO / "content").rglob("*.jpg") if Image.open(p).getexif().get_ifd(0x8825)]
    assert originals_with_gps, "the sample keeps one photo with GPS tags to prove they are stripped"
    published = list(output.rglob("*.jpg")) + list(output.rglob("*.webp"))
    assert published
    for path in published:
        assert not Image.open(path).getexif(), path
