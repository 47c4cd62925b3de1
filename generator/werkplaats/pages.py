"""The workshop's pages: tornado handlers for the form, the preview, saving, and the access code."""

from __future__ import annotations

from datetime import date

import tornado.web

from ..errors import BuildStopped
from ..preview import local_app
from ..preview.local_app import AccessCode, LocalPage, StaticFiles, StreamedForm
from ..preview.uploads import MAX_BODY_BYTES, MAX_PHOTO_BYTES, PhotoRefused, Upload, check_photo
from .drafts import Draft, DraftStore, build_preview, saved_line, write_story
from .form import (
    CHOICES,
    MAX_PHOTOS,
    TEXT_FIELDS,
    Message,
    anchor,
    clean_line,
    clean_text,
    form_position,
    validate,
)
from .workshop import Workshop


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


class StoryForm(_Page, StreamedForm):
    """The form. Its body is read as it arrives (local_app.StreamedForm): texts are always kept, photos while they
    fit."""

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
        readable = self.take_body()
        draft = self.workshop.drafts.get(token, create=True)
        assert draft is not None  # the route only matches well-formed tokens
        if not readable:  # not what a browser sends
            self.show_form(draft, {"fotos": ("werkplaats.kapot_formulier", {})}, 400)
            return
        draft = self.up_to_date(draft)
        if draft is None:
            return
        action = self.field("actie") or "voorbeeld"
        errors = await self.take_answers(draft)
        if draft.notice:  # a send from a page that was behind: first tell the participant, then go on
            self.redirect(f"/verhaal/{draft.token}#melding", status=303)
        elif action == "fotos" and not errors:  # photos added: describe them, the rest is checked later
            self.redirect(f"/verhaal/{draft.token}#fotos", status=303)
        elif errors or action == "fotos" or (errors := validate(draft.values, draft.photos, self.workshop.wijken)):
            self.show_form(draft, errors, 400)
        elif action == "opslaan":
            save(self.workshop, draft)
            self.redirect(f"/verhaal/{draft.token}/bedankt", status=303)
        else:
            await self.preview(draft)

    def field(self, name: str) -> str:
        values = self.reader.fields.get(name)
        return values[0] if values else ""

    def up_to_date(self, draft: Draft) -> Draft | None:
        """The draft this send may change, or None when it has been answered already.

        A send carries the version its page showed. The same send again (a double click, a reload) changes
        nothing; a different one from a page that is behind (another tab changed or saved the story since)
        becomes a copy of its own, so neither tab's words are lost and neither is told 'saved' for the other's.
        """
        posted = self.field("versie")
        version = int(posted) if posted.isdigit() else (draft.version if not draft.saved_as else -1)
        digest = self.reader.digest()
        if (version == draft.version or not draft.sends) and not draft.saved_as:  # not draft.sends: new here,
            # for example after the workshop was restarted: nothing to be behind
            draft.sends[version] = digest
            draft.notice = ""
            return draft
        if draft.sends.get(version) == digest:
            action = self.field("actie") or "voorbeeld"
            target = ("/bedankt" if draft.saved_as else
                      "/voorbeeld" if action == "voorbeeld" and draft.preview_html else "")
            self.redirect(f"/verhaal/{draft.token}{target}", status=303)
            return None
        if digest in draft.copies:  # the same send from a page behind, again: its copy was made already
            self.redirect(f"/verhaal/{draft.copies[digest]}#melding", status=303)
            return None
        copy = self.workshop.drafts.fork(draft)
        draft.copies[digest] = copy.token
        copy.notice = "werkplaats.ander_venster_opgeslagen" if draft.saved_as else "werkplaats.ander_venster"
        return copy

    async def take_answers(self, draft: Draft) -> dict[str, Message]:
        """Keep the answers and photos in the draft; a photo that is refused gives a message naming it."""
        values = {name: clean_line(self.field(name)) for name in TEXT_FIELDS}
        values["verhaal"] = clean_text(self.field("verhaal"))
        values.update({name: self.field(name) for name in CHOICES})
        for slot, photo in list(draft.photos.items()):
            if self.field(f"weg{slot}"):
                self.workshop.drafts.drop_photo(draft, slot)
            elif f"alt{slot}" in self.reader.fields:
                photo.caption = clean_line(self.field(f"bijschrift{slot}"))
                photo.alt = clean_line(self.field(f"alt{slot}"))
        errors = await self.take_photos(draft)
        draft.values, draft.preview_html = values, ""
        draft.version += 1
        return errors

    async def take_photos(self, draft: Draft) -> dict[str, Message]:
        workshop = self.workshop
        errors: dict[str, Message] = {}
        captions, alts = self.reader.fields.get("nieuw_bijschrift", []), self.reader.fields.get("nieuw_alt", [])
        chosen = [upload for upload in self.reader.uploads if upload.form_name == "fotos" and upload.file_name]
        for number, upload in enumerate(chosen):
            refused = upload.refused
            if refused is None and len(draft.photos) >= MAX_PHOTOS:
                refused = ("werkplaats.foto_te_veel", {"aantal": MAX_PHOTOS})
            if refused is None:
                try:
                    checked = await workshop.in_worker(check_photo, upload.file_name, bytes(upload.data),
                                                       workshop.config.keep_workshop_originals)
                except PhotoRefused as photo_refused:
                    refused = photo_refused.message
                else:
                    workshop.drafts.keep_photo(draft, checked, clean_line(_nth(captions, number)),
                                               clean_line(_nth(alts, number)))
            if refused is not None:
                errors[f"upload{number}"] = self.refused_photo(upload, refused)
            upload.data = bytearray()  # kept in the draft's folder, or refused: no need to hold it any longer
        return errors

    def refused_photo(self, upload: Upload, reason: Message) -> Message:
        key, values = reason
        return ("werkplaats.fout_foto", {"naam": upload.shown_name, "reden": self.workshop.text(key, **values)})

    async def preview(self, draft: Draft) -> None:
        workshop = self.workshop
        output = workshop.drafts.previews / draft.token
        try:
            fragment = await workshop.in_worker(build_preview, workshop.root, draft.folder, output,
                                                f"/voorbeeld/{draft.token}", dict(draft.values), draft.chosen(),
                                                date.today())
        except BuildStopped as stopped:
            reason = "; ".join(problem.message for problem in stopped.problems if problem.is_error)
            workshop.report(f"Voorbeeld lukte niet ({reason})")  # for the volunteer; the participant gets help
            self.show_form(draft, {"voorbeeld": ("werkplaats.voorbeeld_mislukt", {})}, 400)
            return
        draft.preview_html = fragment
        self.redirect(f"/verhaal/{draft.token}/voorbeeld", status=303)

    def show_form(self, draft: Draft | None, errors: dict[str, Message], status: int = 200) -> None:
        messages = {name: self.workshop.text(key, **values) for name, (key, values) in errors.items()}
        summary = [(anchor(name), messages[name]) for name in sorted(messages, key=form_position)]
        uploads = [messages[name] for name in sorted(messages, key=form_position) if name.startswith("upload")]
        shown = draft or Draft(self.path_args[0], self.workshop.drafts.folder)  # an empty form, not yet kept
        notice = self.workshop.text(shown.notice) if shown.notice else ""
        self.page("formulier.html", status, token=shown.token, values=shown.values, known=draft is not None,
                  photos=sorted(shown.photos.items()), version=shown.version, errors=messages, summary=summary,
                  upload_errors=uploads, notice=notice, max_photos=MAX_PHOTOS, room=MAX_PHOTOS - len(shown.photos),
                  max_photo_bytes=MAX_PHOTO_BYTES, max_body_bytes=MAX_BODY_BYTES)


def _nth(values: list[str], number: int) -> str:
    return values[number] if number < len(values) else ""


class Preview(_Page):
    def get(self, token: str) -> None:
        draft = self.draft_or_404(token)
        if draft.saved_as:  # Back after saving: never offer to save what is saved
            self.redirect(f"/verhaal/{token}/bedankt", status=303)
            return
        if not draft.preview_html:
            self.redirect(f"/verhaal/{token}", status=303)
            return
        self.page("voorbeeld.html", token=token, story=draft.preview_html, values=draft.values,
                  version=draft.version)


class Save(_Page):
    """Ja, opslaan on the preview page: the draft exactly as that preview showed it."""

    def post(self, token: str) -> None:
        draft = self.draft_or_404(token)
        posted = self.get_body_argument("versie", "")
        version = int(posted) if posted.isdigit() else draft.version
        if draft.saved_as:
            if version != draft.saved_version:  # another tab saved a later version; this one was not saved
                self.page("fout.html", 409, reason=self.workshop.text("werkplaats.elders_opgeslagen"),
                          back="/")
                return
        elif version != draft.version:  # changed in another tab since this preview: show what is there now
            draft.notice = "werkplaats.voorbeeld_veranderd"
            self.redirect(f"/verhaal/{token}#melding", status=303)
            return
        elif validate(draft.values, draft.photos, self.workshop.wijken):
            self.redirect(f"/verhaal/{token}", status=303)
            return
        else:
            save(self.workshop, draft)
        self.redirect(f"/verhaal/{token}/bedankt", status=303)


def save(workshop: Workshop, draft: Draft) -> None:
    """The draft as a new story folder in content/verhalen/; the volunteer's terminal gets a line about it."""
    written = write_story(workshop.root / "content" / "verhalen", draft.values, draft.chosen(), date.today())
    draft.saved_as, draft.saved_version = written.relative_to(workshop.root).as_posix(), draft.version
    workshop.drafts.saved(draft)
    workshop.report(saved_line(draft))


class Thanks(_Page):
    def get(self, token: str) -> None:
        draft = self.draft_or_404(token)
        if not draft.saved_as:
            self.redirect(f"/verhaal/{token}", status=303)
            return
        self.page("bedankt.html", folder=draft.saved_as, token=token, published=draft.values.get("toestemming") == "ja")


class Thumbnail(_Page):
    def get(self, token: str, slot: str) -> None:
        path = self.draft_or_404(token).thumbnail_file(int(slot))  # kept until the draft expires
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
