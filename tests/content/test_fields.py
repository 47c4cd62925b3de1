"""Front matter checked field by field against the schema table: clean values, or problems at their lines."""

from __future__ import annotations

from datetime import date

from generator.content import schema
from generator.content.fields import Checker, vocabulary
from generator.content.yamldoc import load_mapping

WIJKEN = {"wijken": vocabulary(["Centrum", "Kinderdijk", "Alblasserdam"]), "themas": vocabulary(["Zorg"]),
          "organisaties": {}}


def checked(text, fields=schema.STORY, draft=False):
    doc, problems = load_mapping(text, "content/verhalen/x/index.md", first_line=2)
    assert doc is not None and problems == []
    checker = Checker(doc, "content/verhalen/x/index.md", WIJKEN, date(2026, 12, 5), draft)
    return checker.check(doc.data, fields), checker.problems


def test_clean_values_come_out_typed():
    values, problems = checked("titel: Schaatsen\nwijk: kinderdijk\ntoestemming: ja\nonderwerpen: [molens]\n"
                               "datum: jaren '50\n")
    assert problems == []
    assert values["wijk"] == "Kinderdijk"  # as site.yaml writes it
    assert values["onderwerpen"] == ("molens",)
    assert values["datum"].label("nl") and values["datum"].start.year == 1950


def test_an_unknown_wijk_is_an_error_at_its_line_with_what_was_meant():
    _, problems = checked("titel: Schaatsen\nwijk: Kinderdyk\n")
    [error] = [p for p in problems if p.is_error]
    assert error.line == 3 and "Kinderdyk" in error.message and "Kinderdijk" in error.hint


def test_a_missing_title_is_an_error_with_an_example():
    _, problems = checked("wijk: Centrum\n")
    [error] = [p for p in problems if p.is_error]
    assert "'titel'" in error.message and "titel:" in error.hint


def test_an_english_key_is_a_warning_that_names_the_dutch_one():
    _, problems = checked("titel: Schaatsen\ndate: 1955\n")
    [warning] = problems
    assert not warning.is_error and warning.line == 3 and "datum" in warning.hint


def test_a_draft_may_leave_an_alt_text_for_later_a_published_story_may_not():
    text = "titel: Schaatsen\nfotos:\n  - bestand: ijs.jpg\n"
    _, as_draft = checked(text, draft=True)
    _, published = checked(text)
    assert as_draft and not any(p.is_error for p in as_draft)
    assert any(p.is_error and "'alt'" in p.message for p in published)
