"""Webex's published OpenAPI documents as validators of the sandbox's replies and the client's requests.

The documents are copies of `tests/reference/webex-openapi/*.yml` (OpenAPI 3.0; see that folder's
README). `WebexReference` loads them, corrects the documents' own known faults (`DOCUMENT_FAULTS`:
each fault the README lists, plus one the document's own example shows; never a difference of the
sandbox, which the conformance test lists apart), resolves `$ref`s through
a `referencing` registry holding each whole document, and checks JSON bodies with
openapi-schema-validator (`nullable` honoured; properties the document does not name are allowed).

    reference = WebexReference()
    operation = reference.operation("GET", "/people/{personId}")
    problems = reference.check(operation, exchange)      # [] when the exchange conforms
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference" / "webex-openapi"
METHODS = ("get", "put", "post", "delete", "patch")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Exchange:
    """One request and its reply, as recorded on the wire (`path` without the `/v1` prefix)."""

    method: str
    path: str
    status: int
    request_body: Any = None
    response_body: Any = None
    probe: bool = False  # a deliberately bad request: its body is not held to the document

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"


@dataclass(frozen=True)
class DocumentedOperation:
    document: str
    method: str
    path: str  # the document's template, e.g. /people/{personId}
    spec: dict[str, Any] = field(repr=False, compare=False, hash=False)

    @property
    def pointer(self) -> str:
        return f"#/paths/{_escape(self.path)}/{self.method.lower()}"


# --- the documents' own faults (listed in the README of the reference folder) ---------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _key_configurations_are_arrays(document: dict[str, Any]) -> int:
    fixed = 0
    for node in _walk(document):
        props = node.get("properties")
        if isinstance(props, dict) and "keyConfigurations" in props:
            schema = props["keyConfigurations"]
            if schema.get("type") != "array":
                description = schema.get("description")
                item = {k: v for k, v in schema.items() if k != "description"}
                props["keyConfigurations"] = {"type": "array", "items": item, "description": description}
                fixed += 1
    return fixed


def _people_flags_are_booleans(document: dict[str, Any]) -> int:
    fixed = 0
    for node in _walk(document):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name in ("invitePending", "loginEnabled"):
            schema = props.get(name)
            if isinstance(schema, dict) and schema.get("type") == "string":
                props[name] = {"type": "boolean", "description": schema.get("description", "")}
                fixed += 1
    return fixed


def _validated_numbers_are_phone_numbers(document: dict[str, Any]) -> int:
    schemas = document["components"]["schemas"]
    response, number = schemas["ValidateNumbersResponse"], schemas["Number"]
    response["properties"]["phoneNumbers"] = response["properties"].pop("numbers")
    response["required"] = ["status", "phoneNumbers"]
    number["properties"]["phoneNumber"] = number["properties"].pop("number")
    number["required"] = [r if r != "number" else "phoneNumber" for r in number["required"]]
    return 2


def _main_number_may_be_null(document: dict[str, Any]) -> int:
    schemas = document["components"]["schemas"]
    for name in ("ListLocationObject", "GetTelephonyLocationObject"):
        line = schemas[name]["properties"]["callingLineId"]["properties"]
        line["phoneNumber"]["nullable"] = True
    return 2


def _schedule_fields_are_optional(document: dict[str, Any]) -> int:
    schemas = document["components"]["schemas"]
    schemas["RecurWeeklyObject"].pop("required")
    event = schemas["ModifyScheduleEventListObject"]
    event["required"] = [r for r in event["required"] if r != "newName"]
    return 2


@dataclass(frozen=True)
class DocumentFault:
    document: str
    fault: str
    correct: Callable[[dict[str, Any]], int]  # returns how many places it corrected (must be > 0)


DOCUMENT_FAULTS = (
    DocumentFault(
        "features-auto-attendant.yml",
        "keyConfigurations is typed object; every example and the live API use an array of keys",
        _key_configurations_are_arrays,
    ),
    DocumentFault(
        "people.yml",
        "invitePending and loginEnabled are typed as the strings 'true'/'false'; live clients read booleans",
        _people_flags_are_booleans,
    ),
    DocumentFault(
        "numbers.yml",
        "validateNumbers says numbers[].number; the live API answers phoneNumbers[].phoneNumber",
        _validated_numbers_are_phone_numbers,
    ),
    DocumentFault(
        "location-call-settings.yml",
        "callingLineId.phoneNumber is typed as a string, yet the document's own list example (and the "
        "live API) sends null for a location without a main number",
        _main_number_may_be_null,
    ),
    DocumentFault(
        "location-call-settings-schedules.yml",
        "recurWeekly requires only sunday and PUT requires newName on every event: both optional",
        _schedule_fields_are_optional,
    ),
)


# --- the reference -------------------------------------------------------------------------------


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def template_pattern(template: str) -> re.Pattern[str]:
    """`/people/{personId}` → a regex matching `/people/<one segment>`."""
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")


def shape(template: str) -> str:
    """A template with its parameter names dropped: `/people/{personId}` → `/people/{}`."""
    return re.sub(r"\{[^}]+\}", "{}", template)


class WebexReference:
    def __init__(self, directory: Path = REFERENCE_DIR) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        for path in sorted(directory.glob("*.yml")):
            self.documents[path.name] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        for fault in DOCUMENT_FAULTS:
            corrected = fault.correct(self.documents[fault.document])
            assert corrected, f"{fault.document}: the known fault is gone, drop it: {fault.fault}"
        self.registry: Registry[Any] = Registry().with_resources(
            (_uri(name), Resource.from_contents(doc, default_specification=DRAFT4))
            for name, doc in self.documents.items()
        )
        self._operations = {
            (method.upper(), shape(path)): DocumentedOperation(name, method.upper(), path, spec)
            for name, doc in self.documents.items()
            for path, item in doc["paths"].items()
            for method, spec in item.items()
            if method in METHODS
        }

    def operation(self, method: str, template: str) -> DocumentedOperation | None:
        return self._operations.get((method.upper(), shape(template)))

    def has_query_parameter(self, method: str, template: str, name: str) -> bool:
        """Whether the document of that operation lists the query parameter `name`."""
        documented = self.operation(method, template)
        parameters = documented.spec.get("parameters", []) if documented else []
        return any(p.get("in") == "query" and p.get("name") == name for p in parameters)

    def check(self, operation: DocumentedOperation, exchange: Exchange) -> list[str]:
        """What in `exchange` the document does not allow (status, reply body, request body)."""
        problems = self._check_request(operation, exchange)
        responses = operation.spec.get("responses", {})
        documented = responses.get(str(exchange.status)) or responses.get("default")
        if documented is None:
            return [
                *problems,
                f"status {exchange.status} is not documented (documented: {', '.join(responses)})",
            ]
        media = (documented.get("content") or {}).get("application/json")
        if media is None or "schema" not in media:
            if exchange.response_body not in (None, "") and exchange.status < 400:
                problems.append("a reply body where the document has none")
            return problems
        pointer = f"{operation.pointer}/responses/{exchange.status}/content/application~1json/schema"
        problems += self._errors(
            operation.document, pointer, exchange.response_body, OAS30ReadValidator, "reply"
        )
        return problems

    def documented_error_codes(self, operation: DocumentedOperation, status: int) -> set[int]:
        """The `errorCode`s the document's examples give for that status (empty: no list)."""
        documented = operation.spec.get("responses", {}).get(str(status)) or {}
        media = (documented.get("content") or {}).get("application/json") or {}
        examples = [e.get("value") for e in (media.get("examples") or {}).values()]
        if "example" in media:
            examples.append(media["example"])
        return {
            item["errorCode"]
            for example in examples
            if isinstance(example, dict)
            for item in example.get("errors", [])
            if isinstance(item, dict) and "errorCode" in item
        }

    def _check_request(self, operation: DocumentedOperation, exchange: Exchange) -> list[str]:
        if exchange.request_body is None or exchange.probe:
            return []
        media = (operation.spec.get("requestBody") or {}).get("content", {}).get("application/json")
        if media is None or "schema" not in media:
            return ["a request body where the document has none"]
        pointer = f"{operation.pointer}/requestBody/content/application~1json/schema"
        return self._errors(
            operation.document, pointer, exchange.request_body, OAS30WriteValidator, "request"
        )

    def _errors(self, document: str, pointer: str, body: Any, validator_class: Any, what: str) -> list[str]:
        validator = _validator(self, validator_class, document, pointer)
        return [
            f"{what} {error.json_path}: {error.message}"
            for error in sorted(validator.iter_errors(body), key=lambda e: e.json_path)
            if isinstance(error, ValidationError)
        ]


@cache
def _validator(reference: WebexReference, validator_class: Any, document: str, pointer: str) -> Any:
    return validator_class(
        {"$ref": _uri(document) + pointer}, registry=reference.registry, format_checker=oas30_format_checker
    )


def _uri(document: str) -> str:
    return f"urn:webex-openapi:{document}"
