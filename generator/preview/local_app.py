"""What wijksite's two web apps on a volunteer's computer share, `werkplaats` and `beheer`: who may come in (this
computer, or the network with a one-time access code; addresses, never names), safe headers, the theme's static
files, their texts, forms read as they arrive, and serving until stopped.

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
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.web

from ..errors import UsageError
from ..render.theme import catalogue
from .uploads import MAX_BODY_BYTES, FormReader

REFUSED_BODY_BYTES = 1024 * 1024 * 1024  # beyond this the connection is closed without reading on


class CodeGuard:
    """Wrong access codes: a browser that keeps guessing waits a minute; all guessing together is bounded.

    A browser is known by a random name in a signed cookie, not by its address: a library computer with two
    browsers, or phones behind one router, are several guessers, and one that guesses wrong never locks out
    another that has the code. Whoever throws away that cookie to guess on meets the limit for everyone
    together, which keeps a whole day of guessing below a 1 in 300 chance of finding the six digits.
    """

    PER_BROWSER, BROWSER_SECONDS = 5, 60
    TOGETHER, TOGETHER_SECONDS = 60, 600  # at most 60 wrong codes in 10 minutes: 2,880 in 8 hours of 1,000,000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.wrong: list[tuple[float, str]] = []  # (moment, browser) of each wrong code in the last 10 minutes

    def refusal(self, browser: str) -> str:
        """Why this browser may not try a code now (the end of a message key: code_te_vaak, code_even_niet)."""
        now = self.clock()
        self.wrong = [(moment, who) for moment, who in self.wrong if now - moment < self.TOGETHER_SECONDS]
        if sum(1 for moment, who in self.wrong if who == browser and now - moment < self.BROWSER_SECONDS) >= (
                self.PER_BROWSER):
            return "code_te_vaak"
        if len(self.wrong) >= self.TOGETHER:
            return "code_even_niet"
        return ""

    def failed(self, browser: str) -> None:
        self.wrong.append((self.clock(), browser))


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
                        "img-src 'self' data: blob:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
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
class StreamedForm(LocalPage):
    """A form whose body is read here as it arrives (uploads.FormReader): every text is kept, each file
    while it fits, so too many or too large photos never cost what was typed. post() calls take_body() first."""

    body_read = False  # tornado checks the CSRF token before the body arrives: take_body checks it once it has

    def prepare(self) -> None:
        self.refusal = self.why_not()
        if self.refusal and self.request.method != "POST":  # a POST is refused once its body is read
            self.refuse()
        self.reader = FormReader(self.request.headers.get("Content-Type", ""))
        if self.request.method == "POST":
            self.request.connection.set_max_body_size(REFUSED_BODY_BYTES)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if not self.refusal:  # a send without access is read to its end, but nothing of it is kept
            self.reader.feed(chunk)

    def check_xsrf_cookie(self) -> None:
        if self.body_read:
            super().check_xsrf_cookie()

    def take_body(self) -> bool:
        """The form's fields into the request and its CSRF token checked (403 without one); False if the body is
        not a form as a browser sends it."""
        self.reader.finish()
        for name, values in self.reader.fields.items():
            encoded = [value.encode() for value in values]
            self.request.arguments.setdefault(name, []).extend(encoded)
            self.request.body_arguments.setdefault(name, []).extend(encoded)
        self.body_read = True
        self.check_xsrf_cookie()
        return not self.reader.broken


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
        self.browser()
        self.page("toegang.html")

    def browser(self) -> str:
        """This browser's own name for the count of wrong codes (a signed cookie; see CodeGuard)."""
        name = (self.get_signed_cookie("gast") or b"").decode()
        if not name:
            name = secrets.token_urlsafe(12)
            self.set_signed_cookie("gast", name, expires_days=None, httponly=True, samesite="Strict")
        return name

    def post(self) -> None:
        app = self.local_app
        browser = self.browser()
        wait = app.guard.refusal(browser)
        if wait:
            self.page("toegang.html", 403, error=app.text(f"{self.texts}.{wait}"))
            return
        entered = "".join(c for c in self.get_body_argument("code", "") if c.isdigit())
        if app.access_code and secrets.compare_digest(entered, app.access_code):
            self.set_signed_cookie(self.access_cookie, "ja", expires_days=1, httponly=True, samesite="Strict")
            self.redirect("/", status=303)
        else:
            app.guard.failed(browser)
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


def serve_in_thread(app: tornado.web.Application, address: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Serve `app` on a free port in a thread of its own, for tests and docs/screenshots.py: (base URL, stop)."""
    with socket.socket() as probe:
        probe.bind((address, 0))
        port = probe.getsockname()[1]
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        listen(app, port, address)
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    if not ready.wait(10):
        raise RuntimeError("de app startte niet")

    def stop() -> None:
        loop.call_soon_threadsafe(loop.stop)

    return f"http://{address}:{port}", stop


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
                             "kies een andere met --poort") from exc
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
