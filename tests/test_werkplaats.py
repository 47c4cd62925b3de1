"""Workshop mode over real HTTP: a participant's story with photos becomes a draft; hostile uploads write nothing."""

from __future__ import annotations

import asyncio
import http.cookiejar
import io
import re
import socket
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from PIL import Image

from generator.build import BuildOptions, prepare
from generator.workshop import MAX_BODY_BYTES, make_app
from tests.conftest import tree_digest


def jpeg(size=(800, 600), colour=(90, 120, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


class Participant:
    """A browser without JavaScript: cookies, the form's CSRF token, multipart posts."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str = "/") -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self) -> str:
        _, page = self.get("/")
        return re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)

    def post(
        self,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes]] | None = None,
        token: bool = True,
        path: str = "/",
    ) -> tuple[int, str]:
        if token:
            fields = {"_xsrf": self.token(), **fields}
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in (files or {}).items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: image/jpeg\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            self.base + path,
            data=body.getvalue(),
            method="POST",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def workshop(make_site):
    """The real app on 127.0.0.1, in a thread with its own event loop; yields (site root, start(code) -> url)."""
    root = make_site()
    loops = []

    def start(code: str | None = None) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            make_app(root, code).listen(port, address="127.0.0.1", max_body_size=MAX_BODY_BYTES)
            loops.append(loop)
            ready.set()
            loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)
        return f"http://127.0.0.1:{port}"

    yield root, start
    for loop in loops:
        loop.call_soon_threadsafe(loop.stop)


STORY = {
    "titel": "Schaatsen op de vaart",
    "verhaal": "Het was koud.\n\nWe schaatsten tot het donker werd.",
    "verteller": "Riet",
    "datum": "winter 1963",
    "plaats": "Molenkade",
    "wijk": "Kinderdijk",
    "toestemming": "ja",
    "personen": "nee",
    "bijschrift1": "De vaart",
    "alt1": "Een bevroren vaart.",
    "bijschrift2": "De molen",
    "alt2": "Een molen in de sneeuw.",
    "actie": "opslaan",
}


def test_saving_a_story_with_two_photos_makes_a_draft_the_build_accepts(workshop):
    root, start = workshop
    participant = Participant(start())
    status, page = participant.post(
        STORY, {"foto1": ("IMG 0001.JPG", jpeg()), "foto2": ("molen.png", jpeg((600, 800)))}
    )
    assert status == 200 and "Dank u wel" in page
    folder = root / "content/verhalen/schaatsen-op-de-vaart"
    assert sorted(p.name for p in folder.iterdir()) == ["img-0001.jpg", "index.md", "molen.jpg"]
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert "concept: true" in text and "verteller: Riet" in text and "alt: Een bevroren vaart." in text
    plan = prepare(BuildOptions(root, drafts=True, use_cache=False))
    story = next(s for s in plan.site.stories if s.slug == "schaatsen-op-de-vaart")
    assert story.draft and story.date.label() == "winter 1963" and len(story.photos) == 2
    assert "We schaatsten tot het donker werd." in story.body_html


def test_a_second_story_with_the_same_title_never_overwrites(workshop):
    root, start = workshop
    participant = Participant(start())
    participant.post(STORY)
    participant.post({**STORY, "verhaal": "Een ander verhaal."})
    assert (root / "content/verhalen/schaatsen-op-de-vaart-2/index.md").is_file()
    assert "Het was koud." in (root / "content/verhalen/schaatsen-op-de-vaart/index.md").read_text(encoding="utf-8")


def test_typed_markup_is_shown_as_text_not_run(workshop):
    root, start = workshop
    participant = Participant(start())
    participant.post({**STORY, "verhaal": "<script>alert(1)</script> *niet vet* [link](javascript:x)\n# geen kop"})
    plan = prepare(BuildOptions(root, drafts=True, use_cache=False))
    html = next(s for s in plan.site.stories if s.slug == "schaatsen-op-de-vaart").body_html
    assert "<script" not in html and "<em>" not in html and "<a" not in html and "<h" not in html
    assert "&lt;script&gt;" in html and "*niet vet*" in html and "# geen kop" in html


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("foto.jpg", b"#!/bin/sh\nrm -rf /\n", "geen foto"),
        ("foto.png", b"dit is gewoon tekst", "geen foto"),
        ("../../../etc/passwd.jpg", b"\x00\x00", "geen foto"),
        ("bom.png", None, "te groot"),
    ],
)
def test_hostile_uploads_are_refused_and_write_nothing(workshop, filename, data, message):
    root, start = workshop
    if data is None:
        buffer = io.BytesIO()
        Image.new("1", (13000, 10000)).save(buffer, "PNG", optimize=True)
        data = buffer.getvalue()
    before = tree_digest(root)
    status, page = Participant(start()).post(STORY, {"foto1": (filename, data)})
    assert status == 400 and message in page
    assert tree_digest(root) == before


def test_path_tricks_in_a_real_photo_name_stay_inside_the_story_folder(workshop):
    root, start = workshop
    participant = Participant(start())
    status, page = participant.post(
        STORY, {"foto1": ("..\\..\\..\\site.yaml.jpg", jpeg()), "foto2": ("../../content/evil.jpg", jpeg())}
    )
    assert status == 200, re.findall(r'class="veldfout"[^>]*>([^<]+)', page)
    folder = root / "content/verhalen/schaatsen-op-de-vaart"
    assert sorted(p.name for p in folder.iterdir()) == ["evil.jpg", "index.md", "site-yaml.jpg"]
    assert sorted(p.name for p in (root / "content").iterdir()) == ["initiatieven", "paginas", "verhalen"]


def test_a_nul_byte_in_a_file_name_is_refused_and_writes_nothing(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, _ = Participant(start()).post(STORY, {"foto1": ("foto\x00.jpg", jpeg())})
    assert status == 400
    assert tree_digest(root) == before


def test_too_large_a_photo_is_refused(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(STORY, {"foto1": ("groot.jpg", jpeg() + b"\0" * (26 * 1024 * 1024))})
    assert status == 400 and "25 MB" in page
    assert tree_digest(root) == before


def test_a_post_without_the_csrf_token_is_refused(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(STORY, token=False)
    assert status == 403 and "verlopen" in page
    assert tree_digest(root) == before


def test_on_the_network_the_access_code_is_needed(workshop):
    root, start = workshop
    participant = Participant(start("123456"))
    status, page = participant.get("/")
    assert "Toegangscode" in page
    _, form = participant.get("/toegang")
    token = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    status, page = participant.post({"_xsrf": token, "code": "000000"}, token=False, path="/toegang")
    assert status == 403 and "klopt niet" in page
    status, page = participant.post({"_xsrf": token, "code": "123 456"}, token=False, path="/toegang")
    assert status == 200 and "Vertel uw verhaal" in page


def test_missing_answers_are_explained_next_to_the_fields(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(
        {"titel": "", "verhaal": "", "datum": "31-02-1953", "actie": "opslaan"}, {"foto1": ("a.jpg", jpeg())}
    )
    assert status == 400
    for message in (
        "Geef uw verhaal een titel",
        "Schrijf uw verhaal",
        "Deze datum klopt niet",
        "Beschrijf foto 1",
        "Zeg of wij uw verhaal",
    ):
        assert message in page
    assert 'href="#titel"' in page and 'aria-invalid="true"' in page
    assert tree_digest(root) == before


def test_preview_shows_the_story_page_as_it_will_be_published(workshop):
    root, start = workshop
    participant = Participant(start())
    before = tree_digest(root / "content")
    status, page = participant.post({**STORY, "actie": "voorbeeld"}, {"foto1": ("vaart.jpg", jpeg())})
    assert status == 200 and "Zo komt uw verhaal op de website" in page
    preview_url = re.search(r'<iframe src="([^"]+)"', page).group(1)
    status, story = participant.get(preview_url)
    assert status == 200 and "<h1>Schaatsen op de vaart</h1>" in story and "vaart-800.jpg" in story
    assert tree_digest(root / "content") == before  # a preview writes nothing into the site
    draft = re.search(r'name="concept" value="([^"]+)"', page).group(1)
    status, _ = participant.post({**STORY, "concept": draft})  # the photo chosen before the preview is kept
    assert (root / "content/verhalen/schaatsen-op-de-vaart/vaart.jpg").is_file()


@pytest.mark.browser
def test_the_form_in_chromium_is_accessible_and_works_by_keyboard(workshop, browser, tmp_path):
    from tests.conftest import REPO

    root, start = workshop
    base = start()
    photo = tmp_path / "vaart.jpg"
    photo.write_bytes(jpeg())
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(base + "/")
    page.add_script_tag(path=str(REPO / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    assert [v["id"] for v in result["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.focus("#titel")
    page.keyboard.type("Schaatsen op de vaart")
    page.keyboard.press("Tab")
    page.keyboard.type("Het was koud.")
    page.set_input_files("#foto1", str(photo))
    page.fill("#alt1", "Een bevroren vaart.")
    page.check("#toestemming-ja")
    page.check("#personen-nee")
    page.click("button[value=opslaan]")
    page.wait_for_selector("h1:has-text('Dank u wel')")
    assert (root / "content/verhalen/schaatsen-op-de-vaart/vaart.jpg").is_file()
    page.goto(base + "/")
    page.click("button[value=opslaan]")  # empty form: errors listed at the top, linked to the fields
    summary = page.locator(".foutenlijst")
    assert summary.get_attribute("role") == "alert" and summary.locator("a[href='#titel']").count() == 1
    page.add_script_tag(path=str(REPO / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    assert [v["id"] for v in result["violations"]] == []
    page.close()
