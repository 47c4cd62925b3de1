"""The installed package carries its default theme: a wheel builds a site with no checkout around it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import read_html

REPO = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_theme_and_builds_a_site_without_the_checkout(tmp_path, make_site):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(REPO)], check=True, timeout=300, capture_output=True)
    [wheel] = wheels.glob("wijksite-*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(installed)
    assert "generator/themes/standaard/templates/base.html" in names
    assert "generator/themes/standaard/static/css/site.css" in names
    assert "generator/themes/standaard/berichten/nl.yaml" in names

    root = make_site()
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "import generator.options as o; print(o.default_theme_dir())"],
                           cwd=root, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(installed)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert read_html(root / "output/verhalen/molens/index.html").h1.get_text() == "Schaatsen bij de molens"
    assert (root / "output/static/css/site.css").is_file()
