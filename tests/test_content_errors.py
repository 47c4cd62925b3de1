"""Every mistake in content gets a Dutch message naming the file, the line and the fix."""

from __future__ import annotations

import pytest

from generator.errors import BuildStopped
from generator.options import BuildOptions
from generator.pipeline import prepare
from tests.conftest import INITIATIVE, SITE_YAML, STORY, read_html

INI = "content/initiatieven/reparatiecafe.md"
VERHAAL = "content/verhalen/molens/index.md"


def problems_of(root):
    try:
        return prepare(BuildOptions(root)).problems
    except BuildStopped as stopped:
        return stopped.problems


@pytest.mark.parametrize(
    ("path", "text", "line", "message", "hint"),
    [
        (INI, INITIATIVE.replace("titel: Reparatiecafé\n", ""), 2, "'titel' ontbreekt", "titel:"),
        (
            INI,
            INITIATIVE.replace("status: lopend", "status: bezig"),
            7,
            "'bezig' is geen geldige waarde",
            "idee, pilot",
        ),
        (INI, INITIATIVE.replace("status: lopend", "status: Lopend"), None, None, None),
        (
            INI,
            INITIATIVE.replace("themas: [Duurzaamheid]", "themas: [Duurzaamheit]"),
            5,
            "Duurzaamheit",
            'bedoel je "Duurzaamheid"?',
        ),
        (INI, INITIATIVE.replace("organisaties: [SWA]", "organisaties: [swa]"), None, None, None),
        (
            INI,
            INITIATIVE.replace("e-mail: reparatie@example.org", "e-mail: reparatie.example.org"),
            15,
            "geen geldig(e) e-mail",
            "naam@example.org",
        ),
        (
            INI,
            INITIATIVE.replace("gecontroleerd: 2026-09-01", "gecontroleerd: 31-02-2026"),
            20,
            "31 februari 2026 bestaat niet",
            "2026-09-15",
        ),
        (INI, INITIATIVE.replace("gecontroleerd: 2026-09-01", "gecontroleerd: 2026"), 20, "precieze datum", None),
        (INI, INITIATIVE.replace("---\nWij", "Wij"), 1, "niet afgesloten met ---", "---"),
        (INI, "titel: Zonder streepjes\n", 1, "begint niet met een regel ---", "---"),
        (INI, "", 1, "het bestand is leeg", None),
        (INI, INITIATIVE.replace("wijk: Kinderdijk", "wijk: Kinderdijk\n\tstatus: idee"), 5, "tab", "spaties"),
        (
            INI,
            INITIATIVE.replace("titel: Reparatiecafé", "titel: Reparatie: het café"),
            2,
            "dubbele punt",
            "aanhalingstekens",
        ),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", "- titel: Reparatiecafé"), 3, "inspringing klopt", "spaties"),
        (INI, "---\n- Reparatiecafé\n- Kinderdijk\n---\n", 2, "geen lijst van 'sleutel: waarde'", "titel: Mijn titel"),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", "titel: Reparatiecafé\ntitel: Nog een"), 3, "twee keer", None),
        (INI, INITIATIVE.replace("waar:\n  naam", "waar: MFC\nx:\n  naam"), 10, "moet een groep", None),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", "titel: " + "x" * 500), 2, "maximum is 120", None),
        (VERHAAL, STORY.replace('datum: "jaren \'50"', "datum: 31-02-1953"), 4, "bestaat niet", "jaren '50"),
        (VERHAAL, STORY.replace("    alt: Kinderen schaatsen voor een molen.\n", ""), 12, "'alt' ontbreekt", None),
        (
            VERHAAL,
            STORY.replace("bestand: ijs.jpg", "bestand: ijs-weg.jpg"),
            12,
            "foto ijs-weg.jpg: het bestand bestaat niet",
            "ijs.jpg",
        ),
        (
            VERHAAL,
            STORY.replace("bestand: ijs.jpg", "bestand: ../../../geheim.jpg"),
            12,
            "geen gewone bestandsnaam",
            None,
        ),
        (
            VERHAAL,
            STORY.replace("toestemming: ja\nlicentie", "toestemming: misschien\nlicentie"),
            8,
            "'misschien' is geen geldige waarde",
            "ja, nee, onbekend",
        ),
    ],
)
def test_content_mistakes_are_reported_with_file_line_and_fix(make_site, path, text, line, message, hint):
    root = make_site({path: text})
    errors = [p for p in problems_of(root) if p.is_error]
    if message is None:
        assert errors == []
        return
    assert len(errors) == 1, [e.format() for e in errors]
    [error] = errors
    assert error.path == path
    assert message in error.message
    if line is not None:
        assert error.line == line
    if hint is not None:
        assert hint in error.hint


@pytest.mark.parametrize(
    ("path", "text", "line", "message", "hint"),
    [
        (INI, INITIATIVE.replace("titel: Reparatiecafé", "titel:Reparatiecafé"), 2, "na 'titel:' ontbreekt een spatie",
         "titel: Reparatiecafé"),
        (INI, INITIATIVE.replace("samenvatting: Kapotte", "samenvatting:Kapotte"), 3, "ontbreekt een spatie", None),
        (INI, INITIATIVE.replace("organisaties: [SWA]", "organisaties:[SWA]"), 6, "ontbreekt een spatie",
         "organisaties: [SWA]"),
        (INI, INITIATIVE.replace("  naam: MFC", "  naam:MFC"), 11, "na 'naam:' ontbreekt een spatie", None),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", 'titel: "Reparatiecafé'), 2, "niet afgesloten", 'een "'),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", "titel: 'Reparatiecafé"), 2, "niet afgesloten", "een '"),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", 'titel: "Reparatiecafé').replace(
            "wijk: Kinderdijk", 'wijk: "Kinderdijk"'), 2, "niet afgesloten", 'een "'),
        (VERHAAL, STORY.replace('datum: "jaren \'50"', 'datum: "jaren \'50'), 4, "niet afgesloten", None),
        (VERHAAL, STORY.replace("titel: Schaatsen bij de molens", "titel: 'Schaatsen bij 't Molenhuis'"), 2,
         "na het aanhalingsteken", "titel: \"Schaatsen bij 't Molenhuis\""),
        (INI, INITIATIVE.replace("themas: [Duurzaamheid]", "themas: [Duurzaamheid"), 5, "[ wordt niet afgesloten", "]"),
        (INI, INITIATIVE.replace("wijk: Kinderdijk", "  wijk: Kinderdijk"), 4, "springt verder in", "spaties"),
        (INI, INITIATIVE.replace("titel: Reparatiecafé", "titel: @reparatiecafe"), 2, "niet met @ beginnen",
         'titel: "@reparatiecafe"'),
    ],
)
def test_yaml_mistakes_point_at_the_line_where_the_mistake_is(make_site, path, text, line, message, hint):
    root = make_site({path: text})
    [error] = [p for p in problems_of(root) if p.is_error]
    assert (error.path, error.line) == (path, line), error.format()
    assert message in error.message, error.format()
    if hint is not None:
        assert hint in error.hint, error.format()
    english = ("found", "expected", "while", "scanning", "mapping", "token", "allowed")
    assert not any(word in error.format().split() for word in english), error.format()


def test_unknown_keys_are_warnings_with_a_suggestion(make_site):
    root = make_site({INI: INITIATIVE.replace("titel: Reparatiecafé", "titel: Reparatiecafé\ntitle: Repair")})
    [warning] = [p for p in problems_of(root) if "onbekende sleutel" in p.message]
    assert not warning.is_error
    assert (warning.line, warning.hint) == (3, "bedoel je 'titel'?")


def test_all_errors_of_a_stage_are_reported_together(make_site):
    root = make_site(
        {
            INI: INITIATIVE.replace("wijk: Kinderdijk", "wijk: Nergens"),
            VERHAAL: STORY.replace("toestemming: ja\nlicentie", "toestemming: graag\nlicentie"),
            "content/initiatieven/tweede.md": "---\ntitel: [\n---\n",
        }
    )
    errors = [p for p in problems_of(root) if p.is_error]
    assert sorted(e.path for e in errors) == [
        "content/initiatieven/reparatiecafe.md",
        "content/initiatieven/tweede.md",
        VERHAAL,
    ]


def test_non_utf8_file_names_its_encoding_and_how_to_fix_it(make_site):
    root = make_site()
    (root / INI).write_bytes(INITIATIVE.replace("Reparatiecafé", "Reparatiecafé").encode("cp1252"))
    [error] = [p for p in problems_of(root) if p.is_error]
    assert "Windows-1252" in error.message and "UTF-8" in error.hint
    assert error.line == 2


def test_bom_and_crlf_simply_work(make_site):
    root = make_site()
    (root / INI).write_bytes(b"\xef\xbb\xbf" + INITIATIVE.replace("\n", "\r\n").encode("utf-8"))
    plan = prepare(BuildOptions(root))
    assert [i.title for i in plan.site.initiatives] == ["Reparatiecafé"]


def test_names_differing_only_by_case_or_accents_get_a_warning_and_an_address_each(make_site, build_site):
    """On Windows, a Mac and a USB stick Reparatiecafé.md and reparatiecafe.md would be one folder."""
    root = make_site({"content/initiatieven/Reparatiecafé.md": INITIATIVE.replace("Reparatiecafé", "Tweede café")})
    [moved] = [p for p in build_site(root).warnings if "hetzelfde webadres" in p.message]
    assert moved.path == "content/initiatieven/Reparatiecafé.md"
    assert "content/initiatieven/reparatiecafe.md" in moved.message and "initiatieven/reparatiecafe-2/" in moved.message
    assert read_html(root / "output/initiatieven/reparatiecafe/index.html").h1.get_text() == "Reparatiecafé"
    assert read_html(root / "output/initiatieven/reparatiecafe-2/index.html").h1.get_text() == "Tweede café"


def test_alias_bomb_fails_fast_with_a_message(make_site):
    bomb = (
        "---\ntitel: x\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
        + "---\n"
    )
    root = make_site({INI: bomb})
    errors = [p for p in problems_of(root) if p.is_error]
    assert errors and "verwijzingen" in errors[0].message


def test_python_tags_in_yaml_are_not_executed(make_site, tmp_path):
    marker = tmp_path / "gehackt"
    evil = INITIATIVE.replace("titel: Reparatiecafé", f"titel: !!python/object/apply:os.system ['touch {marker}']")
    root = make_site({INI: evil})
    errors = [p for p in problems_of(root) if p.is_error]
    assert errors and errors[0].path == INI
    assert not marker.exists()


def test_stale_initiatives_are_warned_about(make_site):
    root = make_site({INI: INITIATIVE.replace("gecontroleerd: 2026-09-01", "gecontroleerd: 2020-01-01")})
    [warning] = [p for p in problems_of(root) if "gecontroleerd" in p.message]
    assert not warning.is_error and "2020-01-01" in warning.message


@pytest.mark.parametrize("written", ["1953-02-31", "1953-13-01", "2026-02-30"])
def test_impossible_dates_written_year_first_get_a_message_not_a_crash(make_site, written):
    root = make_site({VERHAAL: STORY.replace("datum: \"jaren '50\"", f"datum: {written}")})
    [error] = [p for p in problems_of(root) if p.is_error]
    assert error.path == VERHAAL and error.line == 4 and ("bestaat niet" in error.message)


SHORT_LISTS = SITE_YAML.split("wijken:")[0] + """\
wijken: [Centrum, Souburgh, Kinderdijk, Blokweer]
themas: [Duurzaamheid, Zorg en welzijn, Geschiedenis]
organisaties:
  - Bibliotheek Alblasserdam
  - naam: Stichting Welzijn Alblasserdam
    afkorting: SWA
"""


def test_site_yaml_accepts_plain_lists_of_names_as_entries_write_them(make_site, build_site):
    root = make_site(site_yaml=SHORT_LISTS)
    assert [p for p in problems_of(root) if p.is_error] == []
    build_site(root)
    assert (root / "output/themas/zorg-en-welzijn/index.html").is_file()
    assert (root / "output/wijken/blokweer/index.html").is_file()
    page = (root / "output/organisaties/stichting-welzijn-alblasserdam/index.html").read_text(encoding="utf-8")
    assert "Reparatiecafé" in page  # the initiative names it as SWA: the abbreviation of a full entry still counts
    assert (root / "output/organisaties/bibliotheek-alblasserdam/index.html").is_file()


@pytest.mark.parametrize(("lists", "line", "message"), [
    ("themas: [Zorg, [Ontmoeting]]\n", 7, "onderdeel 2 van 'themas' is geen groep"),
    ("themas: [Zorg, Zorg]\n", 7, '"Zorg" staat al in themas'),
    ("themas: [Zorg, '***']\n", 7, 'de naam "***" bevat geen letters of cijfers'),
])
def test_mistakes_in_plain_lists_of_names_are_explained(make_site, lists, line, message):
    root = make_site(site_yaml=SHORT_LISTS.replace("themas: [Duurzaamheid, Zorg en welzijn, Geschiedenis]\n", lists),
                     defaults=False)
    found = [p for p in problems_of(root) if p.is_error]
    assert [(p.path, p.line) for p in found] == [("site.yaml", line)] and message in found[0].message, found


TAB = "\t"


@pytest.mark.parametrize(("path", "edit", "line", "message", "hint"), [
    (INI, ("wijk: Kinderdijk", f"wijk:{TAB}Kinderdijk"), 4, "er staat een tab tussen 'wijk:' en de waarde",
     "gebruik een spatie in plaats van een tab: wijk: Kinderdijk"),
    (INI, ("themas: [Duurzaamheid]", f"themas:{TAB}{TAB}[Duurzaamheid]"), 5, "tab tussen 'themas:' en de waarde",
     "themas: [Duurzaamheid]"),
    (INI, ("  naam: Loes", f"{TAB}naam: Loes"), 14, "er staat een tab", "spaties in plaats van tabs"),
    (VERHAAL, ("onderwerpen: [molens, winter]", f"onderwerpen: [molens,{TAB}winter]"), 7, "er staat een tab",
     "spaties in plaats van tabs"),
    (VERHAAL, ("  - bestand: ijs.jpg", f"  -{TAB}bestand: ijs.jpg"), 12, "er staat een tab", "spaties"),
    ("site.yaml", ("gemeente: Alblasserdam", f"gemeente:{TAB}Alblasserdam"), 3,
     "er staat een tab tussen 'gemeente:' en de waarde", "gemeente: Alblasserdam"),
    ("site.yaml", ("  - naam: Souburgh", f"{TAB}- naam: Souburgh"), 9, "er staat een tab", "spaties"),
])
def test_a_tab_between_the_parts_is_refused_wherever_it_stands(make_site, path, edit, line, message, hint):
    root = make_site()
    file = root / path
    file.write_text(file.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    assert edit[1] in file.read_text(encoding="utf-8")
    found = [p for p in problems_of(root) if p.is_error]
    assert [(p.path, p.line) for p in found] == [(path, line)], found
    assert message in found[0].message and hint in found[0].hint, found[0].format()


def test_a_tab_inside_a_value_or_before_a_comment_is_kept(make_site):
    root = make_site({INI: INITIATIVE.replace("titel: Reparatiecafé", f"titel: Reparatie{TAB}café{TAB}# naam")})
    assert [p for p in problems_of(root) if p.is_error] == []
