"""Workshop mode over real HTTP: a participant's story with photos becomes a draft; hostile uploads write nothing."""

from __future__ import annotations

import asyncio
import html
import http.client
import http.cookiejar
import io
import re
import socket
import struct
import threading
import urllib.error
import urllib.request
import uuid
import zlib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.build import BuildOptions, prepare
from generator.errors import UsageError, errors_in
from generator.markup import render_markdown
from generator.workshop import listen, make_app, run_workshop
from generator.workshop_form import clean_text, plain_markdown
from tests.conftest import REPO, tree_digest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def jpeg(size=(800, 600), colour=(90, 120, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def bomb_png(width: int = 13_000, height: int = 10_000) -> bytes:
    """A valid PNG header claiming 130 million pixels, with a few kilobytes of compressed zeros behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * (1 + width // 8) * 100)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


class Participant:
    """A browser without JavaScript: cookies, the form's CSRF token, multipart posts, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.form = ""  # the address of this participant's form, /verhaal/<token>
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str = "/") -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                if "/verhaal/" in response.url and not self.form:
                    self.form = re.sub(r"^https?://[^/]+", "", response.url)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self) -> str:
        """The CSRF token, as the form's hidden field holds it (the cookie's value is one too)."""
        if not self.form:
            self.get("/")
        return next(cookie.value for cookie in self.cookies if cookie.name == "_xsrf")

    def post(self, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None, token: bool = True,
             path: str | None = None) -> tuple[int, str]:
        if token:
            fields = {"_xsrf": self.token(), **fields}
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in (files or {}).items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                       f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        if path is None:
            path = self.form or self.get("/") and self.form
        request = urllib.request.Request(self.base + path, data=body.getvalue(), method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def messages(page: str) -> list[str]:
    """The error texts next to the fields, as a participant reads them."""
    return [html.unescape(m) for m in re.findall(r'class="veldfout"[^>]*>([^<]+)', page)]


@pytest.fixture
def workshop(make_site):
    """The real app on 127.0.0.1, in a thread with its own event loop; yields (site root, start(code) -> url)."""
    root = make_site()
    running = []

    def start(code: str | None = None) -> str:
        app = make_app(root, code)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            listen(app, port, "127.0.0.1")
            running.append((loop, app))
            ready.set()
            loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        assert ready.wait(10)
        return f"http://127.0.0.1:{port}"

    yield root, start
    for loop, app in running:
        loop.call_soon_threadsafe(loop.stop)
        folder = app.settings["workshop"].drafts.folder
        app.settings["workshop"].close()
        assert not folder.exists()  # photos of unsaved drafts and previews are gone


STORY = {
    "titel": "Schaatsen op de vaart",
    "verhaal": "Het was koud.\n\nWe schaatsten tot het donker werd.",
    "verteller": "Riet",
    "datum": "winter 1963",
    "plaats": "Molenkade",
    "wijk": "Kinderdijk",
    "toestemming": "ja",
    "personen": "ja",
    "toestemming_personen": "onbekend",
    "bijschrift1": "De vaart",
    "alt1": "Een bevroren vaart.",
    "bijschrift2": "De molen",
    "alt2": "Een molen in de sneeuw.",
    "actie": "opslaan",
}
SLUG = "schaatsen-op-de-vaart"


def everything_but_new_stories(root: Path) -> dict[str, str]:
    return {path: digest for path, digest in tree_digest(root).items()
            if not path.startswith("content/verhalen/") or path.startswith("content/verhalen/molens/")}


def test_saving_a_story_with_two_photos_makes_a_draft_the_build_accepts(workshop):
    root, start = workshop
    before = everything_but_new_stories(root)
    status, page = Participant(start()).post(STORY, {"foto1": ("IMG 0001.JPG", jpeg()),
                                                     "foto2": ("molen.png", jpeg((600, 800)))})
    assert status == 200 and "Dank u wel" in page and f"content/verhalen/{SLUG}" in page
    folder = root / "content/verhalen" / SLUG
    assert sorted(p.name for p in folder.iterdir()) == ["img-0001.jpg", "index.md", "molen.jpg"]
    assert (folder / "img-0001.jpg").read_bytes() == jpeg()  # the original, untouched
    front = yaml.safe_load((folder / "index.md").read_text(encoding="utf-8").split("---")[1])
    assert front["concept"] is True and front["verteller"] == "Riet" and front["datum"] == "winter 1963"
    assert front["toestemming"] == "ja" and front["bron"].startswith("Werkplaats ") and front["toegevoegd"]
    assert front["fotos"][0] == {"bestand": "img-0001.jpg", "alt": "Een bevroren vaart.", "bijschrift": "De vaart",
                                 "toestemming": "onbekend", "personen_herkenbaar": "ja"}
    plan = prepare(BuildOptions(root, use_cache=False))  # exactly what `wijksite check` does: no errors
    assert not errors_in(plan.problems)
    plan = prepare(BuildOptions(root, drafts=True, use_cache=False))
    story = next(s for s in plan.site.stories if s.slug == SLUG)
    assert story.draft and story.date.label() == "winter 1963" and len(story.photos) == 2
    assert "<p>We schaatsten tot het donker werd.</p>" in story.body_html
    assert everything_but_new_stories(root) == before  # nothing else in the site was touched
    assert not [p for p in (root / "content/verhalen").iterdir() if p.name.startswith(".")]  # no staging left


def test_a_second_story_with_the_same_title_never_overwrites(workshop):
    root, start = workshop
    first, second = Participant(start()), Participant(start())
    first.post(STORY)
    (root / "content/verhalen/schaatsen-op-de-vaart-2.md").write_text("---\ntitel: x\n---\n", encoding="utf-8")
    second.post({**STORY, "verhaal": "Een ander verhaal."})
    assert "Het was koud." in (root / "content/verhalen" / SLUG / "index.md").read_text(encoding="utf-8")
    # -2 is taken by a story written as a single file, so the new one is -3
    assert "Een ander verhaal." in (root / f"content/verhalen/{SLUG}-3/index.md").read_text(encoding="utf-8")


def test_a_second_click_on_save_saves_once(workshop):
    root, start = workshop
    participant = Participant(start())
    participant.post(STORY, {"foto1": ("vaart.jpg", jpeg())})
    status, page = participant.post(STORY)  # the same form again, as a double click sends it
    assert status == 200 and "Dank u wel" in page
    assert sorted(p.name for p in (root / "content/verhalen").iterdir()) == ["molens", SLUG]


def test_typed_markup_is_shown_as_text_not_run(workshop):
    root, start = workshop
    typed = "<script>alert(1)</script> *niet vet* [link](javascript:x) &copy;\n# geen kop\n1962. Geen lijst\n==="
    Participant(start()).post({**STORY, "verhaal": typed, "titel": "<b>Vet?</b>"})
    plan = prepare(BuildOptions(root, drafts=True, use_cache=False))
    story = next(s for s in plan.site.stories if s.slug == "b-vet-b")
    assert story.title == "<b>Vet?</b>"
    assert re.findall(r"<(\w+)", story.body_html) == ["p"]
    assert html.unescape(story.body_html) == (
        "<p><script>alert(1)</script> *niet vet* [link](javascript:x) &copy;\n# geen kop\n1962. Geen lijst\n===</p>")


SPECIAL = [*"\\`*_{}[]()#+-.!|<>&=~:\"' \n\t", "\n\n", "1. ", "- ", "* ", "# ", "> ", "---", "===", "    ", "<b>",
           "&amp;", "&#42;", "<http://x.nl>", "[a](b)", "![a](b)", "{: .x}", "| a | b |", "|---|---|", "'s", "é"]
TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "–": "--", "—": "---"})


def _letters(text: str) -> str:
    """Text without what typography may change: quotes, dots, dashes and white space."""
    return re.sub(r"[\s\"'.\-]+", "", text.translate(TYPOGRAPHY))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=4)), max_size=30).map("".join))
def test_whatever_is_typed_becomes_paragraphs_of_exactly_that_text(typed):
    rendered = render_markdown(plain_markdown(typed))
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"p"}
    assert _letters(html.unescape(re.sub(r"<[^>]+>", "", rendered))) == _letters(clean_text(typed))


def truncated_jpeg() -> bytes:
    return jpeg((2000, 1500))[:4000]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("foto.jpg", b"#!/bin/sh\nrm -rf /\n", "dit is geen foto"),
        ("foto.png", b"dit is gewoon tekst, geen plaatje", "dit is geen foto"),
        ("foto.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "dit is geen foto"),
        ("bom.png", bomb_png(), "te veel beeldpunten"),
        ("half.jpg", truncated_jpeg(), "niet helemaal verstuurd"),
        ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "HEIC"),
        ("animatie.bmp", (lambda b: (Image.new("RGB", (8, 8)).save(b, "BMP"), b.getvalue())[1])(io.BytesIO()),
         "dit soort bestand (BMP) kan niet"),
    ],
)
def test_hostile_uploads_are_refused_with_a_clear_message_and_write_nothing(workshop, filename, data, message):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(STORY, {"foto1": (filename, data)})
    assert status == 400
    assert any(message in text and text.startswith(f"Foto 1 ({filename}) kan niet") for text in messages(page))
    assert 'href="#foto1"' in page  # listed at the top, with a link to the field
    assert tree_digest(root) == before


def test_too_large_a_photo_is_refused(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(STORY, {"foto1": ("groot.jpg", jpeg() + b"\0" * (26 * 2**20))})
    assert status == 400 and any("groter dan 25 MB" in text for text in messages(page))
    assert tree_digest(root) == before


def test_too_large_a_form_gets_a_page_not_a_broken_connection(workshop):
    root, start = workshop
    before = tree_digest(root)
    photos = {f"foto{slot}": (f"{slot}.jpg", jpeg() + b"\0" * (24 * 2**20)) for slot in (1, 2, 3, 4)}
    status, page = Participant(start()).post(STORY, photos)
    assert status == 400 and "samen groter dan 80 MB" in html.unescape(page) and 'href="#fotos"' in page
    assert tree_digest(root) == before


def test_path_tricks_in_photo_names_stay_inside_the_story_folder(workshop):
    root, start = workshop
    participant = Participant(start())
    participant.get("/")
    participant.post({**STORY, "actie": "meer"})  # room for a fourth photo
    names = {"foto1": "..\\..\\..\\site.yaml.jpg", "foto2": "../../content/evil.jpg", "foto3": "foto.php%00.jpg",
             "foto4": "/etc/passwd"}
    fields = {**STORY, "alt3": "Drie.", "alt4": "Vier."}
    status, page = participant.post(fields, {slot: (name, jpeg()) for slot, name in names.items()})
    assert status == 200, messages(page)
    folder = root / "content/verhalen" / SLUG
    assert sorted(p.name for p in folder.iterdir()) == ["evil.jpg", "foto-php-00.jpg", "index.md", "passwd.jpg",
                                                        "site-yaml.jpg"]
    assert sorted(p.name for p in (root / "content").iterdir()) == ["initiatieven", "paginas", "verhalen"]
    assert not errors_in(prepare(BuildOptions(root, use_cache=False)).problems)


def test_a_nul_byte_in_a_file_name_is_refused_and_writes_nothing(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(STORY, {"foto1": ("foto\x00.php.jpg", jpeg())})
    assert status == 400 and "kwam niet goed aan" in page
    assert tree_digest(root) == before


def test_a_post_without_the_csrf_token_is_refused(workshop):
    root, start = workshop
    before = tree_digest(root)
    participant = Participant(start())
    participant.get("/")
    status, page = participant.post(STORY, token=False)
    assert status == 403 and "verlopen" in page
    status, page = participant.post({"_xsrf": "2|00|00|00", **STORY}, token=False)
    assert status == 403
    assert tree_digest(root) == before


def test_on_the_network_the_access_code_is_needed(workshop):
    root, start = workshop
    before = tree_digest(root)
    participant = Participant(start("123456"))
    status, page = participant.get("/")
    assert "Toegangscode" in page and participant.form == ""  # sent to the access page, not to a form
    _, form = participant.get("/toegang")
    token = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    status, page = participant.post({"_xsrf": token, **STORY}, token=False, path=f"/verhaal/{'x' * 24}")
    assert status == 403 and "toegangscode nodig" in page  # a story from the network without the code
    status, page = participant.post({"_xsrf": token, "code": "000000"}, token=False, path="/toegang")
    assert status == 403 and "klopt niet" in page
    assert tree_digest(root) == before
    status, page = participant.post({"_xsrf": token, "code": "123 456"}, token=False, path="/toegang")
    assert status == 200 and "Vertel uw verhaal" in page
    status, page = participant.post(STORY)
    assert status == 200 and "Dank u wel" in page


def test_guessing_the_access_code_is_stopped(workshop):
    _, start = workshop
    participant = Participant(start("123456"))
    _, form = participant.get("/toegang")
    token = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    for guess in range(5):
        participant.post({"_xsrf": token, "code": f"00000{guess}"}, token=False, path="/toegang")
    status, page = participant.post({"_xsrf": token, "code": "123456"}, token=False, path="/toegang")
    assert status == 403 and "te vaak" in page


def test_a_page_asked_for_by_name_is_refused(workshop):
    """A web page could point a name at 127.0.0.1 (DNS rebinding); the workshop only answers to addresses."""
    _, start = workshop
    port = int(start().rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Host": f"aanvaller.example:{port}"})
    response = connection.getresponse()
    assert response.status == 403 and "adres dat de vrijwilliger" in response.read().decode()


def test_missing_answers_are_listed_at_the_top_and_explained_next_to_the_fields(workshop):
    root, start = workshop
    before = tree_digest(root)
    status, page = Participant(start()).post(
        {"titel": "", "verhaal": "", "datum": "31-02-1953", "actie": "opslaan"}, {"foto1": ("a.jpg", jpeg())})
    assert status == 400
    summary = re.findall(r'<li><a href="#([^"]+)">', page)
    assert summary == ["titel", "verhaal", "datum", "alt1", "toestemming-ja", "personen-ja"]  # in the form's order
    texts = " ".join(messages(page))
    for message in ("Geef uw verhaal een titel", "Schrijf uw verhaal", "Deze datum begrijpen wij niet",
                    "Beschrijf foto 1", "Zeg of wij uw verhaal", "Zeg of er mensen op de foto"):
        assert message in texts
    assert 'id="titel" name="titel" value="" autocomplete="off" aria-describedby="titel-hulp titel-fout" ' \
           'aria-invalid="true"' in page
    assert "U hebt deze foto gekozen: a.jpg" in html.unescape(page)  # the photo is kept while fixing the rest
    assert tree_digest(root) == before


def test_preview_shows_the_story_page_as_it_will_be_published(workshop):
    root, start = workshop
    participant = Participant(start())
    before = tree_digest(root)
    status, page = participant.post({**STORY, "actie": "voorbeeld"}, {"foto1": ("vaart.jpg", jpeg())})
    assert status == 200 and "Zo komt uw verhaal op de website" in page
    preview = re.search(r'<iframe class="voorbeeld" src="([^"]+)"', page).group(1)
    status, story = participant.get(preview)
    assert status == 200 and "<h1>Schaatsen op de vaart</h1>" in story and "Riet" in story
    # recognisable people whose consent is not known: the published page shows a placeholder, so does this
    rendition = re.compile(r"vaart-[0-9a-f]{8}-800\.jpg")  # the renditions of vaart.jpg, 800 px wide
    assert not rendition.search(story) and "Deze foto wordt niet getoond" in story
    status, page = participant.post({**STORY, "personen": "nee", "actie": "voorbeeld"})
    status, story = participant.get(re.search(r'<iframe class="voorbeeld" src="([^"]+)"', page).group(1))
    assert rendition.search(story) and 'alt="Een bevroren vaart."' in story
    shown = rendition.search(story).group(0)
    with participant.opener.open(participant.base + preview.rsplit("/", 2)[0] + "/" + SLUG + "/" + shown) as r:
        assert Image.open(io.BytesIO(r.read())).size == (800, 600)
    assert tree_digest(root) == before  # a preview writes nothing into the site
    status, form = participant.get(participant.form)  # back to the form: everything is still there
    assert 'value="Riet"' in form and "U hebt deze foto gekozen: vaart.jpg" in html.unescape(form)
    thumbnail = re.search(r'<img class="gekozen__foto" src="([^"]+)"', form).group(1)
    with participant.opener.open(participant.base + thumbnail) as response:
        assert Image.open(io.BytesIO(response.read())).format == "JPEG"
    token = re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
    status, page = participant.post({"_xsrf": token}, token=False, path=participant.form + "/opslaan")
    assert status == 200 and "Dank u wel" in page
    assert (root / "content/verhalen" / SLUG / "vaart.jpg").read_bytes() == jpeg()


def test_more_photo_slots_and_removing_a_photo(workshop):
    root, start = workshop
    participant = Participant(start())
    participant.get("/")
    for _ in range(10):
        participant.post({"actie": "meer"})
    _, form = participant.get(participant.form)
    assert 'id="foto10"' in form and 'id="foto11"' not in form and 'value="meer"' not in form
    participant.post({**STORY, "actie": "voorbeeld"}, {"foto1": ("a.jpg", jpeg()), "foto2": ("b.jpg", jpeg())})
    participant.post({**STORY, "weg1": "ja", "alt1": ""})
    assert sorted(p.name for p in (root / "content/verhalen" / SLUG).iterdir()) == ["b.jpg", "index.md"]


def test_run_workshop_says_in_dutch_when_the_port_is_taken(make_site):
    root = make_site()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        lines: list[str] = []
        raised: list[BaseException] = []

        def run() -> None:  # in a thread of its own, as on the command line: no event loop running there yet
            try:
                run_workshop(root, taken.getsockname()[1], network=False, print_fn=lines.append)
            except BaseException as exc:  # noqa: BLE001
                raised.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(30)
        assert len(raised) == 1 and isinstance(raised[0], UsageError), raised
        assert re.search("poort .* is al in gebruik", str(raised[0]))
        assert lines == []


@pytest.mark.browser
def test_the_form_in_chromium_is_accessible_and_works_by_keyboard(workshop, browser, tmp_path):
    root, start = workshop
    base = start()
    photo = tmp_path / "vaart.jpg"
    photo.write_bytes(jpeg())

    def no_axe_violations() -> None:
        page.add_script_tag(path=str(REPO / "node_modules/axe-core/axe.min.js"))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []

    page = browser.new_page(viewport={"width": 320, "height": 800}, bypass_csp=True)  # to add axe
    page.goto(base + "/")
    no_axe_violations()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling on a small phone
    page.set_viewport_size({"width": 375, "height": 900})
    page.focus("#titel")
    page.keyboard.press("Enter")  # Enter in a text box asks for the harmless preview, which lists what is missing
    page.wait_for_selector(".foutenlijst")
    assert page.evaluate("document.activeElement.id") == "fouten"  # the list of mistakes has the focus
    assert page.locator(".foutenlijst").get_attribute("role") == "alert"
    no_axe_violations()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first link in the list leads to the title box
    assert page.evaluate("location.hash") == "#titel"
    page.focus("#titel")
    page.keyboard.type("Schaatsen op de vaart")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "verhaal"
    page.keyboard.type("Het was koud.")
    page.focus("#foto1")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    page.focus("#alt1")
    page.keyboard.type("Een bevroren vaart.")
    page.focus("#toestemming-ja")
    page.keyboard.press("Space")
    page.focus("#personen-nee")
    page.keyboard.press("Space")
    page.focus("button.knop[value=opslaan]")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Dank u wel'), .foutenlijst")
    assert page.locator(".veldfout").all_inner_texts() == []
    no_axe_violations()
    text = (root / "content/verhalen" / SLUG / "index.md").read_text(encoding="utf-8")
    assert "alt: Een bevroren vaart." in text and "personen_herkenbaar: nee" in text
    assert (root / "content/verhalen" / SLUG / "vaart.jpg").is_file()
    page.close()


@pytest.mark.browser
def test_the_preview_page_in_chromium_is_accessible(workshop, browser, tmp_path):
    _, start = workshop
    photo = tmp_path / "vaart.jpg"
    photo.write_bytes(jpeg())
    page = browser.new_page(viewport={"width": 375, "height": 900}, bypass_csp=True)  # to add axe
    page.goto(start() + "/")
    page.fill("#titel", "Schaatsen op de vaart")
    page.fill("#verhaal", "Het was koud.")
    page.set_input_files("#foto1", str(photo))
    page.fill("#alt1", "Een bevroren vaart.")
    page.check("#toestemming-ja")
    page.check("#personen-nee")
    page.click("button.knop[value=voorbeeld]")
    page.wait_for_selector("iframe.voorbeeld")
    frame = page.frame_locator("iframe.voorbeeld")
    assert frame.locator("h1").inner_text() == "Schaatsen op de vaart"
    page.add_script_tag(path=str(REPO / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [v["id"] for v in result["violations"]] == []
    page.click("text=Nee, ik wil iets veranderen")
    assert page.input_value("#titel") == "Schaatsen op de vaart"
    page.close()
