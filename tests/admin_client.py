"""A volunteer's browser without JavaScript, for the beheer tests: cookies, the CSRF token, forms as browsers send
them (multipart with files), redirects followed; and the app itself on 127.0.0.1 in a thread."""

from __future__ import annotations

import html
import http.cookiejar
import io
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from generator.beheer.app import make_app
from generator.preview.local_app import serve_in_thread

DRAFT = """\
---
# Ingestuurd op de verhalenmiddag; nog nalezen
titel: Het ijs op de vaart
verteller: Riet
datum: winter 1963
wijk: Kinderdijk
toestemming: ja
bron: Werkplaats 2026-11-20
toegevoegd: 2026-11-20
concept: true
fotos:
  - bestand: vaart.jpg
    alt: Een bevroren vaart.
    toestemming: onbekend
    personen_herkenbaar: ja
---
Het was koud.
"""  # a story as the werkplaats writes one: the consent for its photo not known yet, no licence


def jpeg(size: tuple[int, int] = (800, 600), colour: tuple[int, int, int] = (90, 120, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


@contextmanager
def running_admin(root: Path, code: str | None = None) -> Iterator[str]:
    """The beheer app for `root` on 127.0.0.1; yields its address. Removes its temporary files after."""
    app = make_app(root, code, say=lambda line: None)
    base, stop = serve_in_thread(app)
    try:
        yield base
    finally:
        stop()
        admin = app.settings["admin"]
        admin.close()
        assert not admin.temporary.exists()


class Volunteer:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.url = ""

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=180) as response:
                self.url = response.url.removeprefix(self.base)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self.url = error.url.removeprefix(self.base) if error.url else ""
            return error.code, error.read().decode()

    def token(self) -> str:
        if not any(cookie.name == "_xsrf" for cookie in self.cookies):
            self.get("/")
        return next(cookie.value for cookie in self.cookies if cookie.name == "_xsrf")

    def post(self, path: str, fields: dict[str, str | list[str]] | list[tuple[str, str]],
             files: dict[str, list[tuple[str, bytes]]] | None = None, token: bool = True) -> tuple[int, str]:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        flat = [(k, v) for k, values in pairs for v in (values if isinstance(values, list) else [values])]
        if token:
            flat = [("_xsrf", self.token()), *flat]
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in flat:
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, uploads in (files or {}).items():
            for filename, data in uploads:
                body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
                           f"\r\nContent-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        return self._open(urllib.request.Request(
            self.base + path, data=body.getvalue(), method="POST",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}))

    def form(self, page: str, action: str | None = None) -> list[tuple[str, str]]:
        """What the browser would send for the form on `page` as it stands (the first form, or the one with
        `action`): every field's value, checked boxes and radio buttons, selected options. No buttons."""
        soup = BeautifulSoup(page, "html.parser")
        form = soup.find("form", action=action) if action else soup.find("form", enctype="multipart/form-data")
        assert form is not None, "no form"
        sent: list[tuple[str, str]] = []
        for element in form.find_all(["input", "textarea", "select"]):
            name = element.get("name")
            if not name or name == "_xsrf" or element.name == "input" and element.get("type") in ("file", "submit"):
                continue
            if element.name == "textarea":
                text = element.text
                sent.append((name, text[1:] if text.startswith("\n") else text))  # as the HTML parser drops it
            elif element.name == "select":
                chosen = element.find("option", selected=True) or element.find("option")
                sent.append((name, chosen.get("value", chosen.text) if chosen else ""))
            elif element.get("type") in ("radio", "checkbox"):
                if element.has_attr("checked"):
                    sent.append((name, element.get("value", "on")))
            else:
                sent.append((name, element.get("value", "")))
        return sent


def changed(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The form's fields with some values changed (names with dots written with __: fotos__0__alt)."""
    wanted = {name.replace("__", "."): value for name, value in values.items()}
    result, done = [], set()
    for name, value in fields:
        if name in wanted:
            if name not in done:  # one value for the name, as a browser sends for a chosen radio button
                result.append((name, wanted[name]))
                done.add(name)
        else:
            result.append((name, value))
    return result + [(name, value) for name, value in wanted.items() if name not in done]


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(BeautifulSoup(page, "html.parser").get_text(" ")))


def field_messages(page: str, field_id: str) -> list[str]:
    """The messages shown at one field of an edit form."""
    soup = BeautifulSoup(page, "html.parser")
    box = soup.find(id=f"{field_id}-fout")
    return [re.sub(r"\s+", " ", p.get_text(" ")).strip() for p in box.find_all("p")] if box else []


def quoted(path: str) -> str:
    return urllib.parse.quote(path)
