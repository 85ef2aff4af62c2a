"""Extension: check, diff and the mapping of a person's calling line, without HTTP."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown

from callplan_provider.models.people import CallRecordingSetting, Person, PersonPhoneNumber
from callplan_provider.resources.extension import ExtensionProvider, _line, _recording_change, _with_line

LINE = {"user_id": "p1", "extension": " 201 ", "phone_number": "+1 (415) 555-0101"}
MAIN = "+14155550199"


def person(work: str | None = "+14155550101", extension: str | None = "201") -> Person:
    numbers = [PersonPhoneNumber(type="work", value=work, primary=True)] if work else []
    numbers.append(PersonPhoneNumber(type="mobile", value="+14155550777"))
    return Person(
        id="p1", emails=["a@example.com"], phone_numbers=numbers, extension=extension, location_id="L1"
    )


def test_check_normalises_extension_and_number() -> None:
    result = ExtensionProvider().check({}, LINE)
    assert result.failures == []
    assert result.inputs == {
        "user_id": "p1",
        "extension": "201",
        "phone_number": "+14155550101",
    }


def test_check_refuses_an_emergency_extension() -> None:
    result = ExtensionProvider().check({}, {**LINE, "extension": "911"})
    assert [f.property for f in result.failures] == ["extension"]
    assert "emergency" in result.failures[0].reason


def test_check_leaves_country_emergency_numbers_to_the_api() -> None:
    for extension in ("101", "100", "102", "108", "933"):
        result = ExtensionProvider().check({}, {**LINE, "extension": extension})
        assert (result.failures, result.inputs["extension"]) == ([], extension)


def test_check_refuses_a_toll_free_number() -> None:
    result = ExtensionProvider().check({}, {**LINE, "phone_number": "+1 888 555 0100"})
    assert [f.property for f in result.failures] == ["phone_number"]
    assert "toll-free" in result.failures[0].reason


def test_check_refuses_a_number_without_country_code() -> None:
    result = ExtensionProvider().check({}, {**LINE, "phone_number": "415 555 0101"})
    assert [f.property for f in result.failures] == ["phone_number"]


def test_check_refuses_an_empty_user_id() -> None:
    result = ExtensionProvider().check({}, {**LINE, "user_id": " "})
    assert [f.property for f in result.failures] == ["user_id"]


@pytest.mark.parametrize("extension", [201, 201.0])
def test_check_refuses_an_extension_given_as_a_number(extension: float) -> None:
    """Not turned into digits: a YAML `0201` arrives as 201, and the leading zero would be lost."""
    reasons = {
        f.property: f.reason for f in ExtensionProvider().check({}, {**LINE, "extension": extension}).failures
    }
    assert list(reasons) == ["extension"]
    assert "is a number: write it as a string, e.g. '201'" in reasons["extension"]


def test_check_refuses_a_phone_number_given_as_a_number() -> None:
    result = ExtensionProvider().check({}, {**LINE, "phone_number": 14155550101})
    assert [f.property for f in result.failures] == ["phone_number"]
    assert "write it as a string, e.g. '+14155550100'" in result.failures[0].reason


def test_check_refuses_an_extension_that_is_a_boolean() -> None:
    result = ExtensionProvider().check({}, {**LINE, "extension": True})
    assert [(f.property, f.reason) for f in result.failures] == [
        ("extension", "must be text: write it as a string in quotes")
    ]


def test_check_keeps_the_leading_zero_of_an_extension_written_as_text() -> None:
    assert ExtensionProvider().check({}, {**LINE, "extension": "0201"}).inputs["extension"] == "0201"


def test_check_unknown_user_id_at_preview_passes() -> None:
    unknown = Unknown()
    result = ExtensionProvider().check({}, {**LINE, "user_id": unknown})
    assert result.failures == []
    assert result.inputs["user_id"] is unknown
    assert result.inputs["phone_number"] == "+14155550101"


def test_diff_user_change_replaces_deleting_first() -> None:
    provider = ExtensionProvider()
    olds = {**provider.check({}, LINE).inputs, "location_id": "L1"}
    news = provider.check({}, {**LINE, "user_id": "p2"}).inputs
    result = provider.diff("p1", olds, news)
    assert (result.replaces, result.delete_before_replace) == (["user_id"], True)


def test_diff_unknown_user_replaces() -> None:
    provider = ExtensionProvider()
    olds = {**provider.check({}, LINE).inputs, "location_id": "L1"}
    result = provider.diff("p1", olds, {**olds, "user_id": Unknown()})
    assert result.replaces == ["user_id"]


def test_diff_default_location_left_out_is_no_change() -> None:
    provider = ExtensionProvider()
    inputs = provider.check({}, LINE).inputs
    assert provider.diff("p1", {**inputs, "location_id": "L1"}, inputs).changes is False


@pytest.mark.parametrize("recording", [True, False])
def test_diff_recording_left_out_is_no_change_whatever_it_was(recording: bool) -> None:
    """Left out, the line's recording is not managed: apply would write nothing."""
    provider = ExtensionProvider()
    inputs = provider.check({}, LINE).inputs
    olds = {**inputs, "location_id": "L1", "call_recording": recording}
    assert provider.diff("p1", olds, inputs).changes is False


def test_diff_recording_declared_is_compared() -> None:
    provider = ExtensionProvider()
    olds = {**provider.check({}, LINE).inputs, "location_id": "L1", "call_recording": False}
    news = provider.check({}, {**LINE, "call_recording": True}).inputs
    assert provider.diff("p1", olds, news).changes is True


def test_diff_recording_declared_where_it_was_left_out_is_an_update() -> None:
    """The state knows nothing of the recording: the update reads it and sets it."""
    provider = ExtensionProvider()
    olds = {**provider.check({}, LINE).inputs, "location_id": "L1"}
    news = provider.check({}, {**LINE, "call_recording": False}).inputs
    assert provider.diff("p1", olds, news).changes is True


def test_diff_removing_the_number_is_an_update() -> None:
    provider = ExtensionProvider()
    olds = {**provider.check({}, LINE).inputs, "location_id": "L1"}
    news = provider.check({}, {**LINE, "phone_number": None}).inputs
    result = provider.diff("p1", olds, news)
    assert (result.changes, result.replaces) == (True, [])


def test_line_reports_the_direct_number() -> None:
    assert _line(person(), MAIN, False) == {
        "user_id": "p1",
        "extension": "201",
        "phone_number": "+14155550101",
        "location_id": "L1",
        "call_recording": False,
    }


def test_line_ignores_the_main_number_routed_to_the_user() -> None:
    assert _line(person(work=MAIN), MAIN, False)["phone_number"] is None


def test_with_line_replaces_the_work_number_and_keeps_the_others() -> None:
    changed = _with_line(person(), "202", None)
    assert changed.extension == "202"
    assert [(p.type, p.value) for p in changed.phone_numbers] == [("mobile", "+14155550777")]


def test_recording_change_switching_on_from_never_records_always() -> None:
    current = CallRecordingSetting(enabled=False, record="Never")
    assert _recording_change(current, True) == CallRecordingSetting(enabled=True, record="Always")


def test_recording_change_switching_on_keeps_a_mode_chosen_elsewhere() -> None:
    current = CallRecordingSetting(enabled=False, record="Always with Pause/Resume")
    change = _recording_change(current, True)
    assert change == CallRecordingSetting(enabled=True, record="Always with Pause/Resume")


def test_recording_change_switching_off_sends_only_enabled() -> None:
    change = _recording_change(CallRecordingSetting(enabled=True, record="Always"), False)
    assert change is not None and change.to_wire() == {"enabled": False}


def test_recording_change_when_already_as_wanted_is_none() -> None:
    assert _recording_change(CallRecordingSetting(enabled=True, record="Always"), True) is None
    assert _recording_change(CallRecordingSetting(enabled=True, record="Never"), False) is None


def test_managed_fields_own_the_recording_flag() -> None:
    assert ExtensionProvider.managed_fields["call_recording"] == "callRecording.enabled"
