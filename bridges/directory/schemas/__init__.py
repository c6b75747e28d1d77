"""Validate API output against the Open Referral UK 3.0 JSON schemas copied here (see
SOURCE.md). The schemas refer to each other by file name; a registry resolves them locally."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent
BASE = "https://schemas.bridges.invalid/oruk-3.0/"

PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}


@cache
def registry() -> Registry:
    resources = []
    for path in HERE.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + path.name, Resource(contents, specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one object ("service", "organization", …) or "page:<object>"."""
    if name.startswith("page:"):
        schema = {
            **PAGE,
            "properties": {
                **PAGE["properties"],
                "contents": {
                    "type": "array",
                    "items": {"$ref": BASE + name.removeprefix("page:") + ".json"},
                },
            },
        }
    else:
        schema = {"$ref": BASE + name + ".json"}
    return Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(name: str, instance) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(instance)
    ]
