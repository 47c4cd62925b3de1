"""Publishing from beheer: the publish target of site.yaml, a progress page that fills as the work goes on (no
JavaScript needed: the page arrives line by line), and what changed: new, changed and removed files.
"Proefpublicatie" shows it without changing anything (publish's dry run). Refused while the site has errors.
"""

from __future__ import annotations

import asyncio
import html
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import tornado.web

from ..build import build
from ..content.config import load_config
from ..errors import BuildStopped, SiteError, UsageError
from ..options import BuildOptions
from ..publish.targets import Changes, publish, target_from
from .pages import AdminPage
from .previews import page_path

if TYPE_CHECKING:
    from .app import Admin

MARKER = "<!--voortgang-->"
JOBS_KEPT = 20


@dataclass
class PublishJob:
    """One publication (or trial run) and what it said as it went."""

    id: str
    dry_run: bool
    remove_old: bool
    lines: list[str] = field(default_factory=list)
    done: bool = False
    changes: Changes | None = None
    where: str = ""
    error: str = ""
    problems: list[SiteError] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line.strip())


def run_job(admin: Admin, job: PublishJob) -> None:
    """Build the site into output/ and publish it to the target in site.yaml. Runs in the worker."""
    root = admin.root
    try:
        config = load_config(root)
        target = target_from(config.publish_to, {}, root)
        job.where = target.place
        job.say(admin.text("beheer.bezig_bouwen"))
        options = BuildOptions(root)
        report = build(options, job.say, lambda done, total: job.say(admin.text("beheer.bezig_fotos", klaar=done,
                                                                                 totaal=total))
                       if done == total or done % max(1, total // 5) == 0 else None)
        job.problems = report.problems
        job.say(admin.text("beheer.bezig_publiceren", doel=target.place))

        def ask(question: str) -> bool:
            job.say(f"{question} {admin.text('beheer.ja' if job.remove_old else 'beheer.nee')}")
            return job.remove_old

        def say(line: str) -> None:  # the list of changes is shown below the progress, in full
            if not line.startswith("  "):
                job.say(line)

        job.changes = publish(options.output_dir, target, root, job.dry_run, ask, say)
    except BuildStopped as stopped:
        job.problems = stopped.problems
        job.error = admin.text("beheer.publiceren_fouten", aantal=sum(1 for p in stopped.problems if p.is_error))
    except UsageError as exc:
        job.error = str(exc)
    finally:
        job.done = True


class PublishPage(AdminPage):
    async def get(self) -> None:
        await self.show()

    async def show(self, status: int = 200) -> None:
        admin = self.admin
        problems = await admin.in_worker(admin.check)
        errors = [p for p in problems if p.is_error]
        target, why_not = "", ""
        try:
            found = target_from(admin.config.publish_to, {}, admin.root)
            target = f"{admin.text('beheer.doel_' + found.kind)} {found.place}"
        except UsageError as exc:
            why_not = str(exc)
        self.page("publiceren.html", status, errors=errors, target=target, why_not=why_not)

    async def post(self) -> None:
        admin = self.admin
        problems = await admin.in_worker(admin.check)
        if any(p.is_error for p in problems):
            await self.show(400)
            return
        job = PublishJob(secrets.token_hex(8), self.get_body_argument("actie", "proef") != "echt",
                         self.get_body_argument("weghalen", "") == "ja")
        for old in list(admin.jobs)[:-JOBS_KEPT]:
            del admin.jobs[old]
        admin.jobs[job.id] = job
        admin.worker.submit(run_job, admin, job)
        self.redirect(f"/publiceren/{job.id}", status=303)


class PublishJobPage(AdminPage):
    """The progress of a publication: the page is sent as the work goes on, and ends with what changed."""

    async def get(self, job_id: str) -> None:
        job: PublishJob | None = self.admin.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404)
        top = self.render_page(job).split(MARKER)[0]
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(top)
        sent = 0
        while True:
            finished = job.done
            if sent < len(job.lines):
                self.write("".join(f"<li>{html.escape(line)}</li>\n" for line in job.lines[sent:]))
                sent = len(job.lines)
                await self.flush()
            if finished:
                break
            await asyncio.sleep(0.2)
        self.finish(self.render_page(job).split(MARKER)[1])

    def render_page(self, job: PublishJob) -> str:
        return self.html("publiceren_bezig.html", job=job, marker=MARKER, pages=self.entry_pages(job),
                         errors=[p for p in job.problems if p.is_error], shown=50)

    def entry_pages(self, job: PublishJob) -> dict[str, list[str]]:
        """The titles of the entries whose pages are new, changed or gone: what a volunteer recognises."""
        if job.changes is None:
            return {}
        titles = {page_path(entry): entry.title for entry in self.entries()}
        found = {"nieuw": job.changes.added, "veranderd": job.changes.changed, "weg": job.changes.removed}
        return {kind: [titles.get(name, name.removesuffix("/index.html")) for name in names
                       if name.endswith("/index.html") and (name in titles or kind == "weg")
                       and name.count("/") == (2 if name.startswith(("verhalen/", "initiatieven/")) else 1)]
                for kind, names in found.items()}
