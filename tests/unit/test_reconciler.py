"""The shared reconciler: check, diff, create/adopt, read, update and delete of a dict-backed kind."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown

from callplan_provider.client import ApiError
from callplan_provider.resources.base import RECOVERY_ATTEMPTS, CallplanError, canonical, values_differ
from tests.unit.fake_kind import GadgetProvider

GOOD = {"name": "front", "extension": "200", "phone_number": "+1 415 555 0100", "tags": ["b", "a"]}
AS_STORED = {**GOOD, "tags": ["a", "b"]}  # the fake API sorts tags


def test_check_returns_normalised_inputs(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, GOOD)
    assert result.failures == []
    assert result.inputs == {
        "name": "front",
        "extension": "200",
        "phone_number": "+14155550100",
        "tags": ["b", "a"],
    }


def test_check_keeps_adopt_only_when_set(gadgets: GadgetProvider) -> None:
    """A property diff never compares is kept only off its default: the model fills it in again."""
    assert "adopt" not in gadgets.check({}, {**GOOD, "adopt": False}).inputs
    assert gadgets.check({}, {**GOOD, "adopt": True}).inputs["adopt"] is True


def test_check_keeps_the_name_and_leaves_out_the_program_size(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, {**GOOD, "__name": "front", "__program": 3}).inputs
    assert inputs["__name"] == "front" and "__program" not in inputs


def test_check_reports_one_failure_per_property(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, {**GOOD, "extension": "9x", "phone_number": "12", "colour": "red"})
    reasons = {f.property: f.reason for f in result.failures}
    assert sorted(reasons) == ["colour", "extension", "phone_number"]
    assert "2 to 6 digits" in reasons["extension"]
    assert "E.164" in reasons["phone_number"]
    assert "not a property" in reasons["colour"]


def test_check_missing_required_property_is_named(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, {"name": "front"})
    assert [(f.property, f.reason) for f in result.failures] == [("extension", "is required")]


def test_check_model_rule_blames_its_property(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, {**GOOD, "name": "reserved"})
    assert [(f.property, f.reason) for f in result.failures] == [
        ("name", "'reserved' is taken; pick another name")
    ]


def test_check_toll_free_number_is_refused(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, {**GOOD, "phone_number": "+18005550100"})
    assert [f.property for f in result.failures] == ["phone_number"]
    assert "toll-free" in result.failures[0].reason


def test_check_unknown_value_is_kept_and_not_validated(gadgets: GadgetProvider) -> None:
    unknown = Unknown()
    result = gadgets.check({}, {**GOOD, "extension": unknown})
    assert result.failures == []
    assert result.inputs["extension"] is unknown
    assert result.inputs["phone_number"] == "+14155550100"


def test_check_unknown_skips_model_rules_that_may_depend_on_it(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, {**GOOD, "name": "reserved", "tags": [Unknown()]})
    assert result.failures == []


def test_check_unknown_still_reports_known_bad_values(gadgets: GadgetProvider) -> None:
    result = gadgets.check({}, {**GOOD, "name": Unknown(), "extension": "911"})
    assert [f.property for f in result.failures] == ["extension"]


def test_check_ignores_the_provider_key(gadgets: GadgetProvider) -> None:
    assert gadgets.check({}, {**GOOD, "__provider": "x"}).failures == []


def test_diff_no_change_after_check(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    outs = {**inputs, "serial": "SN-1", "location_id": "loc-default", "__provider": "x"}
    assert gadgets.diff("g-1", outs, inputs).changes is False


def test_diff_missing_and_none_are_equal(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, {"name": "front", "extension": "200"}).inputs
    outs = {**inputs, "phone_number": None, "tags": []}
    assert gadgets.diff("g-1", outs, inputs).changes is False


def test_diff_set_like_lists_ignore_order(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    assert gadgets.diff("g-1", {**inputs, "tags": ["a", "b"]}, inputs).changes is False


def test_diff_reports_a_changed_field(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    result = gadgets.diff("g-1", {**inputs, "extension": "300"}, inputs)
    assert (result.changes, result.replaces) == (True, [])


def test_diff_unknown_new_value_is_a_change(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    assert gadgets.diff("g-1", inputs, {**inputs, "name": Unknown()}).changes is True


def test_diff_unknown_replace_field_replaces(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    result = gadgets.diff("g-1", {**inputs, "location_id": "loc-1"}, {**inputs, "location_id": Unknown()})
    assert result.replaces == ["location_id"]


def test_diff_absent_server_default_is_no_change(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    assert gadgets.diff("g-1", {**inputs, "location_id": "loc-default"}, inputs).changes is False


def test_diff_changed_replace_field_replaces(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, {**GOOD, "location_id": "loc-2"}).inputs
    result = gadgets.diff("g-1", {**inputs, "location_id": "loc-1"}, inputs)
    assert (result.changes, result.replaces) == (True, ["location_id"])


def test_diff_ignores_unmanaged_inputs(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    assert gadgets.diff("g-1", {**inputs, "adopt": True}, inputs).changes is False


def test_create_outputs_echo_inputs_and_computed(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    result = gadgets.create(inputs)
    assert result.id == "g-1"
    assert result.outs == {**inputs, "serial": "SN-g-1", "location_id": "loc-default"}


def test_create_outputs_name_a_server_default_the_program_gave(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, {**GOOD, "location_id": "loc-2", "__name": "front", "__program": 3}).inputs
    outs = gadgets.create(inputs).outs
    assert outs == {**inputs, "serial": "SN-g-1", "__given": ["location_id"]}  # for read


def test_create_clash_without_adopt_names_adopt_and_the_differences(gadgets: GadgetProvider) -> None:
    gadgets.create(gadgets.check({}, {**GOOD, "extension": "300"}).inputs)
    with pytest.raises(CallplanError, match=r"differs from the program in extension\. Set adopt=True"):
        gadgets.create(gadgets.check({}, GOOD).inputs)


def test_create_takes_over_an_object_equal_to_the_program(gadgets: GadgetProvider) -> None:
    """A lost reply whose look-up failed too left the object behind: the next `pulumi up` takes it."""
    inputs = gadgets.check({}, GOOD).inputs
    made = gadgets.create(inputs)
    again = gadgets.create(inputs)
    assert (again.id, len(GadgetProvider.store)) == (made.id, 1)
    assert gadgets.diff(again.id, again.outs, inputs).changes is False


def test_create_takes_over_whatever_the_server_defaults(gadgets: GadgetProvider) -> None:
    gadgets.create(gadgets.check({}, {**GOOD, "location_id": "loc-9"}).inputs)
    again = gadgets.create(gadgets.check({}, GOOD).inputs)  # location left to the default
    assert (again.id, again.outs["location_id"]) == ("g-1", "loc-9")


def test_create_takes_over_with_the_declared_fields_only(
    gadgets: GadgetProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(GadgetProvider, "takeover_fields", ("name", "extension"))
    gadgets.create(gadgets.check({}, {**GOOD, "tags": ["x"]}).inputs)
    again = gadgets.create(gadgets.check({}, GOOD).inputs)
    assert again.outs["tags"] == ["x"]  # the live value: the next preview shows the difference
    assert len(GadgetProvider.store) == 1


def test_create_with_adopt_takes_over_without_writing(gadgets: GadgetProvider) -> None:
    gadgets.create(gadgets.check({}, {**GOOD, "extension": "300"}).inputs)
    inputs = gadgets.check({}, {**GOOD, "adopt": True}).inputs
    result = gadgets.create(inputs)
    assert (result.id, result.outs["extension"], len(GadgetProvider.store)) == ("g-1", "300", 1)
    assert gadgets.diff(result.id, result.outs, inputs).changes is True


def test_create_after_lost_reply_finds_the_object_instead_of_failing(gadgets: GadgetProvider) -> None:
    GadgetProvider.fail_create_with = ApiError(None, "no reply (ConnectionError)")
    GadgetProvider.created_anyway = True
    result = gadgets.create(gadgets.check({}, GOOD).inputs)
    assert (result.id, list(GadgetProvider.store)) == ("g-lost", ["g-lost"])


def test_create_after_lost_reply_retries_a_failing_look_up(gadgets: GadgetProvider) -> None:
    GadgetProvider.fail_create_with = ApiError(None, "no reply (ConnectionError)")
    GadgetProvider.created_anyway = True
    GadgetProvider.lookup_errors_after_create = [ApiError(503, "busy"), ApiError(None, "no reply")]
    result = gadgets.create(gadgets.check({}, GOOD).inputs)
    assert (result.id, list(GadgetProvider.store)) == ("g-lost", ["g-lost"])


def test_create_after_lost_reply_whose_look_up_keeps_failing_says_the_next_up_converges(
    gadgets: GadgetProvider,
) -> None:
    GadgetProvider.fail_create_with = ApiError(502, "Bad Gateway")
    GadgetProvider.created_anyway = True
    GadgetProvider.lookup_errors_after_create = [ApiError(500, "look-up broken")] * RECOVERY_ATTEMPTS
    inputs = gadgets.check({}, GOOD).inputs
    with pytest.raises(CallplanError) as failed:
        gadgets.create(inputs)
    assert "502: Bad Gateway" in str(failed.value) and "look-up broken" in str(failed.value)
    assert "Run `pulumi up` again" in str(failed.value)
    GadgetProvider.fail_create_with = None
    GadgetProvider.lookup_errors_after_create = []
    again = gadgets.create(inputs)  # the next `pulumi up`: takes over what the first one made
    assert (again.id, list(GadgetProvider.store)) == ("g-lost", ["g-lost"])


def test_create_after_lost_reply_does_not_retry_a_look_up_refused_for_good(gadgets: GadgetProvider) -> None:
    GadgetProvider.fail_create_with = ApiError(None, "no reply")
    GadgetProvider.created_anyway = True
    GadgetProvider.lookup_errors_after_create = [ApiError(403, "forbidden"), ApiError(503, "unused")]
    with pytest.raises(CallplanError, match="forbidden"):
        gadgets.create(gadgets.check({}, GOOD).inputs)
    assert len(GadgetProvider._failing_finds) == 1


def test_create_after_lost_reply_and_no_object_reports_the_error(gadgets: GadgetProvider) -> None:
    GadgetProvider.fail_create_with = ApiError(502, "Bad Gateway", tracking_id="T-1")
    with pytest.raises(CallplanError, match=r"502.*trackingId T-1"):
        gadgets.create(gadgets.check({}, GOOD).inputs)


def test_create_refused_by_the_api_is_not_looked_up(gadgets: GadgetProvider) -> None:
    GadgetProvider.fail_create_with = ApiError(409, "Extension in use", code=9495)
    GadgetProvider.created_anyway = True
    with pytest.raises(CallplanError, match=r"409: Extension in use"):
        gadgets.create(gadgets.check({}, GOOD).inputs)


def test_read_missing_object_is_gone(gadgets: GadgetProvider) -> None:
    result = gadgets.read("g-9", {"name": "front"})
    assert (result.id, result.outs) == (None, {})


def test_read_drift_shows_in_outputs_and_inputs(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    created = gadgets.create(inputs)
    GadgetProvider.store[created.id]["extension"] = "333"
    result = gadgets.read(created.id, {**created.outs, "__provider": "x"})
    assert result.outs["extension"] == "333"
    assert result.inputs is not None
    assert result.inputs["extension"] == "333"
    assert "serial" not in result.inputs and "__provider" not in result.inputs
    assert gadgets.diff(created.id, result.outs, inputs).changes is True


def test_read_inputs_equal_the_checked_inputs_when_nothing_drifted(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, AS_STORED).inputs
    created = gadgets.create(inputs)
    result = gadgets.read(created.id, {**created.outs, "__provider": "x"})
    assert result.inputs == inputs  # so refresh shows nothing: no `+location_id`


def test_read_inputs_keep_the_hidden_inputs_as_check_passes_them(gadgets: GadgetProvider) -> None:
    """Without drift, the refreshed inputs are those the program's check gives, hidden ones too:
    otherwise the engine rewrites the whole state for every same step after a refresh."""
    inputs = gadgets.check({}, {**AS_STORED, "__name": "front", "__program": 3}).inputs
    assert inputs["__name"] == "front"
    created = gadgets.create(inputs)
    result = gadgets.read(created.id, {**created.outs, "__provider": "x"})
    assert result.inputs == inputs
    older = {**created.outs, "__program": 2}  # state whose inputs held the program's size then
    assert gadgets.read(created.id, older).inputs == inputs


def test_check_keeps_the_program_size_out_of_the_inputs(gadgets: GadgetProvider) -> None:
    """The same resource in a program that grew has the same inputs: the engine writes no state for it."""
    small = gadgets.check({}, {**AS_STORED, "__name": "front", "__program": 3}).inputs
    grown = gadgets.check(small, {**AS_STORED, "__name": "front", "__program": 40}).inputs
    assert "__program" not in small and small == grown


def test_read_inputs_leave_out_a_server_default_the_program_left_out(gadgets: GadgetProvider) -> None:
    created = gadgets.create(gadgets.check({}, GOOD).inputs)
    GadgetProvider.store[created.id]["location_id"] = "loc-moved"
    result = gadgets.read(created.id, created.outs)
    assert result.outs["location_id"] == "loc-moved"
    assert result.inputs is not None and "location_id" not in result.inputs


def test_read_inputs_show_drift_of_a_server_default_the_program_set(gadgets: GadgetProvider) -> None:
    created = gadgets.create(gadgets.check({}, {**GOOD, "location_id": "loc-2"}).inputs)
    GadgetProvider.store[created.id]["location_id"] = "loc-3"
    result = gadgets.read(created.id, created.outs)
    assert result.inputs is not None and result.inputs["location_id"] == "loc-3"


def test_read_inputs_show_a_managed_field_set_out_of_band(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, {"name": "front", "extension": "200"}).inputs
    created = gadgets.create(inputs)
    GadgetProvider.store[created.id]["phone_number"] = "+14155550199"
    result = gadgets.read(created.id, created.outs)
    assert result.inputs is not None and result.inputs["phone_number"] == "+14155550199"
    assert gadgets.diff(created.id, result.outs, inputs).changes is True


def test_read_inputs_keep_the_record_of_given_properties_across_refreshes(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, AS_STORED).inputs
    created = gadgets.create(inputs)
    first = gadgets.read(created.id, created.outs)
    second = gadgets.read(created.id, first.outs)
    assert second.inputs == inputs


def test_read_inputs_of_state_listing_the_given_properties(gadgets: GadgetProvider) -> None:
    """Outputs written with `__inputs` (and `__program`, `adopt: false`): the list is taken at its
    word, less a default today's check does not keep (`adopt: false`), so refresh records the inputs
    check gives; refresh writes the outputs without the list."""
    inputs = gadgets.check({}, {**AS_STORED, "location_id": "loc-2"}).inputs
    created = gadgets.create(inputs)
    listed = {**inputs, "adopt": False}
    outs = {**created.outs, "adopt": False, "__program": 3, "__inputs": sorted(listed)}
    del outs["__given"]
    read = gadgets.read(created.id, outs)
    assert read.inputs == inputs
    assert read.outs is not None and "__inputs" not in read.outs and "__program" not in read.outs
    assert read.outs["__given"] == ["location_id"] and "adopt" not in read.outs
    assert gadgets.read(created.id, read.outs).inputs == inputs


def test_read_inputs_of_older_state_count_server_defaults_as_left_out(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, {**AS_STORED, "location_id": "loc-2"}).inputs
    created = gadgets.create(inputs)
    older = {k: v for k, v in created.outs.items() if k != "__given"}  # written before any record
    assert gadgets.read(created.id, older).inputs == {k: v for k, v in inputs.items() if k != "location_id"}


def test_update_outputs_echo_the_new_inputs(gadgets: GadgetProvider) -> None:
    inputs = gadgets.check({}, GOOD).inputs
    created = gadgets.create(inputs)
    news = gadgets.check({}, {**GOOD, "extension": "444"}).inputs
    outs = gadgets.update(created.id, created.outs, news).outs
    assert outs is not None
    assert (outs["extension"], outs["serial"]) == ("444", "SN-g-1")


def test_delete_tolerates_an_object_already_gone(gadgets: GadgetProvider) -> None:
    gadgets.delete("g-404", {"name": "front"})


def test_create_with_invalid_inputs_fails_readably(gadgets: GadgetProvider) -> None:
    with pytest.raises(CallplanError, match=r"extension"):
        gadgets.create({"name": "front", "extension": "x"})


def test_values_differ_treats_none_and_empty_as_absent() -> None:
    assert not values_differ(None, [])
    assert not values_differ({"a": None}, {})
    assert values_differ("a", None)


def test_canonical_drops_none_in_nested_mappings() -> None:
    assert canonical({"a": {"b": None, "c": 1}}) == {"a": {"c": 1}}
