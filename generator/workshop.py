"""Workshop mode (`wijksite werkplaats`): participants at a library workshop contribute a story with photos.

A small tornado web app: a large-type, accessible Dutch form; a preview exactly as the published page
(a real build of a temporary site); saving writes a new draft story folder under content/verhalen/ and
nothing else. Bound to 127.0.0.1 unless the volunteer allows the network, which then needs an access code.
"""

from __future__ import annotations

import io
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import tornado.web
import yaml
from PIL import Image

from .build import BuildOptions, build
from .config import Config, load_config
from .dates import DateError, parse_fuzzy_date
from .errors import BuildStopped
from .images import PhotoError, open_photo
from .slugs import slugify
from .theme import default_theme_dir, load_theme

PHOTO_SLOTS = 3
MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_BODY_BYTES = PHOTO_SLOTS * MAX_PHOTO_BYTES + 1024 * 1024
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "TIFF": "tiff"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


@dataclass
class Photo:
    name: str
    data: bytes
    caption: str = ""
    alt: str = ""


@dataclass
class Draft:
    """What a participant filled in so far, kept between preview and save (photos stay in memory)."""

    values: dict[str, str] = field(default_factory=dict)
    photos: dict[int, Photo] = field(default_factory=dict)


def plain_text(text: str) -> str:
    """A participant's text as Markdown that shows exactly what they typed: no markup, paragraphs kept."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    escaped = []
    for paragraph in paragraphs:
        lines = [_MARKDOWN_SPECIAL.sub(r"\\\1", line.strip()) for line in paragraph.split("\n")]
        lines = [re.sub(r"^(\d+)\. ", r"\1\\. ", re.sub(r"^([-+=]) ", r"\\\1 ", line)) for line in lines]
        escaped.append("\n".join(lines))
    return "\n\n".join(escaped) + "\n"


def check_photo(name: str, data: bytes) -> tuple[str, str]:
    """(safe file name, '') for a real photo, or ('', Dutch reason): decoded, never trusted by its name."""
    if len(data) > MAX_PHOTO_BYTES:
        return "", f"{name}: de foto is groter dan 25 MB; maak hem kleiner"
    try:
        image = open_photo(data)
        image.verify()
        decoded = Image.open(io.BytesIO(data))
        decoded.load()  # decode every pixel: a truncated or disguised file fails here, not in the build
        kind = decoded.format or ""
    except PhotoError as exc:
        return "", f"{name}: {exc}. {exc.hint}"
    except Exception:  # noqa: BLE001 (a broken file of any kind is refused, never a crash)
        return "", f"{name}: dit is geen foto die wijksite kan lezen"
    if kind not in FORMATS:
        return "", f"{name}: dit soort bestand ({kind or 'onbekend'}) kan niet; gebruik JPEG of PNG"
    stem = slugify(Path(name.replace("\\", "/").split("/")[-1]).stem) or "foto"
    return f"{stem}.{FORMATS[kind]}", ""


def validate(values: dict[str, str], photos: dict[int, Photo], config: Config) -> dict[str, str]:
    """Field name -> Dutch message, for everything that must be fixed before saving."""
    errors: dict[str, str] = {}
    if not values.get("titel", "").strip():
        errors["titel"] = "Geef uw verhaal een titel."
    elif not slugify(values["titel"]):
        errors["titel"] = "Gebruik letters of cijfers in de titel."
    if not values.get("verhaal", "").strip():
        errors["verhaal"] = "Schrijf uw verhaal in het grote vak."
    if values.get("datum", "").strip():
        try:
            parse_fuzzy_date(values["datum"])
        except DateError as exc:
            errors["datum"] = f"Deze datum klopt niet: {exc}. Schrijf bijvoorbeeld 1962, zomer 1962 of jaren '60."
    if values.get("wijk") and values["wijk"] not in {w.name for w in config.wijken}:
        errors["wijk"] = "Kies een wijk uit de lijst."
    if values.get("toestemming") not in ("ja", "nee"):
        errors["toestemming"] = "Zeg of wij uw verhaal op de website mogen zetten."
    for slot, photo in photos.items():
        if not photo.alt.strip():
            errors[f"alt{slot}"] = f"Beschrijf foto {slot} in een zin, voor mensen die hem niet kunnen zien."
    return errors


def story_text(values: dict[str, str], photos: dict[int, Photo], draft: bool) -> str:
    """index.md for the story, with front matter from the project's own schema."""
    people = values.get("personen") == "ja"
    consent = {"ja": "ja", "nee": "nee"}.get(values.get("toestemming_personen", ""), "onbekend")
    front: dict[str, Any] = {"titel": values["titel"].strip()}
    for key in ("verteller", "datum", "plaats", "wijk"):
        if values.get(key, "").strip():
            front[key] = values[key].strip()
    front.update(
        {
            "toestemming": values.get("toestemming", "onbekend"),
            "bron": f"Werkplaats {date.today().isoformat()}",
            "toegevoegd": date.today().isoformat(),
            "concept": draft,
        }
    )
    if photos:
        front["fotos"] = [
            {
                "bestand": p.name,
                "alt": p.alt.strip(),
                "bijschrift": p.caption.strip(),
                "toestemming": consent if people else "ja",
                "personen_herkenbaar": people,
            }
            for _, p in sorted(photos.items())
        ]
    return (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + plain_text(values["verhaal"])
    )


def write_story(folder: Path, values: dict[str, str], photos: dict[int, Photo], draft: bool) -> Path:
    """A new story folder next to the others, written whole or not at all; never overwrites one."""
    slug = slugify(values["titel"])
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".werkplaats-", dir=folder))
    try:
        names: set[str] = set()
        for _, photo in sorted(photos.items()):
            stem, suffix = photo.name.rsplit(".", 1)
            while photo.name in names:
                stem = f"{stem}-2"
                photo.name = f"{stem}.{suffix}"
            names.add(photo.name)
            (staging / photo.name).write_bytes(photo.data)
        (staging / "index.md").write_text(story_text(values, photos, draft), encoding="utf-8")
        number, target = 2, folder / slug
        while True:
            try:
                staging.rename(target)  # fails if the folder exists: nothing is ever overwritten
                return target
            except OSError:
                if not target.exists():
                    raise
                target, number = folder / f"{slug}-{number}", number + 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _Base(tornado.web.RequestHandler):
    @property
    def workshop(self) -> Workshop:
        return self.application.settings["workshop"]  # type: ignore[no-any-return]

    def prepare(self) -> None:
        code = self.workshop.access_code
        if code and self.request.path != "/toegang" and self.get_secure_cookie("toegang") != b"ja":
            self.redirect("/toegang")

    def show(self, template: str, status: int = 200, **values: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("X-Frame-Options", "SAMEORIGIN")
        page = self.workshop.templates.get_template(f"werkplaats/{template}")
        self.finish(
            page.render(xsrf=self.xsrf_token.decode(), config=self.workshop.config, slots=PHOTO_SLOTS, **values)
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reasons = {
            403: "Dit formulier is verlopen of niet van deze computer. Laad de pagina opnieuw en probeer het nog eens.",
            413: "De foto's zijn samen te groot. Stuur ze één voor één, of maak ze kleiner.",
        }
        self.show("fout.html", status_code, reason=reasons.get(status_code, "Er ging iets mis."))


class AccessHandler(_Base):
    def get(self) -> None:
        self.show("toegang.html")

    def post(self) -> None:
        entered = re.sub(r"\D", "", self.get_body_argument("code", ""))
        if self.workshop.access_code and secrets.compare_digest(entered, self.workshop.access_code):
            self.set_secure_cookie("toegang", "ja", expires_days=1, httponly=True, samesite="Strict")
            self.redirect("/")
        else:
            self.show("toegang.html", 403, error="Deze code klopt niet. Vraag de vrijwilliger om de code.")


class FormHandler(_Base):
    def get(self) -> None:
        self.show("formulier.html", values={}, errors={}, draft_id="", kept={})

    def post(self) -> None:
        workshop = self.workshop
        fields = (
            "titel",
            "verhaal",
            "verteller",
            "datum",
            "plaats",
            "wijk",
            "toestemming",
            "personen",
            "toestemming_personen",
        )
        values = {name: self.get_body_argument(name, "") for name in fields}
        draft_id = self.get_body_argument("concept", "")
        draft = workshop.drafts.get(draft_id) or Draft()
        photo_errors: list[str] = []
        for slot in range(1, PHOTO_SLOTS + 1):
            uploads = self.request.files.get(f"foto{slot}", [])
            caption, alt = self.get_body_argument(f"bijschrift{slot}", ""), self.get_body_argument(f"alt{slot}", "")
            if uploads and uploads[0].body:
                name, reason = check_photo(uploads[0].filename, uploads[0].body)
                if reason:
                    photo_errors.append(reason)
                    continue
                draft.photos[slot] = Photo(name, uploads[0].body)
            if slot in draft.photos:
                draft.photos[slot].caption, draft.photos[slot].alt = caption, alt
        errors = validate(values, draft.photos, workshop.config)
        errors.update({f"foto{i}": reason for i, reason in enumerate(photo_errors, start=1)})
        draft_id = draft_id if draft_id in workshop.drafts else secrets.token_urlsafe(16)
        draft.values = values
        workshop.drafts[draft_id] = draft
        kept = {slot: photo.name for slot, photo in draft.photos.items()}
        if errors:
            self.show("formulier.html", 400, values=values, errors=errors, draft_id=draft_id, kept=kept)
            return
        if self.get_body_argument("actie", "") == "voorbeeld":
            preview = workshop.preview(draft_id, draft)
            self.show("formulier.html", values=values, errors={}, draft_id=draft_id, kept=kept, preview=preview)
            return
        written = write_story(workshop.root / "content" / "verhalen", values, draft.photos, draft=True)
        workshop.drafts.pop(draft_id, None)
        self.show("bedankt.html", folder=written.name)


class PreviewHandler(tornado.web.StaticFileHandler):
    def prepare(self) -> None:
        workshop: Workshop = self.application.settings["workshop"]
        if workshop.access_code and self.get_secure_cookie("toegang") != b"ja":
            raise tornado.web.HTTPError(403)


@dataclass
class Workshop:
    root: Path
    config: Config
    access_code: str | None
    templates: jinja2.Environment
    drafts: dict[str, Draft] = field(default_factory=dict)
    previews: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="wijksite-werkplaats-")))

    def preview(self, draft_id: str, draft: Draft) -> str:
        """Build a temporary site holding only this story; the URL of its page, as the site would show it."""
        site = self.previews / draft_id
        shutil.rmtree(site, ignore_errors=True)
        (site / "content" / "verhalen").mkdir(parents=True)
        shutil.copy(self.root / "site.yaml", site / "site.yaml")
        written = write_story(
            site / "content" / "verhalen",
            {**draft.values, "toestemming": "ja"},
            {k: Photo(p.name, p.data, p.caption, p.alt) for k, p in draft.photos.items()},
            draft=False,
        )
        try:
            build(BuildOptions(site, base_url=""))
        except BuildStopped as stopped:
            return "fout:" + "; ".join(p.message for p in stopped.problems if p.is_error)
        return f"/voorbeeld/{draft_id}/output/verhalen/{written.name}/index.html"


def make_app(root: Path, access_code: str | None = None) -> tornado.web.Application:
    config = load_config(root)
    templates = load_theme(config, use_cache=False).environment  # the site's own theme, overrides and messages
    workshop = Workshop(root, config, access_code, templates)
    return tornado.web.Application(
        [
            (r"/", FormHandler),
            (r"/toegang", AccessHandler),
            (r"/voorbeeld/(.*)", PreviewHandler, {"path": str(workshop.previews)}),
            (r"/static/(.*)", tornado.web.StaticFileHandler, {"path": str(default_theme_dir() / "static")}),
        ],
        workshop=workshop,
        xsrf_cookies=True,
        cookie_secret=secrets.token_hex(32),
    )


def run_workshop(root: Path, port: int = 8001, network: bool = False, say: Any = print) -> None:
    """Serve the workshop until Ctrl+C; on the network only with a one-time access code."""
    import asyncio

    code = f"{secrets.randbelow(10**6):06d}" if network else None
    app = make_app(root, code)

    async def main() -> None:
        server = app.listen(port, address="0.0.0.0" if network else "127.0.0.1", max_body_size=MAX_BODY_BYTES)
        say(f"Werkplaats op http://{'<adres van deze computer>' if network else '127.0.0.1'}:{port}/")
        if code:
            say(f"Toegangscode voor telefoons en andere computers: {code[:3]} {code[3:]}")
        say("Nieuwe verhalen komen als concept in content/verhalen/. Stoppen: Ctrl+C")
        try:
            await asyncio.Event().wait()
        finally:
            server.stop()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        say("Werkplaats gestopt.")
