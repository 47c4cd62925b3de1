"""The config stage alone: site.yaml read into a Config, or every problem with its line. No build."""

from __future__ import annotations

import pytest

from generator.content.config import load_config
from generator.errors import BuildStopped

MINIMAL = "titel: T\ngemeente: G\nwijken:\n  - naam: Centrum\n"  # four lines: what site.yaml needs


def site(tmp_path, text):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_lists_become_terms_with_slugs_and_the_municipality_counts_as_a_wijk(tmp_path):
    config = load_config(site(tmp_path, "titel: Wijk Oost\ngemeente: Alblasserdam\n"
                                        "basis_url: https://wijk.example.nl/oost\n"
                                        "wijken:\n  - naam: Kinderdijk Noord\n  - naam: Souburgh\n"
                                        "organisaties:\n  - naam: Stichting Welzijn Alblasserdam\n"
                                        "    afkorting: SWA\n"))
    assert [(t.name, t.slug) for t in config.wijken] == [("Kinderdijk Noord", "kinderdijk-noord"),
                                                          ("Souburgh", "souburgh")]
    assert config.base_url == "https://wijk.example.nl/oost/"  # always one slash at the end
    assert "Alblasserdam" in config.vocabularies["wijken"].values()  # "voor heel Alblasserdam"
    assert config.vocabularies["organisaties"]["swa"] == "Stichting Welzijn Alblasserdam"  # by abbreviation
    assert config.language == "nl" and config.theme == "standaard" and config.problems == ()


def test_a_base_url_on_the_command_line_wins(tmp_path):
    root = site(tmp_path, MINIMAL + "basis_url: https://a.example/\n")
    assert load_config(root, "https://b.example/wijk").base_url == "https://b.example/wijk/"


def test_a_misspelt_key_is_a_warning_at_its_line_with_the_right_key(tmp_path):
    config = load_config(site(tmp_path, MINIMAL + "themes:\n  - naam: Zorg\n"))
    [problem] = config.problems
    assert not problem.is_error and problem.line == 5 and "themas" in problem.hint


def test_a_wijk_named_twice_stops_with_the_line_of_the_second(tmp_path):
    with pytest.raises(BuildStopped) as stopped:
        load_config(site(tmp_path, "titel: T\ngemeente: G\nwijken:\n  - naam: Centrum\n  - naam: centrum\n"))
    errors = [p for p in stopped.value.problems if p.is_error]
    assert errors and errors[0].path == "site.yaml" and errors[0].line == 5


def test_a_brand_colour_that_makes_white_text_unreadable_is_refused(tmp_path):
    with pytest.raises(BuildStopped) as stopped:
        load_config(site(tmp_path, MINIMAL + "huisstijl:\n  kleur: '#ffff00'\n"))
    [error] = [p for p in stopped.value.problems if p.is_error]
    assert error.line == 6 and "#ffff00" in error.message and "donkerder" in error.hint


def test_no_site_yaml_says_how_to_make_one(tmp_path):
    with pytest.raises(BuildStopped) as stopped:
        load_config(tmp_path)
    assert "wijksite init" in stopped.value.problems[0].hint
