"""The site model: what is published, grouped into collections, wijken, themes and decades."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..content.config import Config, Term
from ..content.consent import photo_held_back, story_held_back
from ..content.dates import decade_label
from ..content.entries import Entry, Initiative, Page, Photo, Story
from ..content.slugs import DEVICE_NAMES, device_name, fold, slugify, term_slug
from ..errors import SiteError, warning

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
    """Decide what is published and group it; problems for consent and stale entries."""
    today = today or date.today()
    problems: list[SiteError] = []
    visible = [e for e in entries if include_drafts or not e.draft]
    initiatives = sorted((e for e in visible if isinstance(e, Initiative)), key=lambda e: fold(e.title))
    # consent is judged for drafts too, so `check` lists every story that still needs it
    consented, withheld_stories, withheld = _with_consent([e for e in entries if isinstance(e, Story)], problems)
    published_stories = [s for s in consented if include_drafts or not s.draft]
    pages = sorted((e for e in visible if isinstance(e, Page)), key=lambda e: (e.order, fold(e.title)))
    problems += _stale(initiatives, today) + _device_named_subjects(published_stories)
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
        held_back = story_held_back(story.source_path, story.consent, story.withdrawn, story.key_lines)
        if held_back:
            withheld_stories.append(story)
            problems.append(held_back)
            continue
        for photo in story.photos:
            photo_problem = photo_held_back(photo)
            if photo_problem:
                withheld_photos.append(photo)
                problems.append(photo_problem)
        published.append(story)
    return published, withheld_stories, withheld_photos


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
            slug = term_slug(subject)
            if slug:
                names.setdefault(slug, subject)
                by_slug[slug].append(story)
    return tuple(
        Group("onderwerpen", Term(names[slug], slug), stories=tuple(by_slug[slug])) for slug in sorted(by_slug)
    )


def _device_named_subjects(stories: list[Story]) -> list[SiteError]:
    """A warning for a subject whose page would be onderwerpen/con/: it gets onderwerpen/con-2/ (see term_slug)."""
    named: dict[str, Story] = {}
    for story in stories:
        for subject in story.subjects:
            if slugify(subject) in DEVICE_NAMES:
                named.setdefault(slugify(subject), story)
    return [warning(story.source_path, story.key_lines.get("onderwerpen"),
                    f"{device_name(slug)}; de pagina van dit onderwerp krijgt het adres onderwerpen/{term_slug(slug)}/")
            for slug, story in sorted(named.items())]


def _decades(stories: list[Story], language: str) -> tuple[Group, ...]:
    by_decade: dict[int, list[Story]] = defaultdict(list)
    for story in stories:
        if story.date:
            by_decade[story.date.decade].append(story)
    return tuple(
        Group("tijdlijn", Term(decade_label(decade, language), str(decade)), stories=tuple(by_decade[decade]))
        for decade in sorted(by_decade)
    )
