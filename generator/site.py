"""The site model: what is published, grouped into collections, wijken, themes and decades."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .config import Config, Term
from .content import Entry, Initiative, Page, Photo, Story
from .dates import decade_label
from .errors import SiteError, warning
from .slugs import fold, slugify

RESERVED_SLUGS = {
    "initiatieven",
    "verhalen",
    "wijken",
    "themas",
    "organisaties",
    "onderwerpen",
    "tijdlijn",
    "static",
    "zoeken",
    "404",
    "index",
}
STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class Group:
    """A wijk, theme, organisation, subject or decade with the entries filed under it."""

    section: str  # wijken, themas, organisaties, onderwerpen or tijdlijn: where its page lives
    term: Term
    initiatives: tuple[Initiative, ...] = ()
    stories: tuple[Story, ...] = ()

    @property
    def size(self) -> int:
        return len(self.initiatives) + len(self.stories)


@dataclass(frozen=True)
class Site:
    config: Config
    initiatives: tuple[Initiative, ...]
    stories: tuple[Story, ...]
    pages: tuple[Page, ...]
    wijken: tuple[Group, ...]
    themes: tuple[Group, ...]
    organisations: tuple[Group, ...]
    subjects: tuple[Group, ...]
    decades: tuple[Group, ...]
    withheld_stories: tuple[Story, ...] = field(default=())
    withheld_photos: tuple[Photo, ...] = field(default=())
    drafts: tuple[Entry, ...] = field(default=())  # every entry with concept: true, shown or not: for `check`

    @property
    def photos(self) -> tuple[Photo, ...]:
        """Every photo that is published, in a stable order."""
        story_photos = [p for s in self.stories for p in s.photos if p.publishable]
        return tuple([i.image for i in self.initiatives if i.image] + story_photos)

    @property
    def initiatives_asking_help(self) -> tuple[Initiative, ...]:
        return tuple(i for i in self.initiatives if i.wanted and i.status != "afgerond")


def assemble(
    entries: list[Entry], config: Config, include_drafts: bool = False, today: date | None = None
) -> tuple[Site, list[SiteError]]:
    """Decide what is published and group it; problems for duplicates, consent and stale entries."""
    today = today or date.today()
    problems = _duplicate_slugs(entries)
    visible = [e for e in entries if include_drafts or not e.draft]
    initiatives = sorted((e for e in visible if isinstance(e, Initiative)), key=lambda e: fold(e.title))
    # consent is judged for drafts too, so `check` lists every story that still needs it
    consented, withheld_stories, withheld = _with_consent([e for e in entries if isinstance(e, Story)], problems)
    published_stories = [s for s in consented if include_drafts or not s.draft]
    pages = sorted((e for e in visible if isinstance(e, Page)), key=lambda e: (e.order, fold(e.title)))
    problems += _stale(initiatives, today)
    problems += [_reserved(page) for page in pages if page.slug in RESERVED_SLUGS]
    published_stories.sort(key=_story_order)
    return Site(
        config=config,
        initiatives=tuple(initiatives),
        stories=tuple(published_stories),
        pages=tuple(pages),
        wijken=_wijken(config, initiatives, published_stories),
        themes=_grouped("themas", config.themes, initiatives, lambda i: i.themes),
        organisations=_grouped("organisaties", config.organisations, initiatives, lambda i: i.organisations),
        subjects=_subjects(published_stories),
        decades=_decades(published_stories, config.language),
        withheld_stories=tuple(withheld_stories),
        withheld_photos=tuple(withheld),
        drafts=tuple(entry for entry in entries if entry.draft),
    ), problems


def _story_order(story: Story) -> tuple[int, object, str]:
    if story.date is None:
        return (1, (), fold(story.title))
    return (0, story.date.sort_key, fold(story.title))


def _duplicate_slugs(entries: list[Entry]) -> list[SiteError]:
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for entry in entries:
        key = (type(entry).__name__, slugify(entry.slug))
        if key in seen:
            problems.append(
                SiteError(
                    entry.source_path,
                    None,
                    f"dit heeft hetzelfde webadres ({entry.slug}) als {seen[key]}",
                    "geef een van de twee bestanden (of mappen) een andere naam",
                )
            )
        seen.setdefault(key, entry.source_path)
    return problems


def _reserved(page: Page) -> SiteError:
    return SiteError(
        page.source_path,
        None,
        f"de naam '{page.slug}' is al in gebruik door de site zelf",
        "geef de pagina een andere bestandsnaam",
    )


def _stale(initiatives: list[Initiative], today: date) -> list[SiteError]:
    return [
        warning(
            i.source_path,
            i.key_lines.get("gecontroleerd"),
            f"dit initiatief is sinds {i.checked.isoformat()} niet meer gecontroleerd (langer dan een jaar)",
            "vraag de contactpersoon of alles nog klopt en zet dan de datum van vandaag bij gecontroleerd",
        )
        for i in initiatives
        if i.checked and today - i.checked > STALE_AFTER
    ]


def _with_consent(stories: list[Story], problems: list[SiteError]) -> tuple[list[Story], list[Story], list[Photo]]:
    """Stories with their teller's consent; the rest is left out, and every case is reported."""
    published, withheld_stories, withheld_photos = [], [], []
    for story in stories:
        if story.withdrawn:
            withheld_stories.append(story)
            problems.append(
                warning(
                    story.source_path,
                    story.key_lines.get("ingetrokken"),
                    f"verhaal niet gepubliceerd: toestemming ingetrokken op {story.withdrawn}",
                    "alleen als de verteller opnieuw toestemming geeft: haal de regel ingetrokken weg",
                )
            )
            continue
        if story.consent != "ja":
            withheld_stories.append(story)
            problems.append(_story_without_consent(story))
            continue
        for photo in story.photos:
            if photo.withdrawn:
                withheld_photos.append(photo)
                problems.append(
                    warning(
                        photo.entry_path,
                        photo.line,
                        f"foto {photo.file_name} niet gepubliceerd: toestemming ingetrokken op {photo.withdrawn}",
                    )
                )
            elif not photo.publishable:
                withheld_photos.append(photo)
                problems.append(_photo_without_consent(photo))
        published.append(story)
    return published, withheld_stories, withheld_photos


# "nee" is an answer, not a gap to fill: the message says it is respected and does not send anyone to ask again.
RESPECTED = "dat besluit wordt gerespecteerd; er hoeft niets te gebeuren"


def _story_without_consent(story: Story) -> SiteError:
    line = story.key_lines.get("toestemming", 2)
    if story.consent == "nee":
        return warning(story.source_path, line,
                       "verhaal niet gepubliceerd: de verteller heeft nee gezegd (toestemming: nee)",
                       f"{RESPECTED}. Alleen als de verteller later zelf van gedachten verandert, zet je "
                       "toestemming: ja")
    return warning(story.source_path, line,
                   f"verhaal niet gepubliceerd: toestemming van de verteller is '{story.consent}'",
                   "vraag de verteller om toestemming en zet dan toestemming: ja")


def _photo_without_consent(photo: Photo) -> SiteError:
    if photo.consent == "nee":
        return warning(photo.entry_path, photo.line,
                       f"foto {photo.file_name} wordt vervangen door een lege plek: er is nee gezegd tegen "
                       "publicatie (toestemming: nee)",
                       f"{RESPECTED}. Alleen als de mensen op de foto later zelf van gedachten veranderen, zet je "
                       "toestemming: ja")
    return warning(photo.entry_path, photo.line,
                   f"foto {photo.file_name} wordt vervangen door een lege plek: "
                   f"herkenbare personen zonder toestemming ('{photo.consent}')",
                   "vraag de mensen op de foto om toestemming en zet dan toestemming: ja")


def _grouped(section: str, terms: tuple[Term, ...], initiatives: list[Initiative],
             names: Callable[[Initiative], tuple[str, ...]]) -> tuple[Group, ...]:
    """A group per term with the initiatives that name it, in their order (one pass over the initiatives)."""
    members: dict[str, list[Initiative]] = {term.name: [] for term in terms}
    for initiative in initiatives:
        for name in dict.fromkeys(names(initiative)):
            if name in members:
                members[name].append(initiative)
    return tuple(Group(section, term, tuple(members[term.name])) for term in terms)


def _wijken(config: Config, initiatives: list[Initiative], stories: list[Story]) -> tuple[Group, ...]:
    terms = (*config.wijken, config.town)
    in_wijk: dict[str, tuple[list[Initiative], list[Story]]] = {term.name: ([], []) for term in terms}
    for initiative in initiatives:
        if initiative.wijk in in_wijk:
            in_wijk[initiative.wijk][0].append(initiative)
    for story in stories:
        if story.wijk in in_wijk:
            in_wijk[story.wijk][1].append(story)
    return tuple(Group("wijken", term, tuple(in_wijk[term.name][0]), tuple(in_wijk[term.name][1])) for term in terms)


def _subjects(stories: list[Story]) -> tuple[Group, ...]:
    by_slug: dict[str, list[Story]] = defaultdict(list)
    names: dict[str, str] = {}
    for story in stories:
        for subject in story.subjects:
            slug = slugify(subject)
            if slug:
                names.setdefault(slug, subject)
                by_slug[slug].append(story)
    return tuple(
        Group("onderwerpen", Term(names[slug], slug), stories=tuple(by_slug[slug])) for slug in sorted(by_slug)
    )


def _decades(stories: list[Story], language: str) -> tuple[Group, ...]:
    by_decade: dict[int, list[Story]] = defaultdict(list)
    for story in stories:
        if story.date:
            by_decade[story.date.decade].append(story)
    return tuple(
        Group("tijdlijn", Term(decade_label(decade, language), str(decade)), stories=tuple(by_decade[decade]))
        for decade in sorted(by_decade)
    )
