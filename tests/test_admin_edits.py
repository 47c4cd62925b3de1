"""Saving a form changes only the lines of the fields that changed: every other byte of the file stays (diffed)."""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.beheer.forms import ORIGIN, form_state, key_order, wanted_data
from generator.content import schema
from generator.content.scaffold import new_entry
from generator.content.sources import decode, split_front_matter
from generator.content.yamldoc import compose, construct, load_mapping
from generator.editing.frontmatter import edited_entry, edited_yaml_file
from generator.editing.yamledit import EditRefused
from generator.editing.yamltext import scalar_text
from tests.conftest import REPO

SAMPLE_FILES = sorted(p for p in (REPO / "content").rglob("*.md"))
KINDS = {"initiatieven": schema.INITIATIVE, "verhalen": schema.STORY, "paginas": schema.PAGE}


def fields_of(path: Path) -> tuple[schema.Field, ...]:
    return KINDS[path.relative_to(REPO / "content").parts[0]]


def front(data: bytes) -> tuple[dict[str, Any], dict[str, int], str]:
    text, _ = decode(data, "x")
    doc, body, _, problems = split_front_matter(text, "x")
    assert doc is not None and not [p for p in problems if p.is_error]
    return doc.data, doc.lines, body


def save(original: bytes, fields: tuple[schema.Field, ...], change: Callable[[dict[str, Any]], None],
         body: str | None = None) -> bytes:
    """What a volunteer does: the form as shown, one change typed into it, then Opslaan."""
    data, _, _ = front(original)
    shown = form_state(data, fields)
    sent = copy.deepcopy(shown)
    change(sent)
    wanted, moves = wanted_data(data, sent, fields)
    return edited_entry(original, "x", wanted, key_order(fields), moves, body)


def changed_lines(before: bytes, after: bytes) -> tuple[list[int], list[bytes]]:
    """(1-based numbers of the old lines that changed or went, the new lines that came instead)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    gone, came = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, False).get_opcodes():
        if tag != "equal":
            gone += range(i1 + 1, i2 + 1)
            came += new[j1:j2]
    return gone, came


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_changing_one_text_in_a_sample_file_changes_only_its_line(path):
    original = path.read_bytes()
    data, lines, _ = front(original)
    fields = fields_of(path)
    texts = [f.key for f in fields if f.kind in (schema.TEXT, schema.LONG_TEXT) and isinstance(data.get(f.key), str)]
    assert texts
    for key in texts:
        after = save(original, fields, lambda sent, key=key: sent.__setitem__(key, sent[key] + " – aangevuld: ja"))
        gone, came = changed_lines(original, after)
        assert gone == [lines[key]], key  # only the line of this key
        assert len(came) == 1 and came[0].decode().startswith(f"{key}: ")
        data_after, _, _ = front(after)
        assert data_after == {**data, key: data[key] + " – aangevuld: ja"}


@pytest.mark.parametrize("path", [p for p in SAMPLE_FILES if "verhalen" in p.parts],
                         ids=lambda p: p.parent.name)
def test_changing_a_photo_text_and_consent_changes_only_those_lines(path):
    original = path.read_bytes()
    data, lines, _ = front(original)

    def change(sent: dict[str, Any]) -> None:
        sent["fotos"][0]["alt"] = "Een nieuwe beschrijving: met een dubbele punt."
        sent["fotos"][0]["toestemming"] = "nee"

    after = save(original, schema.STORY, change)
    gone, _ = changed_lines(original, after)
    assert gone == sorted({lines["fotos.0.alt"], lines["fotos.0.toestemming"]})
    photo = front(after)[0]["fotos"][0]
    assert photo["alt"] == "Een nieuwe beschrijving: met een dubbele punt." and photo["toestemming"] == "nee"


@pytest.mark.parametrize("path", SAMPLE_FILES[:4], ids=lambda p: p.name)
def test_saving_an_unchanged_form_changes_no_byte(path):
    original = path.read_bytes()
    assert save(original, fields_of(path), lambda sent: None) == original
    _, _, body = front(original)
    assert save(original, fields_of(path), lambda sent: None, body=body) == original


HANDWRITTEN = (
    "\ufeff---\r\n"
    "# Verhaal van Riet; nagelezen door Kees\r\n"
    'titel: "Het \\"Molenhuis\\""   # zo noemde iedereen het\r\n'
    "verteller: 'Riet'\r\n"
    "datum: 1955\r\n"
    "onderwerpen: [molens,   winter]   # met extra spaties\r\n"
    "wijk:      Kinderdijk\r\n"
    "\r\n"
    "samenvatting: >-\r\n"
    "  Een herinnering\r\n"
    "  aan de winter.\r\n"
    "waar_precies: bij de tweede molen   # geen veld van wijksite, blijft staan\r\n"
    "toestemming: onbekend   # vragen bij het volgende bezoek\r\n"
    "fotos:\r\n"
    "    -   bestand: ijs.jpg\r\n"
    "        alt:     # NOG INVULLEN: wat is er te zien?\r\n"
    "        personen_herkenbaar: ja\r\n"
    "    # de tweede foto komt nog\r\n"
    "---\r\n"
    "Het was koud.\r\n"
)


def test_a_handwritten_file_keeps_its_bom_crlf_quotes_comments_and_spacing():
    original = HANDWRITTEN.encode()

    def change(sent: dict[str, Any]) -> None:
        sent["titel"] = 'Het "Molenhuis" aan de dijk'
        sent["verteller"] = "Riet van Dam"
        sent["fotos"][0]["alt"] = "Kinderen schaatsen voor een molen."
        sent["fotos"][0]["toestemming"] = "ja"
        sent["toestemming"] = "ja"

    after = save(original, schema.STORY, change)
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CR LF
    text = after.decode("utf-8-sig")
    assert 'titel: "Het \\"Molenhuis\\" aan de dijk"   # zo noemde iedereen het\r\n' in text  # still "..."
    assert "verteller: 'Riet van Dam'\r\n" in text  # still '...'
    # the reminder went; the photo's consent comes where the schema puts it, after alt
    assert ("        alt: Kinderen schaatsen voor een molen.\r\n        toestemming: ja\r\n"
            "        personen_herkenbaar: ja\r\n    # de tweede foto komt nog\r\n") in text
    assert "toestemming: ja   # vragen bij het volgende bezoek\r\n" in text
    gone, came = changed_lines(original, after)
    assert gone == [3, 4, 13, 16]  # titel, verteller, toestemming, alt; the photo's consent is one line more
    assert len(came) == 5
    data, _, body = front(after)
    assert data["onderwerpen"] == ["molens", "winter"] and data["datum"] == 1955 and body == "Het was koud.\n"


def test_a_file_with_mixed_line_ends_keeps_each_unchanged_line_as_it_was():
    original = b"---\r\ntitel: Molens\nwijk: Centrum\r\nplaats: Dijk\n---\r\nTekst.\n"
    after = save(original, schema.STORY, lambda sent: sent.__setitem__("wijk", "Kinderdijk"))
    assert after == b"---\r\ntitel: Molens\nwijk: Kinderdijk\r\nplaats: Dijk\n---\r\nTekst.\n"


def test_flow_lists_and_groups_are_edited_in_their_place():
    original = (b"---\ntitel: Repair\nsamenvatting: Samen repareren.\nwijk: Centrum\n"
                b"themas: [Duurzaamheid]   # meer later\nwaar: {naam: MFC, adres: 'Maasplein 1'}\n---\n")

    def change(sent: dict[str, Any]) -> None:
        sent["themas"] = ["Duurzaamheid", "Zorg en welzijn"]
        sent["waar"]["adres"] = "Maasplein 2"

    after = save(original, schema.INITIATIVE, change)
    assert after == (b"---\ntitel: Repair\nsamenvatting: Samen repareren.\nwijk: Centrum\n"
                     b"themas: [Duurzaamheid, Zorg en welzijn]   # meer later\n"
                     b"waar: {naam: MFC, adres: 'Maasplein 2'}\n---\n")


def test_new_keys_go_after_their_schema_neighbour_in_the_files_indentation():
    original = (b"---\ntitel: Repair\nsamenvatting: Samen.\nwijk: Centrum\n# contact volgt\ncontact:\n"
                b"    naam: Loes\nconcept: true\n---\nTekst\n")

    def change(sent: dict[str, Any]) -> None:
        sent["status"] = "lopend"
        sent["contact"]["e-mail"] = "loes@example.org"
        sent["gezocht"] = "Iemand die kan naaien\nIemand met een bus"
        sent["meedoen"] = "Loop binnen.\n\nOf bel: 078 123 45 67."

    after = save(original, schema.INITIATIVE, change)
    assert after.decode() == (
        "---\ntitel: Repair\nsamenvatting: Samen.\nwijk: Centrum\nstatus: lopend\n# contact volgt\ncontact:\n"
        "    naam: Loes\n    e-mail: loes@example.org\nmeedoen: |-\n  Loop binnen.\n\n  Of bel: 078 123 45 67.\n"
        "gezocht:\n  - Iemand die kan naaien\n  - Iemand met een bus\nconcept: true\n---\nTekst\n")


def test_emptying_a_field_removes_only_its_own_lines():
    original = (b"---\ntitel: Repair\nsamenvatting: Samen.\nwijk: Centrum\ngezocht:\n  - Naaiers\n  - Een bus\n"
                b"# bijgewerkt in mei\nwanneer: dinsdag\n---\n")

    def change(sent: dict[str, Any]) -> None:
        sent["gezocht"] = ""
        sent["wanneer"] = ""

    after = save(original, schema.INITIATIVE, change)
    assert after == b"---\ntitel: Repair\nsamenvatting: Samen.\nwijk: Centrum\n# bijgewerkt in mei\n---\n"


PHOTOS = """\
---
titel: Molens
fotos:
  # de mooiste eerst
  - bestand: a.jpg
    alt: Eerste.   # gescand in 2024
  - bestand: b.jpg
    alt: Tweede.
    # fotograaf onbekend
  - bestand: c.jpg
    alt: Derde.
concept: true
---
"""


def test_photos_moved_removed_and_added_keep_their_own_lines_and_comments():
    original = PHOTOS.encode()

    def change(sent: dict[str, Any]) -> None:
        a, b, c = sent["fotos"]
        new = {**{k: "" for k in a}, "bestand": "d.jpg", "alt": "Vierde.", ORIGIN: ""}
        sent["fotos"] = [c, a, new]  # b is taken out of the story, c goes first, d is new

    after = save(original, schema.STORY, change)
    assert after.decode() == """\
---
titel: Molens
fotos:
  # de mooiste eerst
  - bestand: c.jpg
    alt: Derde.
  - bestand: a.jpg
    alt: Eerste.   # gescand in 2024
  - bestand: d.jpg
    alt: Vierde.
concept: true
---
"""


def test_a_photo_added_to_an_empty_list_of_a_new_story_is_written_as_a_block(tmp_path):
    root = tmp_path / "site"
    path = new_entry(root, "verhaal", "De ijsclub", "Centrum", "Alblasserdam")
    original = path.read_bytes()

    def change(sent: dict[str, Any]) -> None:
        sent["fotos"] = [{**form_state({}, schema.PHOTO), "bestand": "ijs.jpg", "alt": "Schaatsers.",
                          "toestemming": "ja", ORIGIN: ""}]

    after = save(original, schema.STORY, change)
    gone, came = changed_lines(original, after)
    assert [line.decode() for line in came] == ["fotos:\n", "  - bestand: ijs.jpg\n", "    alt: Schaatsers.\n",
                                                "    toestemming: ja\n"]
    assert len(gone) == 1 and b"# Een foto toevoegen" in after  # the explanation below it stays


def test_filling_in_an_imported_draft_drops_only_the_reminders_that_were_filled(tmp_path):
    from generator.photos.folder_import import import_photos
    from tests.conftest import write_jpeg

    root = tmp_path / "site"
    write_jpeg(tmp_path / "scans" / "kermis" / "scan1.jpg")
    [story] = import_photos(root, tmp_path / "scans").stories
    original = story.path.read_bytes()

    def change(sent: dict[str, Any]) -> None:
        sent["fotos"][0]["alt"] = "De kermis op het plein."
        sent["verteller"] = "Jan"

    after = save(original, schema.STORY, change)
    gone, came = changed_lines(original, after)
    assert [line.decode() for line in came] == ["verteller: Jan\n", "    alt: De kermis op het plein.\n"]
    assert b"bijschrift:   # NOG INVULLEN" in after  # not filled in: its reminder stays
    assert len(gone) == 2


def test_a_file_with_a_key_twice_is_refused_and_not_changed():
    original = b"---\ntitel: A\ntitel: B\n---\n"
    with pytest.raises(EditRefused):
        edited_entry(original, "x", {"titel": "C"}, key_order(schema.STORY))


def test_site_yaml_gains_a_wijk_and_keeps_its_comments(tmp_path):
    original = (REPO / "site.yaml").read_bytes().replace(b"wijken:\n", b"# De wijken van de gemeente\nwijken:\n")
    doc, _ = load_mapping(original.decode(), "site.yaml")
    assert doc is not None
    shown = form_state(doc.data, schema.SITE)
    sent = copy.deepcopy(shown)
    sent["wijken"].append({"naam": "Kinderdijk-Oost", "beschrijving": "Nieuw: de wijk achter de dijk.", ORIGIN: ""})
    sent["themas"][0]["beschrijving"] = "Hulp dichtbij huis."
    wanted, moves = wanted_data(doc.data, sent, schema.SITE)
    after = edited_yaml_file(original, "site.yaml", wanted, key_order(schema.SITE), moves)
    gone, came = changed_lines(original, after)
    assert [line.decode() for line in came] == [  # after the last wijk, in the indentation of the others
        "  - naam: Kinderdijk-Oost\n", '    beschrijving: "Nieuw: de wijk achter de dijk."\n',
        "    beschrijving: Hulp dichtbij huis.\n"]
    assert b"# De wijken van de gemeente\n" in after
    data = construct(compose(after.decode()))
    assert data["wijken"][-1] == {"naam": "Kinderdijk-Oost", "beschrijving": "Nieuw: de wijk achter de dijk."}
    assert len(gone) == 1


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(TEXTS, st.sampled_from(["map", "seq", "flow"]), st.sampled_from([None, "", "'", '"', "|", ">"]))
def test_any_text_written_as_a_value_reads_back_as_that_text(text, context, style):
    written = scalar_text(text, style, 2, context)
    sample = {"map": f"k: {written}\n", "seq": f"k:\n  - {written}\n", "flow": f"k: [{written}]\n"}[context]
    value = construct(compose(sample))["k"]
    assert (value[0] if context != "map" else value) == text


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SAMPLE_FILES[:12]), TEXTS.filter(lambda t: t.strip() == t and "\n" not in t))
def test_any_title_typed_into_any_sample_file_changes_only_the_title_line(path, title):
    original = path.read_bytes()
    data, lines, _ = front(original)
    title = re.sub(r"\s+", " ", title) or "x"
    try:
        after = save(original, fields_of(path), lambda sent: sent.__setitem__("titel", title))
    except EditRefused:
        pytest.fail("a title was refused")
    gone, _ = changed_lines(original, after)
    assert gone in ([], [lines["titel"]])
