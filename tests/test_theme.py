"""The default theme: message catalogues, design tokens with enough contrast, language, budget, print."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, SITE_YAML, read_html

THEME = Path(__file__).resolve().parent.parent / "themes/standaard"


def catalogue(language: str) -> dict[str, str]:
    return yaml.safe_load((THEME / f"berichten/{language}.yaml").read_text(encoding="utf-8"))


def test_workshop_texts_live_in_their_own_dutch_catalogue():
    workshop = catalogue("werkplaats-nl")
    assert workshop and all(key.startswith("werkplaats.") for key in workshop)
    assert not [key for key in catalogue("nl") if key.startswith("werkplaats.")]


def test_every_workshop_message_the_code_names_is_in_the_workshop_catalogue():
    """What a participant reads comes from berichten/werkplaats-nl.yaml, never from a string in the code."""
    workshop = catalogue("werkplaats-nl")
    files = [*(REPO / "generator" / "werkplaats").glob("*.py"), REPO / "generator" / "preview" / "uploads.py"]
    code = " ".join(path.read_text(encoding="utf-8") for path in files)
    named = set(re.findall(r'"(werkplaats\.[a-z_]+)"', code))
    assert len(named) > 20 and sorted(named - set(workshop)) == []


def test_beheer_texts_live_in_their_own_dutch_catalogue():
    admin = catalogue("beheer-nl")
    assert admin and all(key.startswith("beheer.") for key in admin)
    assert not [key for key in catalogue("nl") if key.startswith("beheer.")]
    code = " ".join(path.read_text(encoding="utf-8") for path in (REPO / "generator" / "beheer").glob("*.py"))
    named = set(re.findall(r'"(beheer\.[a-z_]+)"', code))  # every message the code names is in it
    assert len(named) > 15 and sorted(named - set(admin)) == []


def test_dutch_and_english_catalogues_have_the_same_keys_and_placeholders():
    dutch, english = catalogue("nl"), catalogue("en")
    assert set(dutch) == set(english)
    for key in dutch:
        assert set(re.findall(r"\{(\w+)\}", dutch[key])) == set(re.findall(r"\{(\w+)\}", english[key])), key
        assert ("|" in dutch[key]) == ("|" in english[key]), key


def test_templates_use_only_known_messages_and_hard_code_no_text():
    for template in (THEME / "templates").rglob("*.html"):
        own = {"werkplaats": "werkplaats-nl", "beheer": "beheer-nl"}.get(template.parent.name)  # the apps' texts
        keys = set(catalogue("nl")) | (set(catalogue(own)) if own else set())
        source = template.read_text(encoding="utf-8")
        for key in re.findall(r"\bt\('([^']+)'\s*[,)]", source):
            assert key in keys, (template.name, key)
        # text between tags must come from a variable or a message, never be typed into the template
        stripped = re.sub(r"\{[{%#].*?[%}#]\}", "", source, flags=re.DOTALL)
        stripped = re.sub(r"<(script|style)\b.*?</\1>", "", stripped, flags=re.DOTALL)
        loose_text = [t.strip() for t in re.findall(r">([^<>]+)<", stripped)
                      if re.search(r"[A-Za-z]{3,}", re.sub(r'[\w-]+="[^"]*"', "", t))]  # attributes from a macro
        assert loose_text == [], (template.name, loose_text)


def tokens() -> dict[str, str]:
    css = (THEME / "static/css/tokens.css").read_text(encoding="utf-8")
    return dict(re.findall(r"(--ws-kleur-[\w-]+):\s*(#[0-9a-fA-F]{6})", css))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("text", "background"), [
    ("tekst", "achtergrond"), ("tekst-zacht", "achtergrond"), ("tekst", "vlak"), ("tekst-zacht", "vlak"),
    ("link", "achtergrond"), ("link-bezocht", "achtergrond"), ("link", "vlak"), ("link-bezocht", "vlak"),
    ("primair-tekst", "primair"), ("tekst", "meedoen"), ("link", "meedoen"), ("accent", "achtergrond"),
    ("accent", "vlak"), ("tekst", "focus"),
])
def test_default_palette_has_at_least_aa_contrast(text, background):
    colours = tokens()
    ratio = contrast(colours[f"--ws-kleur-{text}"], colours[f"--ws-kleur-{background}"])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


def test_english_site_has_english_interface_and_dates(make_site, build_site):
    root = make_site(site_yaml=SITE_YAML.replace("taal: nl", "taal: en"))
    build_site(root)
    story = read_html(root / "output/verhalen/molens/index.html")
    assert story.find("html")["lang"] == "en"
    assert story.find("a", class_="overslaan").get_text() == "Skip to content"
    assert story.find("h2", id="over").get_text() == "About this story"
    assert "1950s" in story.get_text() and "jaren" not in story.get_text()
    initiative = read_html(root / "output/initiatieven/reparatiecafe/index.html")
    assert "These details were last checked on 1 September 2026." in initiative.get_text()


@pytest.mark.parametrize("page", ["index.html", "verhalen/molens/index.html"])
def test_performance_budget_html_css_js_compressed(make_site, build_site, page):
    root = make_site()
    build_site(root)
    output = root / "output"
    html = read_html(output / page)
    folder = (output / page).parent
    files = [output / page]
    files += [(folder / link["href"]).resolve() for link in html.find_all("link", rel="stylesheet")]
    files += [(folder / script["src"]).resolve() for script in html.find_all("script", src=True)]
    total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert total <= 50_000, total


def test_print_styles_hide_navigation_and_show_link_addresses():
    css = (THEME / "static/css/print.css").read_text(encoding="utf-8")
    assert ".kop .menu" in css and "attr(href)" in css


def test_a_site_sets_its_colour_and_logo_in_site_yaml(make_site, build_site):
    root = make_site({"static/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'},
                     site_yaml=SITE_YAML + 'huisstijl:\n  kleur: "#7a1f5c"\n  logo: logo.svg\n  logo_alt: Gemeente\n')
    build_site(root)
    page = read_html(root / "output/index.html")
    assert "--ws-kleur-primair: #7a1f5c" in page.find("style").get_text()
    logo = page.find("img", class_="kop__logo")
    assert logo["src"] == "static/logo.svg" and logo["alt"] == "Gemeente"


def test_a_brand_colour_too_light_for_white_text_is_refused(make_site):
    from generator.errors import BuildStopped
    from generator.options import BuildOptions
    from generator.pipeline import prepare

    root = make_site(site_yaml=SITE_YAML + 'huisstijl:\n  kleur: "#ffcc00"\n')
    with pytest.raises(BuildStopped) as stopped:
        prepare(BuildOptions(root, use_cache=False))
    [problem] = stopped.value.problems
    assert problem.path == "site.yaml" and "slecht leesbaar" in problem.message and problem.line


def test_the_templates_a_template_uses_are_read_from_its_text_as_jinja_would():
    import jinja2
    import jinja2.meta

    from generator.incremental.templates import referenced_templates

    environment = jinja2.Environment()
    sources = [path.read_text(encoding="utf-8") for path in (REPO / "themes/standaard/templates").rglob("*.html")]
    sources += ['{%- include ["a.html", "b.html"] -%}', '{% from "m.html" import x with context %}',
                '{# {% include "niet.html" %} #}{% import "m.html" as m %}', '{% include "x.html" ignore missing %}']
    for source in sources:
        expected = {str(name) for name in jinja2.meta.find_referenced_templates(environment.parse(source))}
        assert set(referenced_templates(source) or []) == expected
    assert referenced_templates("{% extends layout %}") is None  # chosen while rendering: cannot be known
