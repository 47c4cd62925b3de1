"""The site model alone: what is published and how it is grouped, from entries made in the test. No files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.content.config import Config, Term
from generator.content.dates import parse_fuzzy_date
from generator.content.entries import Initiative, Page, Story
from generator.site.model import assemble

TODAY = date(2026, 12, 5)
CONFIG = Config(root=Path("/site"), title="Wijk Testdorp", municipality="Alblasserdam",
                wijken=(Term("Centrum", "centrum"), Term("Kinderdijk", "kinderdijk")),
                themes=(Term("Zorg", "zorg"), Term("Duurzaamheid", "duurzaamheid")))


def initiative(slug, wijk="Centrum", **fields):
    return Initiative(slug, f"content/initiatieven/{slug}.md", slug.title(), "Samen iets doen.", wijk, "<p>x</p>",
                      **{"checked": TODAY, **fields})


def story(slug, when="jaren '50", **fields):
    return Story(slug, f"content/verhalen/{slug}/index.md", slug.title(), "<p>x</p>", wijk="Kinderdijk",
                 date=parse_fuzzy_date(when, TODAY), **{"consent": "ja", **fields})


def test_drafts_are_left_out_unless_asked_for_and_always_listed_for_check():
    entries = [initiative("reparatiecafe"), initiative("moestuin", draft=True), Page("over", "content/paginas/over.md",
                                                                                      "Over", "<p>x</p>")]
    site, _ = assemble(entries, CONFIG, today=TODAY)
    with_drafts, _ = assemble(entries, CONFIG, include_drafts=True, today=TODAY)
    assert [i.slug for i in site.initiatives] == ["reparatiecafe"] and [p.slug for p in site.pages] == ["over"]
    assert [i.slug for i in with_drafts.initiatives] == ["moestuin", "reparatiecafe"]  # by title
    assert [e.slug for e in site.drafts] == ["moestuin"]


def test_a_story_without_consent_is_held_back_everywhere_with_a_warning_naming_its_file():
    site, problems = assemble([story("molens"), story("kade", consent="onbekend")], CONFIG, today=TODAY)
    assert [s.slug for s in site.stories] == ["molens"]
    assert [s.slug for s in site.withheld_stories] == ["kade"]
    kinderdijk = next(g for g in site.wijken if g.term.name == "Kinderdijk")
    assert [s.slug for s in kinderdijk.stories] == ["molens"]
    [warning] = problems
    assert not warning.is_error and warning.path == "content/verhalen/kade/index.md" and "toestemming" in warning.hint


def test_groups_hold_their_members_wijken_both_kinds_themes_initiatives():
    site, _ = assemble([initiative("a", themes=("Zorg",)), initiative("b", wijk="Kinderdijk"), story("molens")],
                       CONFIG, today=TODAY)
    by_name = {g.term.name: g for g in site.wijken}
    assert [i.slug for i in by_name["Centrum"].initiatives] == ["a"]
    assert ([i.slug for i in by_name["Kinderdijk"].initiatives], [s.slug for s in by_name["Kinderdijk"].stories]) \
        == (["b"], ["molens"])
    zorg = next(g for g in site.themes if g.term.name == "Zorg")
    assert [i.slug for i in zorg.initiatives] == ["a"] and zorg.size == 1


def test_stories_fall_into_decades_by_their_remembered_dates():
    site, _ = assemble([story("schaatsen", "jaren '50"), story("watersnood", "1953"), story("feest", "zomer 1962")],
                       CONFIG, today=TODAY)
    decades = {g.term.slug: sorted(s.slug for s in g.stories) for g in site.decades}
    assert decades == {"1950": ["schaatsen", "watersnood"], "1960": ["feest"]}


def test_an_initiative_not_checked_for_more_than_a_year_gets_a_warning():
    _, problems = assemble([initiative("oud", checked=date(2025, 5, 2)), initiative("vers")], CONFIG, today=TODAY)
    [warning] = problems
    assert warning.path == "content/initiatieven/oud.md" and "2025-05-02" in warning.message
