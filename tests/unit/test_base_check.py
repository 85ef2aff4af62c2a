"""The base check with unknowns (preview): everything known is validated, only errors about an unknown go."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pulumi.output import Unknown
from pydantic import BeforeValidator, model_validator

from callplan_provider.numbering import ExtensionDigits, PlanNumber
from callplan_provider.resources.base import ArgsModel, FieldProblem, UnknownInside, check_inputs


class Line(ArgsModel):
    extension: ExtensionDigits
    phone_number: PlanNumber | None = None
    label: str = "line"

    @model_validator(mode="after")
    def _labelled(self) -> Line:
        if self.label == "reserved":
            raise ValueError("label 'reserved' is taken")
        return self


def _codes(value: Any) -> Any:
    """A container validator: judges the known codes, waits for the unknown ones."""
    if not isinstance(value, list):
        raise ValueError("give a list of codes")
    known = [code for code in value if not isinstance(code, Unknown)]
    if len(set(known)) < len(known):
        raise ValueError("a code is given twice")
    if len(known) < len(value):
        raise UnknownInside()
    return value


class Plan(ArgsModel):
    name: str
    lines: list[Line] = []
    by_key: dict[str, Line] = {}
    codes: Annotated[list[str], BeforeValidator(_codes)] = []
    adopt: bool = False

    @model_validator(mode="after")
    def _some_line(self) -> Plan:
        if not self.lines and not self.by_key:
            raise FieldProblem("lines", "give at least one line")
        return self


def failures(inputs: Mapping[str, Any]) -> dict[str, str]:
    return {f.property: f.reason for f in check_inputs(Plan, inputs)[1]}


def test_check_unknown_scalar_fails_nothing() -> None:
    assert failures({"name": Unknown(), "lines": [{"extension": Unknown()}]}) == {}


def test_check_reports_a_bad_item_next_to_an_unknown_one() -> None:
    reasons = failures({"name": "hq", "lines": [{"extension": Unknown()}, {"extension": "911"}]})
    assert list(reasons) == ["lines"]
    assert reasons["lines"].startswith("lines[1].extension: ") and "emergency" in reasons["lines"]


def test_check_reports_a_bad_sibling_of_an_unknown_in_the_same_item() -> None:
    reasons = failures({"name": "hq", "lines": [{"extension": Unknown(), "phone_number": "+18005550100"}]})
    assert "toll-free" in reasons["lines"]


def test_check_reports_a_bad_mapping_entry_next_to_an_unknown_one() -> None:
    by_key = {"a": Unknown(), "b": {"extension": "12a"}}
    assert "by_key.b.extension" in failures({"name": "hq", "by_key": by_key})["by_key"]


def test_check_reports_a_known_bad_property_next_to_an_unknown_one() -> None:
    assert list(failures({"name": Unknown(), "lines": [{"extension": "1"}]})) == ["lines"]


def test_check_skips_the_rule_of_a_model_with_an_unknown_inside() -> None:
    # the rules of a model run once its fields are valid, so not while one is unknown
    lines = [{"extension": Unknown(), "label": "reserved"}]
    assert failures({"name": "hq", "lines": lines}) == {}


def test_check_runs_the_rule_of_a_known_model_next_to_an_unknown() -> None:
    lines = [{"extension": Unknown()}, {"extension": "201", "label": "reserved"}]
    assert "taken" in failures({"name": "hq", "lines": lines})["lines"]


def test_check_reports_a_misspelt_property_whatever_its_value() -> None:
    assert "not a property" in failures({"name": "hq", "lines": [], "colour": Unknown()})["colour"]


def test_check_reports_a_container_of_the_wrong_type_holding_an_unknown() -> None:
    assert "lines" in failures({"name": "hq", "lines": {"first": Unknown()}})


def test_check_container_validator_still_judges_the_known_items() -> None:
    reasons = failures({"name": "hq", "lines": [{"extension": "201"}], "codes": ["a", "a", Unknown()]})
    assert reasons == {"codes": "a code is given twice"}


def test_check_container_validator_waiting_for_an_unknown_fails_nothing() -> None:
    assert failures({"name": "hq", "lines": [{"extension": "201"}], "codes": ["a", Unknown()]}) == {}


def test_check_with_unknowns_normalises_the_known_properties_and_keeps_the_others() -> None:
    unknown = Unknown()
    lines = [{"extension": unknown}]
    normalised, found = check_inputs(
        Plan, {"name": "hq", "lines": lines, "by_key": {"a": {"extension": " 201 "}}}
    )
    assert found == []
    assert normalised["lines"] is lines and normalised["lines"][0]["extension"] is unknown
    assert normalised["by_key"] == {"a": {"extension": "201", "label": "line"}}
    assert (normalised["adopt"], normalised["codes"]) == (False, [])  # defaults filled


def test_check_without_unknowns_still_runs_every_rule() -> None:
    assert failures({"name": "hq"}) == {"lines": "give at least one line"}
