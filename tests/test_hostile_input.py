"""Hostile and broken input, one case per row: a clear error or safe output, never a crash or a leak."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import BuildStopped
from generator.incremental import folders
from generator.options import BuildOptions
from generator.pipeline import prepare
from tests.conftest import INITIATIVE, STORY, read_html, tree_digest, write_jpeg

INI = "content/initiatieven/reparatiecafe.md"
VERHAAL = "content/verhalen/molens/index.md"


def errors_of(root: Path) -> list:
    try:
        return [p for p in prepare(BuildOptions(root)).problems if p.is_error]
    except BuildStopped as stopped:
        return [p for p in stopped.problems if p.is_error]


DANGEROUS_BODIES = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)",
    '<iframe src="https://evil.example/"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name=p></form>',
    '<a href="https://example.org" onclick="steal()">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '{: onclick="alert(1)" }\nTekst',
    "[x](vbscript:msgbox(1))",
    "<!-- <script>alert(1)</script> -->",
]
FORBIDDEN_TAGS = ["iframe", "svg", "math", "style", "object", "embed", "form", "input", "base"]
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


@pytest.mark.parametrize("body", DANGEROUS_BODIES)
def test_dangerous_markdown_never_reaches_a_page(make_site, build_site, body):
    root = make_site({INI: INITIATIVE.replace("Wij repareren", f"{body}\n\nWij repareren")})
    build_site(root)
    page = read_html(root / "output/initiatieven/reparatiecafe/index.html").find("article")
    assert not page.find_all(FORBIDDEN_TAGS), body
    for tag in page.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on") and attribute.lower() != "style", (body, tag)
            if attribute in ("href", "src", "action", "data"):
                assert not value.strip().lower().startswith(BAD_SCHEMES), (body, tag)
    assert "evil.swf" not in str(page)


@pytest.mark.parametrize("field", ["titel", "samenvatting", "wanneer"])
def test_front_matter_values_are_escaped(make_site, build_site, field):
    value = '"<script>alert(1)</script><img src=x onerror=alert(2)>"'
    text = INITIATIVE.replace(f"{field}: ", f"{field}: {value}\nx_{field}: ", 1)
    root = make_site({INI: text})
    build_site(root)
    for page in ("initiatieven/reparatiecafe/index.html", "initiatieven/index.html", "index.html"):
        html = (root / "output" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in (root / "output/initiatieven/reparatiecafe/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("  naam: Loes", '  naam: Loes\n  website: "javascript:alert(1)"', 15),
        ("  naam: Loes", '  naam: Loes\n  website: "data:text/html,<script>alert(1)</script>"', 15),
        ("e-mail: reparatie@example.org", 'e-mail: "x@example.org?subject=<script>"', 15),
        ("telefoon: 078 123 45 67", 'telefoon: "javascript:alert(1)"', 16),
    ],
)
def test_hostile_contact_values_are_refused(make_site, old, new, line):
    root = make_site({INI: INITIATIVE.replace(old, new)})
    errors = errors_of(root)
    assert len(errors) == 1 and errors[0].path == INI and errors[0].line == line


def test_photo_symlink_out_of_the_site_is_refused(make_site, tmp_path):
    private = write_jpeg(tmp_path / "prive" / "paspoort.jpg")
    root = make_site()
    (root / "content/verhalen/molens/ijs.jpg").unlink()
    os.symlink(private, root / "content/verhalen/molens/ijs.jpg")
    errors = errors_of(root)
    assert errors and "buiten de map content/" in errors[0].message
    with pytest.raises(BuildStopped):
        build(BuildOptions(root))
    assert not (root / "output").exists()


def test_content_file_symlink_out_of_the_site_is_refused(make_site, tmp_path):
    secret = tmp_path / "geheim.md"
    secret.write_text(INITIATIVE.replace("Reparatiecafé", "Geheim"), encoding="utf-8")
    root = make_site()
    os.symlink(secret, root / "content/initiatieven/geheim.md")
    errors = errors_of(root)
    assert errors and "naar buiten de map van de site" in errors[0].message


def test_static_symlink_out_of_the_site_is_refused(make_site, tmp_path):
    (tmp_path / "wachtwoorden.txt").write_text("geheim", encoding="utf-8")
    root = make_site()
    (root / "static").mkdir()
    os.symlink(tmp_path / "wachtwoorden.txt", root / "static/wachtwoorden.txt")
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root))
    assert "buiten de map static/" in stopped.value.problems[0].message


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("content/initiatieven/nul.md", INITIATIVE.replace("Wij", "Wij\x00"), "nul-bytes"),
        ("content/initiatieven/utf16.md", None, "UTF-16"),
        ("content/initiatieven/groot.md", INITIATIVE + "x" * 2_100_000, "te groot"),
        ("content/initiatieven/diep.md", "---\ntitel: " + "[" * 60 + "]" * 60 + "\n---\n", "niveaus diep"),
        ("content/initiatieven/!!!.md", INITIATIVE, "geen letters of cijfers"),
        ("content/verhalen/lege-map/index.md", "", "leeg"),
    ],
)
def test_broken_files_get_a_clear_error(make_site, name, text, message):
    root = make_site()
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        path.write_bytes(INITIATIVE.encode("utf-16"))
    else:
        path.write_text(text, encoding="utf-8")
    errors = errors_of(root)
    assert errors and errors[0].path == name and message in errors[0].message, [e.format() for e in errors]


def test_names_differing_only_by_unicode_normalisation_get_an_address_each(make_site, build_site):
    """A Mac sees café.md written in two Unicode forms as one file: each gets its own address, with a warning."""
    nfd = unicodedata.normalize("NFD", "café")
    root = make_site({"content/initiatieven/café.md": INITIATIVE, f"content/initiatieven/{nfd}.md": INITIATIVE})
    report = build_site(root)
    [moved] = [p for p in report.warnings if "hetzelfde webadres" in p.message]
    assert moved.path == "content/initiatieven/café.md" and "initiatieven/cafe-2/" in moved.message
    assert (root / "output/initiatieven/cafe/index.html").is_file()
    assert (root / "output/initiatieven/cafe-2/index.html").is_file()


def test_zero_width_characters_do_not_sneak_past_the_vocabulary(make_site):
    root = make_site({INI: INITIATIVE.replace("wijk: Kinderdijk", "wijk: Kinder\u200bdijk")})
    [error] = errors_of(root)
    assert 'bedoel je "Kinderdijk"?' in error.hint


def test_output_that_cannot_be_written_is_explained_and_nothing_is_lost(make_site, tmp_path):
    root = make_site()
    blocker = tmp_path / "een-bestand"
    blocker.write_text("ik ben geen map", encoding="utf-8")
    before = tree_digest(root / "content")
    with pytest.raises(BuildStopped) as stopped:
        build(BuildOptions(root, output=blocker / "output"))
    assert "kan hier niet schrijven" in stopped.value.problems[0].message
    assert blocker.read_text(encoding="utf-8") == "ik ben geen map"
    assert tree_digest(root / "content") == before


def test_a_story_folder_named_like_a_path_trick_stays_inside(make_site):
    root = make_site({"content/verhalen/%2e%2e%2fetc/index.md": STORY})
    (root / "content/verhalen/%2e%2e%2fetc/ijs.jpg").write_bytes(
        (root / "content/verhalen/molens/ijs.jpg").read_bytes()
    )
    build(BuildOptions(root))
    made = sorted(p.relative_to(root / "output").as_posix() for p in (root / "output/verhalen").glob("*/index.html"))
    assert made == ["verhalen/2e-2e-2fetc/index.html", "verhalen/molens/index.html"]
    assert sorted(p.name for p in root.parent.iterdir()) == ["site"]


EMBED = ('<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Film over de molens"></iframe>\n\n'
         '<iframe src="https://evil.example/steal" title="Kwaad"></iframe>\n\n'
         '<iframe src="http://www.youtube-nocookie.com/embed/abc" title="Zonder https"></iframe>\n\n')


def test_embeds_only_from_hosts_the_site_allows(make_site, build_site):
    from tests.conftest import SITE_YAML

    root = make_site({INI: INITIATIVE.replace("Wij repareren", EMBED + "Wij repareren")},
                     site_yaml=SITE_YAML + "inbedden: [www.youtube-nocookie.com]\n")
    build_site(root)
    frames = read_html(root / "output/initiatieven/reparatiecafe/index.html").find("article").find_all("iframe")
    assert [f["src"] for f in frames] == ["https://www.youtube-nocookie.com/embed/abc"]
    assert frames[0]["sandbox"] and frames[0]["title"] == "Film over de molens" and frames[0]["loading"] == "lazy"


def test_without_allowed_embeds_every_iframe_is_removed(make_site, build_site):
    root = make_site({INI: INITIATIVE.replace("Wij repareren", EMBED + "Wij repareren")})
    build_site(root)
    assert not read_html(root / "output/initiatieven/reparatiecafe/index.html").find("article").find_all("iframe")


def test_story_folders_and_their_index_files_linked_in_and_out_of_the_site(make_site, build_site, tmp_path,
                                                                           monkeypatch):
    """Each case is judged as it is, also on a rebuild whose listing of the content folders comes from memory."""
    root = make_site()
    archive = root / "archief"
    archive.mkdir()
    (archive / "werf.md").write_text(STORY.split("fotos:")[0].replace("Schaatsen bij de molens", "De werf")
                                     + "---\nOp de werf.\n", encoding="utf-8")
    stories = root / "content/verhalen"
    (stories / "werf").mkdir()
    (stories / "werf/index.md").symlink_to(archive / "werf.md")  # an index.md linked inside the site: fine
    (stories / "leeg").mkdir()  # no index.md: skipped, with a warning
    (stories / "kapot").mkdir()
    (stories / "kapot/index.md").symlink_to(root / "bestaat-niet.md")  # a broken link: skipped, with a warning
    monkeypatch.setattr(folders, "RACY_NS_COARSE", 0)  # folders count as settled at once: the next walk
    monkeypatch.setattr(folders, "RACY_NS_FINE", 0)    # remembers them
    for text in ("Op de werf.", "Weer op de werf."):  # the second build lists no folder again
        (archive / "werf.md").write_text((archive / "werf.md").read_text(encoding="utf-8").replace("Op de werf.", text),
                                         encoding="utf-8")
        report = build_site(root)
        assert {problem.path for problem in report.warnings} == {"content/verhalen/leeg", "content/verhalen/kapot"}
        assert text in (root / "output/verhalen/werf/index.html").read_text(encoding="utf-8")
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "index.md").write_text(STORY.replace("Schaatsen bij de molens", "Elders"), encoding="utf-8")
    (stories / "elders").symlink_to(outside, target_is_directory=True)  # a folder linked outside: refused
    with pytest.raises(BuildStopped) as stopped:
        build_site(root)
    assert [problem.path for problem in stopped.value.problems if problem.is_error] == ["content/verhalen/elders"]
    assert "naar buiten de map van de site" in stopped.value.problems[0].message


NESTED_BEYOND_REASON = [  # (text, what the message names, its line that is too deep, counted from 0)
    pytest.param("- " * 3000 + "x\n", "lijsten", 0, id="3000 lists on one line"),
    pytest.param("1. " * 3000 + "x\n", "lijsten", 0, id="3000 numbered lists on one line"),
    pytest.param("".join("    " * level + "- x\n" for level in range(600)), "lijsten", 50, id="600 indented lists"),
    pytest.param("".join("> " * level + "x\n\n" for level in range(60)), "lijsten", 102, id="60 quotes, line by line"),
    pytest.param("> " * 3000 + "x\n", "lijsten", 0, id="3000 block quotes"),
    pytest.param("<div>\n" * 5000 + "x" + "</div>" * 5000, "HTML", 50, id="5000 divs"),
    pytest.param("<blockquote><span>" * 2000 + "x", "HTML", 0, id="4000 unclosed elements"),
    pytest.param("[" * 2000 + "x](/verhalen/molens/)", "haken", 0, id="2000 brackets"),
]


@pytest.mark.parametrize(("deep", "named", "line"), NESTED_BEYOND_REASON)
def test_text_nested_beyond_reason_gets_a_message_with_file_line_and_limit(make_site, deep, named, line):
    """A paste gone wrong nests thousands deep: one Dutch error at its first line too deep, never a traceback."""
    root = make_site({INI: INITIATIVE + "\nEerst gewone tekst.\n\n" + deep})
    [error] = errors_of(root)
    deep_starts = INITIATIVE.count("\n") + 4  # after the body's blank line, its first paragraph and a blank line
    assert (error.path, error.line) == (INI, deep_starts + line)
    assert "te diep genest" in error.message and "hoogstens 50" in error.message and named in error.message


def test_deep_lists_in_a_front_matter_text_name_its_field(make_site):
    text = INITIATIVE.replace("meedoen: Loop gerust binnen.", 'meedoen: "' + "- " * 900 + 'x"')
    root = make_site({INI: text})
    [error] = errors_of(root)
    assert error.line == text.split("\n").index("meedoen: " + text.split("meedoen: ")[1].split("\n")[0]) + 1
    assert "te diep genest" in error.message


def test_nesting_as_people_write_it_is_fine(make_site, build_site):
    body = ("\n".join("    " * level + "- niveau" for level in range(8)) + "\n\n" + "> > > citaat\n\n"
            + "<ul>" + "<li>een<li>twee" * 200 + "</ul>\n\n" + "<table>" + "<tr><td>x" * 200 + "</table>\n\n"
            + "[a] [b] " * 100 + "\n\n- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n")
    root = make_site({INI: INITIATIVE + "\n" + body})
    build_site(root)
    page = read_html(root / "output/initiatieven/reparatiecafe/index.html")
    assert len(page.select(".tekst li")) > 400 and page.select(".tekst hr")


def test_a_build_of_text_nested_beyond_reason_prints_no_traceback(make_site):
    root = make_site({INI: INITIATIVE + "\n" + "- " * 3000 + "x\n"})
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                            timeout=120, check=False)
    printed = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in printed
    assert f"{INI}:{INITIATIVE.count(chr(10)) + 2}: fout: de tekst is hier te diep genest" in printed
