"""Our one-pass typography gives exactly what Python-Markdown's smarty extension gives, only faster."""

from __future__ import annotations

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.text.markup import SMARTY_SUBSTITUTIONS, _converter, expand, render_markdown
from generator.text.typography import TypographyExtension


def with_smarty() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "attr_list", "sane_lists", "smarty"],
                             extension_configs={"smarty": {"substitutions": SMARTY_SUBSTITUTIONS}})


def with_ours() -> markdown.Markdown:
    typography = TypographyExtension(SMARTY_SUBSTITUTIONS)
    return markdown.Markdown(extensions=["tables", "attr_list", "sane_lists", typography])


PIECES = ["'", '"', "-", "--", "---", "...", ".", " ", "\n", "\n\n", "a", "Jan", "80s", "'t", "1955", "(", ")",
          "[", "]", "*", "**", "_", "`", "\\", "\\'", '\\"', "–", "—", "&nbsp;", "&mdash;", "<b>", "</b>", ",", "s ",
          "- ", "# ", "> ", "[link](/x/ \"t\")", "`code 'q'`", "\t", "!", "?", ":"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example("in de ('80s) en de '90s")
@example("He said, \"'Quoted' words in a larger quote.\"")
@example("'Hi,' she said. \"'Yes'\" -- 't is --- zo... 's avonds")
@example("\"'\" '\"x\"' \\\"niet\\\" **\"vet\"** [\"link\"](/a/)")
def test_typography_is_the_same_as_smarty(text):
    assert with_ours().convert(text) == with_smarty().convert(text)


def test_dutch_text_gets_curly_quotes_dashes_and_ellipses():
    html = expand(render_markdown("\"Kom je ook?\" vroeg ze -- en 's avonds... ging het door. Jaren '60 --- `'code'`"))
    assert html == ("<p>“Kom je ook?” vroeg ze – en ’s avonds… ging het door. Jaren ’60 — <code>'code'</code></p>")


def test_the_site_converter_no_longer_runs_smarty():
    assert "smarty" not in _converter().treeprocessors


def test_long_texts_are_kept_in_ascii_and_pages_show_the_characters(make_site, build_site):
    root = make_site({"content/paginas/over.md": "---\ntitel: Over\n---\n\"Café\" -- 's avonds… 中文 &#233;\n"})
    build_site(root)
    page = (root / "output/over/index.html").read_text(encoding="utf-8")
    assert "<p>“Café” – ’s avonds… 中文 é</p>" in page
