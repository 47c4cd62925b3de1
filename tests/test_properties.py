"""Property-based tests: for any input, a clear error or valid output, never an exception."""

from __future__ import annotations

import posixpath
import re
import shutil
from datetime import date
from urllib.parse import quote

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.dates import DateError, parse_fuzzy_date
from generator.content.slugs import slugify
from generator.content.sources import split_front_matter
from generator.errors import BuildStopped
from generator.options import BuildOptions
from generator.pipeline import prepare
from generator.site.pages import relative_url
from generator.text.markup import render_markdown, sanitise_html
from tests.conftest import tree_digest

TODAY = date(2026, 11, 22)
YAML_BITS = ["---", "titel:", "wijk:", "fotos:", "  - ", "bestand:", "alt:", ": ", "\t", "'", '"', "&a", "*a",
             "!!python/object:os.system", "[", "]", "{", "}", "#", "\n", "\r\n", "é", "\u200b", "\ufeff", "%YAML 1.1",
             "? ", "|", ">", "~", "null", "2026-02-31", "jaren '50", "ja", "nee", "\x00"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=8)), max_size=40).map("".join))
def test_front_matter_parsing_never_raises(text):
    doc, body, line, problems = split_front_matter(text, "x.md")
    if doc is None:
        assert problems and all(p.path == "x.md" and p.message and p.is_error for p in problems)
    else:
        assert isinstance(doc.data, dict) and all(isinstance(n, int) for n in doc.lines.values())
    assert isinstance(body, str) and line >= 1


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_slugs_are_url_safe_idempotent_and_short(text):
    slug = slugify(text)
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slug)
    assert slugify(slug) == slug and len(slug) <= 80


DATE_BITS = ["jaren", "'", "’", "circa", "ca.", "voor", "vóór", "na", "zomer", "winter", "begin", "eind", "-", "–",
             "/", " ", "?", "februari", "feb.", "1953", "31", "02", "2020", "0", "9999", "50", "vijftig", "tot", "van"]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(DATE_BITS), max_size=6).map("".join), st.text(max_size=20),
                 st.integers(), st.dates()))
def test_fuzzy_dates_parse_to_a_valid_range_or_a_dutch_error(value):
    try:
        parsed = parse_fuzzy_date(value, TODAY)
    except DateError as exc:
        assert str(exc)
        return
    assert parsed.start <= parsed.end
    assert parsed.label() and parsed.iso()
    assert parsed.start <= TODAY


HTML_BITS = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "<a href=\"", "\">", "</a>",
             "<svg onload=alert(1)>", "<iframe src=//evil>", "data:text/html,", "<style>", "<!--", "-->", "<",
             ">", "\"", "'", "`", "&#106;avascript:", "java\nscript:", "<math>", "<form>", "[x](", ")", "{: ",
             "onclick=", " ", "\n\n", "**", "<div style=\"x\">", "<base href=//evil>", "<object>", "&lt;"]


def assert_safe(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "svg", "math", "style", "object", "embed", "form", "base"])
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on") and attribute != "style"
            if attribute in ("href", "src"):
                cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not cleaned.startswith(("javascript:", "data:", "vbscript:"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HTML_BITS), st.text(max_size=5)), max_size=30).map("".join))
def test_sanitising_leaves_nothing_executable(text):
    assert_safe(render_markdown(text))
    assert_safe(sanitise_html(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=6)), max_size=30).map("".join))
def test_any_content_file_gives_clear_errors_or_a_site_and_never_changes_content(make_site, text):
    root = make_site()
    path = root / "content/initiatieven/willekeurig.md"
    path.write_text("---\n" + text, encoding="utf-8", newline="")
    before = tree_digest(root / "content")
    try:
        prepare(BuildOptions(root, today=TODAY))
    except BuildStopped as stopped:
        assert all(p.message and p.path for p in stopped.problems)
    assert tree_digest(root / "content") == before
    shutil.rmtree(root)


SEGMENTS = st.sampled_from(["verhalen", "initiatieven", "molens", "static", "css", "a", "b", "index.html", "x.jpg",
                            "_", ".well-known", "opa en oma.jpg"])


@settings(max_examples=500, deadline=None)
@given(st.lists(SEGMENTS, max_size=4).map("/".join), st.lists(SEGMENTS, max_size=4).map("/".join))
def test_relative_links_are_those_of_posixpath(target, page_folder):
    page = f"{page_folder}/index.html" if page_folder else "index.html"
    expected = posixpath.relpath(target + "index.html" if target == "" else target, page_folder or ".")
    assert relative_url(page, target) == quote(expected)
    assert relative_url(page, target + "#deel") == quote(expected) + "#deel"
