"""YAML documents alone: values with the line of every key, and Dutch messages at the right line. No build."""

from __future__ import annotations

from generator.content.yamldoc import load_mapping


def test_every_key_has_its_line_nested_keys_and_list_items_too():
    doc, problems = load_mapping("titel: Molens\ncontact:\n  naam: Loes\nfotos:\n  - bestand: a.jpg\n"
                                 "  - bestand: b.jpg\n", "x.md", first_line=2)
    assert problems == [] and doc is not None
    assert doc.data["contact"] == {"naam": "Loes"}
    # first_line: the front matter starts on line 2 of its file
    assert (doc.line_of("titel"), doc.line_of("contact.naam"), doc.line_of("fotos.1.bestand")) == (2, 4, 7)


def test_an_unknown_key_path_falls_back_to_its_nearest_known_parent():
    doc, _ = load_mapping("contact:\n  naam: Loes\n", "x.md")
    assert doc is not None and doc.line_of("contact.telefoon") == 1


def test_a_tab_before_a_key_is_an_error_at_its_line_in_dutch():
    doc, problems = load_mapping("titel: A\ncontact:\n\tnaam: Loes\n", "x.md")
    assert doc is None and problems and problems[0].line == 3 and "tab" in problems[0].message.lower()


def test_a_colon_in_a_text_without_quotes_gets_a_fix_with_quotes():
    _, problems = load_mapping("titel: Molens: de winter van '63\n", "x.md")
    assert problems and problems[0].line == 1 and '"' in problems[0].hint


def test_yes_and_no_stay_text_and_dates_are_read_by_the_fields_not_by_yaml():
    doc, _ = load_mapping("toestemming: ja\ndatum: 2024-05-01\nconcept: false\n", "x.md")
    assert doc is not None and doc.data["toestemming"] == "ja" and doc.data["concept"] is False
