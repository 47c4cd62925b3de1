"""The field reference and JSON Schemas in docs/ match the validator, and accept the sample content."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.content import schema
from generator.content.sources import split_front_matter

REPO = Path(__file__).resolve().parent.parent


def test_docs_are_generated_from_the_schema_table():
    for name in schema.SCHEMAS:
        committed = json.loads((REPO / f"docs/schema/{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema.json_schema(name), f"run: wijksite schema docs/schema ({name})"
    assert (REPO / "docs/velden.md").read_text(encoding="utf-8") == schema.markdown_reference() + "\n"


def as_json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


SAMPLES = sorted((REPO / "content").rglob("*.md"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_sample_content_is_valid_for_editors_schema(path):
    kind = {"initiatieven": "initiatief", "verhalen": "verhaal", "paginas": "pagina"}[
        path.relative_to(REPO / "content").parts[0]
    ]
    doc, _, _, problems = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert doc is not None and not problems
    jsonschema.validate(as_json(doc.data), schema.json_schema(kind))


def test_site_yaml_is_valid_for_editors_schema():
    data = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(as_json(data), schema.json_schema("site"))


def test_schema_rejects_what_wijksite_rejects():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"titel": "x", "samenvatting": "y", "wijk": "Kinderdijk", "status": "bezig"},
            schema.json_schema("initiatief"),
        )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"titel": "x", "fotos": [{"bestand": "a.jpg"}]}, schema.json_schema("verhaal"))
