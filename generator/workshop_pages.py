"""The workshop's pages: tornado handlers for the form, the preview, saving, and the access code."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import tornado.httputil
import tornado.web

from . import local_app
from .errors import BuildStopped
from .local_app import AccessCode, LimitedBody, LocalPage, StaticFiles
from .workshop_drafts import Draft, DraftStore, build_preview, write_story
from .workshop_form import (
    CHOICES,
    MAX_BODY_BYTES,
    MAX_PHOTOS,
    TEXT_FIELDS,
    Message,
    PhotoRefused,
    check_photo,
    clean_line,
    clean_text,
    validate,
)

if TYPE_CHECKING:
    from .workshop import Workshop

# The order of the error summary: the order of the form.
FORM_ORDER = ["fotos", "voorbeeld", *TEXT_FIELDS,
              *[f"{name}{slot}" for slot in range(1, MAX_PHOTOS + 1) for name in ("foto", "bijschrift", "alt")],
              *CHOICES]
_ANCHORS = {"voorbeeld": "knoppen", **{name: f"{name}-ja" for name in CHOICES}}


class _Page(LocalPage):
    """Common to every page (see local_app.LocalPage): who may come in, safe headers, the werkplaats/ templates."""

    texts, app_setting, access_cookie = "werkplaats", "workshop", "toegang"

    @property
    def workshop(self) -> Workshop:
        workshop: Workshop = self.application.settings["workshop"]
        return workshop

    def draft_or_404(self, token: str) -> Draft:
        draft = self.workshop.drafts.get(token)
        if draft is None:
            raise tornado.web.HTTPError(404)
        return draft


class Start(_Page):
    def get(self) -> None:
        self.redirect(f"/verhaal/{DraftStore.new_token()}", status=303)


class StoryForm(_Page, LimitedBody):
    """The form (its body read by local_app.LimitedBody, so that too large a body still gets a page)."""

    def get(self, token: str) -> None:
        draft = self.workshop.drafts.get(token)
        if draft and draft.saved_as:
            self.redirect(f"/verhaal/{token}/bedankt", status=303)
            return
        self.show_form(draft, {})

    async def post(self, token: str) -> None:
        if self.refusal:
            self.refuse()
            return
        draft = self.workshop.drafts.get(token, create=True)
        assert draft is not None  # the route only matches well-formed tokens
        unread = self.take_body()
        if unread:
            self.show_form(draft, {"fotos": (f"werkplaats.{unread}", {"mb": MAX_BODY_BYTES // 2**20})}, 400)
            return
        if draft.saved_as:  # a second click on Opslaan
            self.redirect(f"/verhaal/{token}/bedankt", status=303)
            return
        errors = await self.take_answers(draft)
        action = self.get_body_argument("actie", "voorbeeld")
        if action == "meer":  # room for one more photo; the rest of the form is checked later
            if not errors:
                draft.slots = min(MAX_PHOTOS, draft.slots + 1)
                self.redirect(f"/verhaal/{token}#foto{draft.slots}", status=303)
                return
        else:
            errors.update(validate(draft.values, draft.photos, self.workshop.wijken))
        if errors:
            self.show_form(draft, errors, 400)
        elif action == "opslaan":
            save(self.workshop, draft)
            self.redirect(f"/verhaal/{token}/bedankt", status=303)
        else:
            await self.preview(draft)

    async def take_answers(self, draft: Draft) -> dict[str, Message]:
        """Keep the answers and photos in the draft; a photo that is refused gives a message for its slot."""
        workshop = self.workshop
        errors: dict[str, Message] = {}
        values = {name: clean_line(self.get_body_argument(name, "")) for name in TEXT_FIELDS}
        values["verhaal"] = clean_text(self.get_body_argument("verhaal", ""))
        values.update({name: self.get_body_argument(name, "") for name in CHOICES})
        for slot in range(1, draft.slots + 1):
            for text in ("bijschrift", "alt"):
                values[f"{text}{slot}"] = clean_line(self.get_body_argument(f"{text}{slot}", ""))
            if self.get_body_argument(f"weg{slot}", "") and slot in draft.photos:
                workshop.drafts.drop_photo(draft, slot)
            uploads = self.request.files.get(f"foto{slot}", [])
            upload = uploads[0] if uploads else None
            if upload and upload.body:
                try:
                    checked = await workshop.in_worker(check_photo, upload.filename, upload.body)
                    workshop.drafts.keep_photo(draft, slot, checked, upload.body)
                except PhotoRefused as refused:
                    key, reason_values = refused.message
                    errors[f"foto{slot}"] = ("werkplaats.fout_foto", {"nummer": slot, "naam": upload.filename,
                                                                      "reden": workshop.text(key, **reason_values)})
            if slot in draft.photos:
                draft.photos[slot].caption, draft.photos[slot].alt = values[f"bijschrift{slot}"], values[f"alt{slot}"]
        draft.values, draft.preview = values, ""
        return errors

    async def preview(self, draft: Draft) -> None:
        output = self.workshop.drafts.previews / draft.token
        try:
            page = await self.workshop.in_worker(build_preview, self.workshop.root, draft.folder, output,
                                                 dict(draft.values), draft.chosen(), date.today())
        except BuildStopped as stopped:
            reason = "; ".join(problem.message for problem in stopped.problems if problem.is_error)
            self.show_form(draft, {"voorbeeld": ("werkplaats.voorbeeld_mislukt", {"reden": reason})}, 400)
            return
        draft.preview = f"/voorbeeld/{draft.token}/{page}"
        self.redirect(f"/verhaal/{draft.token}/voorbeeld", status=303)

    def show_form(self, draft: Draft | None, errors: dict[str, Message], status: int = 200) -> None:
        messages = {name: self.workshop.text(key, **values) for name, (key, values) in errors.items()}
        summary = [(_ANCHORS.get(name, name), messages[name]) for name in sorted(messages, key=FORM_ORDER.index)]
        shown = draft or Draft(self.path_args[0], self.workshop.drafts.folder)  # an empty form, not yet kept
        self.page("formulier.html", status, token=shown.token, values=shown.values, photos=shown.photos,
                  slots=shown.slots, errors=messages, summary=summary, max_photos=MAX_PHOTOS)


class Preview(_Page):
    def get(self, token: str) -> None:
        draft = self.draft_or_404(token)
        if not draft.preview:
            self.redirect(f"/verhaal/{token}", status=303)
            return
        self.page("voorbeeld.html", token=token, preview=draft.preview, values=draft.values)


class Save(_Page):
    """Opslaan on the preview page: the draft as it was previewed."""

    def post(self, token: str) -> None:
        draft = self.draft_or_404(token)
        if not draft.saved_as and validate(draft.values, draft.photos, self.workshop.wijken):
            self.redirect(f"/verhaal/{token}", status=303)
            return
        if not draft.saved_as:
            save(self.workshop, draft)
        self.redirect(f"/verhaal/{token}/bedankt", status=303)


def save(workshop: Workshop, draft: Draft) -> None:
    """The draft as a new story folder in content/verhalen/; its temporary files are removed."""
    written = write_story(workshop.root / "content" / "verhalen", draft.values, draft.chosen(), date.today())
    draft.saved_as = written.relative_to(workshop.root).as_posix()
    workshop.drafts.forget(draft)


class Thanks(_Page):
    def get(self, token: str) -> None:
        draft = self.draft_or_404(token)
        if not draft.saved_as:
            self.redirect(f"/verhaal/{token}", status=303)
            return
        self.page("bedankt.html", folder=draft.saved_as)


class Thumbnail(_Page):
    def get(self, token: str, slot: str) -> None:
        path = self.draft_or_404(token).thumbnail_file(int(slot))
        if not path.is_file():
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "image/jpeg")
        self.finish(path.read_bytes())


class PreviewFiles(_Page, tornado.web.StaticFileHandler):
    """The preview builds, as a web server would serve them; only with access, like every page."""


class Static(_Page, StaticFiles):
    pass


class Access(_Page, AccessCode):
    pass


class NotFound(_Page, local_app.NotFound):
    pass
