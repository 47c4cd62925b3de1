"""What wijksite's two web apps on a volunteer's computer share, `werkplaats` and `beheer`: who may come in (this
computer, or the network with a one-time access code; addresses, never names), safe headers, the theme's static
files, their texts, and serving until stopped.

An app object (the workshop, the admin) is kept in the tornado settings and has `access_code`, `static`,
`templates`, `config`, `guard` and `text()`. Each app's pages name its texts ("werkplaats" or "beheer"): the
prefix of its message keys, the folder of its templates (fout.html and toegang.html among them).
"""

from __future__ import annotations

import asyncio
import ipaddress
import mimetypes
import secrets
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.httputil
import tornado.web

from .errors import UsageError
from .theme import catalogue
from .workshop_form import MAX_BODY_BYTES

CODE_TRIES_PER_MINUTE = 5
REFUSED_BODY_BYTES = 1024 * 1024 * 1024  # beyond this the connection is closed without reading on


class CodeGuard:
    """At most a few wrong codes a minute per computer: six digits cannot be guessed by trying them all."""

    def __init__(self) -> None:
        self.wrong: dict[str, list[float]] = {}

    def refusal(self, who: str) -> str:
        """'code_te_vaak' (the end of a message key) when this computer must wait, or ''."""
        recent = [moment for moment in self.wrong.get(who, []) if time.monotonic() - moment < 60]
        self.wrong[who] = recent
        return "code_te_vaak" if len(recent) >= CODE_TRIES_PER_MINUTE else ""

    def failed(self, who: str) -> None:
        self.wrong.setdefault(who, []).append(time.monotonic())


class LocalPage(tornado.web.RequestHandler):
    """Common to every page of a local app: who may come in, safe headers, pages from the app's templates."""

    texts = ""  # "werkplaats" or "beheer"
    app_setting = ""  # where the app object is in the tornado settings
    access_cookie = ""  # the signed cookie that says the access code was given
    refusal = ""  # message key when this request may not do what it asks

    @property
    def local_app(self) -> Any:
        return self.application.settings[self.app_setting]

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                        "img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")  # an address may hold a draft's token
        self.set_header("Cache-Control", "no-store")  # back and reload ask the server, which has it as it is now

    def prepare(self) -> None:
        self.refusal = self.why_not()
        if self.refusal:
            self.refuse()

    def why_not(self) -> str:
        """Why this request may not come in (a message key), or ''."""
        host = self.request.host_name.strip("[]")
        if not (host == "localhost" or is_ip(host)):  # a name could be DNS rebinding from a web page
            return f"{self.texts}.verkeerd_adres"
        if self.local_app.access_code and self.get_signed_cookie(self.access_cookie) != b"ja":
            return f"{self.texts}.geen_toegang"
        return ""

    def refuse(self) -> None:
        without_code = self.refusal == f"{self.texts}.geen_toegang"
        if without_code and self.request.method in ("GET", "HEAD"):
            self.redirect("/toegang")
        else:
            self.page("fout.html", 403, reason=self.local_app.text(self.refusal), back="/toegang" if without_code
                      else "/")

    def html(self, template: str, **values: Any) -> str:
        app = self.local_app
        return str(app.templates.get_template(f"{self.texts}/{template}").render(
            xsrf=self.xsrf_token.decode(), config=app.config, **values))

    def page(self, template: str, status: int = 200, **values: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(self.html(template, **values))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reasons = {403: "verlopen", 404: "niet_gevonden", 405: "niet_gevonden"}
        error = kwargs.get("exc_info", (None, None))[1]
        reason = str(error) if isinstance(error, UsageError) else self.local_app.text(
            f"{self.texts}.{reasons.get(status_code, 'stuk')}")
        self.page("fout.html", status_code, reason=reason)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@tornado.web.stream_request_body
class LimitedBody(LocalPage):
    """A form whose body is read here rather than by tornado, so that too large a body still gets a page.

    post() calls take_body() first; until then there are no arguments, and the CSRF token is checked there.
    """

    body_read = False  # tornado checks the CSRF token before the body arrives: take_body checks it once it has

    def prepare(self) -> None:
        self.refusal = self.why_not()
        if self.refusal and self.request.method != "POST":  # a POST is refused once its body is read
            self.refuse()
        self.body, self.too_large = bytearray(), False
        if self.request.method == "POST":
            self.request.connection.set_max_body_size(REFUSED_BODY_BYTES)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if len(self.body) + len(chunk) > MAX_BODY_BYTES:
            self.too_large, self.body = True, bytearray()
        if not self.too_large:
            self.body += chunk

    def check_xsrf_cookie(self) -> None:
        if self.body_read:
            super().check_xsrf_cookie()

    def take_body(self) -> str:
        """The form's fields and files into the request; '' if that went well, else the end of a message key:
        te_groot (more than MAX_BODY_BYTES), kapot_formulier (not what a browser sends). Raises 403 without a
        valid CSRF token."""
        if self.too_large:
            return "te_groot"
        try:
            tornado.httputil.parse_body_arguments(self.request.headers.get("Content-Type", ""), bytes(self.body),
                                                  self.request.body_arguments, self.request.files,
                                                  self.request.headers)
        except tornado.httputil.HTTPInputError:  # for example a NUL in a file name
            return "kapot_formulier"
        for name, values in self.request.body_arguments.items():
            self.request.arguments.setdefault(name, []).extend(values)
        self.body, self.body_read = bytearray(), True
        self.check_xsrf_cookie()
        return ""


class StaticFiles(LocalPage):
    """The theme's CSS and icons, the site's own overrides first (as a build would choose them)."""

    def prepare(self) -> None:
        pass  # style sheets are no secret, and the access page needs them too

    def static_file(self, path: str) -> Path | None:
        found: Path | None = self.local_app.static.get(path)
        return found

    def get(self, path: str) -> None:
        source = self.static_file(path)
        if source is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "max-age=300")
        self.finish(source.read_bytes())


class AccessCode(LocalPage):
    """Where the access code is given, once per browser, when the app is open to the network."""

    def why_not(self) -> str:
        refusal = super().why_not()
        return "" if refusal == f"{self.texts}.geen_toegang" else refusal  # this page is where access is given

    def get(self) -> None:
        self.page("toegang.html")

    def post(self) -> None:
        app = self.local_app
        client = self.request.remote_ip or ""
        wait = app.guard.refusal(client)
        if wait:
            self.page("toegang.html", 403, error=app.text(f"{self.texts}.{wait}"))
            return
        entered = "".join(c for c in self.get_body_argument("code", "") if c.isdigit())
        if app.access_code and secrets.compare_digest(entered, app.access_code):
            self.set_signed_cookie(self.access_cookie, "ja", expires_days=1, httponly=True, samesite="Strict")
            self.redirect("/", status=303)
        else:
            app.guard.failed(client)
            self.page("toegang.html", 403, error=app.text(f"{self.texts}.code_fout"))


class NotFound(LocalPage):
    def prepare(self) -> None:
        super().prepare()
        if not self._finished:
            raise tornado.web.HTTPError(404)


def app_messages(folders: tuple[Path, ...], site_messages: dict[str, str], name: str,
                 language: str) -> dict[str, str]:
    """An app's texts: its Dutch texts underneath, the site's language over them, its own texts in that language
    (berichten/<name>-<taal>.yaml, a site's own file over the theme's) on top."""
    return {**catalogue(folders, f"{name}-nl"), **site_messages, **catalogue(folders, f"{name}-{language}")}


def listen(app: tornado.web.Application, port: int, address: str = "127.0.0.1") -> tornado.httpserver.HTTPServer:
    """Serve `app` with the upload limits of the werkplaats; call it in the thread whose event loop will run it."""
    return app.listen(port, address=address, max_body_size=MAX_BODY_BYTES, idle_connection_timeout=300,
                      body_timeout=600)


def access_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def network_addresses() -> list[str]:
    """This computer's addresses on the local network, for the volunteer to give to phones."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP 'connect' sends nothing; it only picks the outgoing address
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return sorted({address for address in found if not address.startswith("127.")})


def announce(say: Callable[[str], Any], port: int, code: str | None, here: str, elsewhere: str,
             code_line: str) -> None:
    """Where the app is: on this computer, and with an access code on the network, where others find it."""
    say(f"{here}: http://127.0.0.1:{port}/")
    if code:
        for address in network_addresses() or ["<adres van deze computer>"]:
            say(f"{elsewhere}: http://{address}:{port}/")
        say(f"{code_line}: {code[:3]} {code[3:]}")


def run_until_stopped(app: tornado.web.Application, port: int, network: bool, opened: Callable[[], Any],
                      started: Callable[[Callable[[], None]], Any] = lambda stop: None) -> None:
    """Serve `app` on 127.0.0.1 (all addresses with `network`) until Ctrl+C, or until the function handed to
    `started` is called from another thread; `opened` runs once it listens. UsageError if the port is taken."""

    async def serve() -> None:
        try:
            server = listen(app, port, "0.0.0.0" if network else "127.0.0.1")
        except OSError as exc:
            raise UsageError(f"poort {port} is al in gebruik of niet beschikbaar ({exc.strerror}); "
                             "kies een andere met --port") from exc
        opened()
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()

        def stop() -> None:
            loop.call_soon_threadsafe(stopped.set)

        started(stop)
        try:
            await stopped.wait()
        finally:
            server.stop()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
