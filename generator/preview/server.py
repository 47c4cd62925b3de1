"""`wijksite serve`: a live preview on 127.0.0.1 that rebuilds on every save and reloads the browser.

livereload provides the browser side (its script, injected into every HTML page, and its WebSocket);
wijksite watches the site's files itself, so a save is noticed within a quarter of a second.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ..build import build
from ..errors import BuildStopped, SiteError
from ..incremental.state import CACHE_DIR
from ..options import BuildOptions

WATCHED = ("site.yaml", "content", "templates", "static", "themes", "berichten")
POLL_SECONDS = 0.25
SETTLE_SECONDS = 0.05
PREVIEW_FOLDER = "voorbeeld"


@dataclass
class Preview:
    """The preview build of a site: where it is written, and the problems of the last attempt."""

    root: Path
    problems: list[SiteError] = field(default_factory=list)
    failed: bool = False
    preview_only: tuple[str, ...] = ()  # URLs of stories held back for consent, shown here with why
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def folder(self) -> Path:
        return self.root / CACHE_DIR / PREVIEW_FOLDER

    def rebuild(self) -> float:
        """Build with drafts shown; on errors keep the last good preview and remember the problems."""
        started = time.perf_counter()
        with self.lock:
            try:
                report = build(BuildOptions(self.root, output=self.folder, drafts=True, base_url="",
                                            remove_foreign=True, preview=True))
                self.problems, self.failed, self.preview_only = report.problems, False, report.preview_only
            except BuildStopped as stopped:
                self.problems, self.failed = stopped.problems, True
        return time.perf_counter() - started


def watched_times(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file: what changed since the last look."""
    state: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        path = root / name
        if path.is_file():
            stat = path.stat()
            state[str(path)] = (stat.st_mtime_ns, stat.st_size)
        elif path.is_dir():
            for folder, folders, files in os.walk(path):
                folders[:] = [f for f in folders if not f.startswith(".")]
                for file in files:
                    try:
                        stat = os.stat(os.path.join(folder, file))
                    except OSError:
                        continue
                    state[os.path.join(folder, file)] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(root: Path, on_change: Callable[[list[str]], None], stop: threading.Event) -> None:
    """Call on_change with the changed paths whenever watched files change, until stop is set."""
    before = watched_times(root)
    while not stop.wait(POLL_SECONDS):
        after = watched_times(root)
        for _ in range(8):  # an editor may save in steps (empty the file, then write it): wait until it settles
            if after == before or stop.wait(SETTLE_SECONDS) or (settled := watched_times(root)) == after:
                break
            after = settled
        if after != before:
            changed = sorted(set(after.items()) ^ set(before.items()))
            before = after
            on_change(sorted({path for path, _ in changed}))


def error_page(problems: list[SiteError], root: Path) -> bytes:
    """A clear Dutch page naming file, line and fix; the live-reload script recovers it on the next save."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    also = (f'<h2>Ook {len(warnings)} {"waarschuwing" if len(warnings) == 1 else "waarschuwingen"}</h2>'
            f'<ol class="waarschuwingen">{_problem_items(warnings)}</ol>' if warnings else "")
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fout in de inhoud · wijksite</title>
<style>body{{font:1.2rem/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
h1{{color:#8a1c1c}}
li{{border-left:6px solid #8a1c1c;background:#fdf1f1;padding:.5rem 1rem;margin:1rem 0;list-style:none}}
ol{{padding:0}}.plek{{font-weight:700;font-family:ui-monospace,monospace}}.hint{{color:#1e4d2b}}
.waarschuwingen li{{border-color:#8a4b08;background:#fff8e1}}</style>
</head><body><main>
<h1>De site kon niet gebouwd worden</h1>
<p>{len(errors)} {"fout" if len(errors) == 1 else "fouten"} in {html.escape(root.name)}. Verbeter het bestand en sla
het op: deze pagina ververst dan vanzelf.</p>
<ol>{_problem_items(errors)}</ol>
{also}
</main></body></html>""".encode()


def _problem_items(problems: list[SiteError]) -> str:
    return "".join(
        f'<li><p class="plek">{html.escape(p.path)}{f", regel {p.line}" if p.line else ""}</p>'
        f"<p>{html.escape(p.message)}</p>" + (f'<p class="hint">{html.escape(p.hint)}</p>' if p.hint else "") + "</li>"
        for p in sorted(problems, key=lambda p: (p.path, p.line or 0))
    )


def preview_app(preview: Preview) -> Callable[[dict[str, Any], Any], Iterable[bytes]]:
    """A WSGI app serving the preview folder, or the error page while the last build failed."""

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        target = (preview.folder / path.lstrip("/")).resolve()
        if not target.is_relative_to(preview.folder.resolve()):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Niet toegestaan"]
        if target.is_dir():
            target = target / "index.html"
        is_page = target.suffix in ("", ".html")
        if preview.failed and is_page:
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            )
            return [error_page(preview.problems, preview.root)]
        if not target.is_file():
            target, status = preview.folder / "404.html", "404 Not Found"
        else:
            status = "200 OK"
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        body = target.read_bytes() if target.is_file() else b""
        start_response(status, [("Content-Type", content_type), ("Cache-Control", "no-store")])
        return [body]

    return app


class _BuildDecides(Watcher):  # type: ignore[misc]  # livereload has no type information
    """livereload's own file watcher, silenced: wijksite reloads the browser after each finished build."""

    def start(self, callback: Any) -> bool:
        return True  # "already watching": livereload starts no polling of its own

    def examine(self) -> tuple[None, None]:
        return None, None


def serve(root: Path, port: int = 8000, open_browser: bool = False, say: Callable[[str], None] = print) -> None:
    """Build, serve on 127.0.0.1:port, rebuild on every save and reload the browser; blocks until Ctrl+C."""
    preview = Preview(root)
    url = f"http://127.0.0.1:{port}/"
    seconds = preview.rebuild()
    for line in _status(preview, seconds, url):
        say(line)
    stop = threading.Event()

    def on_change(paths: list[str]) -> None:
        shown = ", ".join(os.path.relpath(p, root) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        say(f"veranderd: {shown}")
        for line in _status(preview, preview.rebuild(), url):
            say(line)
        loop.add_callback(LiveReloadHandler.reload_waiters)

    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # wijksite decides when to reload: after each finished build
    _quiet_server_logs()
    server = Server(app=preview_app(preview), watcher=_BuildDecides())
    loop = IOLoop.current()
    threading.Thread(target=watch, args=(root, on_change, stop), daemon=True).start()
    say(f"Voorbeeld op {url} (concepten zijn zichtbaar). Stoppen: Ctrl+C")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        server.serve(port=port, host="127.0.0.1", debug=False, restart_delay=0)
    finally:
        stop.set()


def _quiet_server_logs() -> None:
    """livereload and Tornado log for developers, in English: "Serving on", "Watch current working directory"
    (wijksite watches the site itself) and "500 GET /" whenever the Dutch error page is shown, which would alarm
    a volunteer. wijksite says what happens itself; warnings and Tornado's own errors still show."""
    logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.WARNING)
    logging.getLogger("tornado.access").disabled = True


def _status(preview: Preview, seconds: float, url: str) -> list[str]:
    """What the volunteer reads in the terminal after each build: the outcome, then every problem (as `wijksite
    build` prints them), then the pages that only this preview shows, and why."""
    problems = [p.format() for p in sorted(preview.problems, key=lambda p: (p.path, p.line or 0))]
    if preview.failed:
        count = len([p for p in preview.problems if p.is_error])
        return [f"  niet gebouwd: {count} {'fout' if count == 1 else 'fouten'} (zie de browser)", *problems]
    held_back = [f"  alleen in dit voorbeeld, niet op de site (zie de waarschuwing hierboven): {url}{page}"
                 for page in preview.preview_only]
    return [f"  bijgewerkt in {seconds:.1f} s", *problems, *held_back]
