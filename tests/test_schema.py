"""The JSON Schema that ships for editors agrees with the loader's format table."""

import json
from importlib import resources

import jsonschema
import pytest

from dossier.library import format as fmt
from dossier.library.format import Value
from dossier.store.files import bundled_library_path
from dossier.store.yamlnodes import Mapping, Sequence, compose

from .support import FIXTURES

SCHEMA = json.loads(resources.files("dossier").joinpath("schema/dossier.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def as_json(node, key=None):
    """A file's nodes as an editor's YAML 1.2 reader would see them."""
    if isinstance(node, Mapping):
        return {k.value: as_json(v, k.value) for k, v in node.items}
    if isinstance(node, Sequence):
        return [as_json(item) for item in node.items]
    if key == "value" and node.plain and fmt.NUMBER_PATTERN.match(node.value):
        return float(node.value) if "." in node.value else int(node.value)
    return node.value


def load_json(path):
    root, problems = compose(path.read_text("utf-8"))
    assert problems == []
    return as_json(root)


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("kind", sorted(fmt.MAPPINGS))
def test_schema_keys_match_the_format_table(kind):
    keys = fmt.MAPPINGS[kind]
    definition = SCHEMA["$defs"][kind]
    assert set(definition["properties"]) == set(keys)
    assert set(definition["required"]) == {name for name, key in keys.items() if key.required}
    assert definition["additionalProperties"] is False
    for name, key in keys.items():
        prop = definition["properties"][name]
        if key.value not in (Value.LIST, Value.MAPPING):
            assert prop["$ref"] == f"#/$defs/{key.value.name.lower().replace('_', '-')}", name


def test_schema_enums_match_the_format():
    assert SCHEMA["$defs"]["status"]["enum"] == list(fmt.STATUSES)
    assert SCHEMA["$defs"]["bound"]["enum"] == list(fmt.BOUNDS)


def test_bundled_files_pass_the_schema():
    files = sorted(bundled_library_path().rglob("*.yaml"))
    assert len(files) == 7  # three sources, three dossiers, the glossary
    for path in files:
        errors = list(VALIDATOR.iter_errors(load_json(path)))
        assert errors == [], f"{path}: {errors[0].message if errors else ''}"


@pytest.mark.parametrize(
    "fixture",
    ["unknown-key", "missing-required", "wrong-types", "malformed-ids", "malformed-dates", "bad-status-and-bound"],
)
def test_structural_mistakes_fail_the_schema_too(fixture):
    assert not VALIDATOR.is_valid(load_json(FIXTURES / "invalid" / f"{fixture}.yaml"))
