"""Call recording: `GET|PUT /people/{personId}/features/callRecording`, over HTTP and through our client."""

from __future__ import annotations

import pytest

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.models.people import CallRecordingSetting, Person
from callplan_provider.sandbox.backend import OrgBackend
from callplan_provider.sandbox.backend.control import Control, PurchaseRequest
from callplan_provider.sandbox.bootstrap import create_activated_org
from callplan_provider.sandbox.store import Store
from tests.sandbox.helpers import assert_error, calling_license_id, create_calling_user, create_person


def _url(org, person_id):
    return f"{org.api_url}/people/{person_id}/features/callRecording"


def _remove_line(api, org, person_id):
    body = {"personId": person_id, "licenses": [{"id": calling_license_id(api, org), "operation": "remove"}]}
    assert api.patch(f"{org.api_url}/licenses/users", json=body).status_code == 200


def _mode(api, org, person_id):
    body = api.get(_url(org, person_id)).json()
    return {"enabled": body["enabled"], "record": body["record"]}


def test_get_call_recording_of_a_new_line_is_disabled_with_every_webex_field(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    response = api.get(_url(org, person["id"]))
    assert response.status_code == 200
    body = response.json()
    provider = {k: body.pop(k) for k in ("serviceProvider", "externalGroup", "externalIdentifier")}
    assert all(isinstance(value, str) and value for value in provider.values())
    assert body == {
        "enabled": False,
        "record": "Always",
        "recordVoicemailEnabled": False,
        "notification": {"type": "None", "enabled": False},
        "repeat": {"interval": 15, "enabled": False},
        "startStopAnnouncement": {"internalCallsEnabled": False, "pstnCallsEnabled": False},
    }


def test_update_call_recording_answers_204_and_is_read_back(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    response = api.put(_url(org, person["id"]), json={"enabled": True})
    assert (response.status_code, response.content) == (204, b"")
    assert _mode(api, org, person["id"]) == {"enabled": True, "record": "Always"}


def test_update_call_recording_partial_keeps_the_other_field(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    api.put(_url(org, person["id"]), json={"record": "On Demand with User Initiated Start"})
    api.put(_url(org, person["id"]), json={"enabled": True})
    assert _mode(api, org, person["id"]) == {"enabled": True, "record": "On Demand with User Initiated Start"}


def test_update_call_recording_partial_inside_the_options(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    change = {"notification": {"enabled": True, "type": "Beep"}, "repeat": {"interval": 30}}
    assert api.put(_url(org, person["id"]), json=change).status_code == 204
    body = api.get(_url(org, person["id"])).json()
    assert body["notification"] == {"type": "Beep", "enabled": True}
    assert body["repeat"] == {"interval": 30, "enabled": False}
    assert body["enabled"] is False


def test_update_call_recording_keeps_the_provider_identifiers(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    before = api.get(_url(org, person["id"])).json()["serviceProvider"]
    assert api.put(_url(org, person["id"]), json={"serviceProvider": "MINE"}).status_code == 204
    assert api.get(_url(org, person["id"])).json()["serviceProvider"] == before


@pytest.mark.parametrize("change", [{"record": "On Demand"}, {"notification": {"type": "Whistle"}}])
def test_update_call_recording_with_a_value_webex_does_not_list_is_refused(org, api, change):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    assert_error(api.put(_url(org, person["id"]), json=change), 400, 25008)


def test_update_call_recording_with_unknown_record_mode_is_refused(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    body = assert_error(
        api.put(_url(org, person["id"]), json={"enabled": True, "record": "Sometimes"}), 400, 25008
    )
    assert "record" in body["message"]
    assert api.get(_url(org, person["id"])).json()["enabled"] is False


def test_update_call_recording_with_unknown_field_is_refused(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    assert_error(api.put(_url(org, person["id"]), json={"enabled": True, "volume": 11}), 400, 25008)


def test_update_call_recording_enabling_on_a_standard_plan_is_refused(sandbox):
    org = create_activated_org(sandbox.url, tier="STANDARD")
    with org.session() as api:
        person = create_calling_user(api, org, "std@example.com", "2101")
        body = assert_error(api.put(_url(org, person["id"]), json={"enabled": True}), 400, 25402)
        assert "BUSINESS" in body["message"] and "STANDARD" in body["message"]
        assert api.get(_url(org, person["id"])).json()["enabled"] is False


def test_update_call_recording_disabling_on_a_standard_plan_is_accepted(sandbox):
    org = create_activated_org(sandbox.url, tier="STANDARD")
    with org.session() as api:
        person = create_calling_user(api, org, "std@example.com", "2101")
        assert api.put(_url(org, person["id"]), json={"enabled": False, "record": "Never"}).status_code == 204


def test_get_call_recording_without_calling_line_is_refused(org, api):
    person = create_person(api, org, "plain@example.com")
    assert_error(api.get(_url(org, person["id"])), 400, 25416)


def test_update_call_recording_without_calling_line_is_refused(org, api):
    person = create_person(api, org, "plain@example.com")
    assert_error(api.put(_url(org, person["id"]), json={"enabled": True}), 400, 25416)


def test_get_call_recording_of_unknown_person_is_not_found(org, api):
    assert_error(api.get(_url(org, "nobody")), 404, 4008)


def test_update_call_recording_with_read_only_token_is_forbidden(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    with org.session(read_only=True) as reader:
        assert reader.get(_url(org, person["id"])).status_code == 200
        assert_error(reader.put(_url(org, person["id"]), json={"enabled": True}), 403)


def test_update_call_recording_of_another_org_s_person_is_not_found(org, api, sandbox):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    other = create_activated_org(sandbox.url)
    with other.session() as intruder:
        assert_error(intruder.put(_url(other, person["id"]), json={"enabled": True}), 404)
    assert api.get(_url(org, person["id"])).json()["enabled"] is False


def test_remove_line_forgets_call_recording(org, api):
    person = create_calling_user(api, org, "rec@example.com", "2101")
    api.put(_url(org, person["id"]), json={"enabled": True})
    _remove_line(api, org, person["id"])
    assert_error(api.get(_url(org, person["id"])), 400, 25416)
    add_line = {
        "personId": person["id"],
        "licenses": [
            {
                "id": calling_license_id(api, org),
                "operation": "add",
                "properties": {"locationId": org.location_id, "extension": "2101"},
            }
        ],
    }
    assert api.patch(f"{org.api_url}/licenses/users", json=add_line).status_code == 200
    assert api.get(_url(org, person["id"])).json()["enabled"] is False


# --- our client ----------------------------------------------------------------------------


@pytest.fixture
def client(org) -> CallingPlanApi:
    return CallingPlanApi(org.api_url, org.admin_token)


def test_client_update_call_recording_then_get_reports_it(org, api, client):
    person = create_calling_user(api, org, "cli@example.com", "2102")
    client.people.update_call_recording(person["id"], CallRecordingSetting(enabled=True))
    setting = client.people.get_call_recording(person["id"])
    assert (setting.enabled, setting.record, setting.records_calls) == (True, "Always", True)


def test_client_get_call_recording_without_line_raises_api_error(client):
    person = client.people.create(Person(emails=["nol@example.com"], first_name="No", last_name="Line"))
    assert person.id is not None
    with pytest.raises(ApiError) as failed:
        client.people.get_call_recording(person.id)
    assert (failed.value.status, failed.value.code) == (400, 25416)


def test_records_calls_is_false_when_the_mode_is_never():
    assert CallRecordingSetting(enabled=True, record="Never").records_calls is False
    assert CallRecordingSetting(enabled=False, record="Always").records_calls is False
    assert CallRecordingSetting(enabled=True, record="Always with Pause/Resume").records_calls is True


# --- the backend, without HTTP -------------------------------------------------------------


@pytest.fixture
def backend():
    store = Store(":memory:")
    control = Control(store)
    purchase = control.create_org(PurchaseRequest(licenses=2))
    yield OrgBackend(store, purchase.org_id, control.now), purchase.location_id
    store.close()


def test_delete_person_forgets_call_recording(backend):
    people, location_id = backend
    license_id = people.calling_license_id()
    body = Person(
        emails=["del@example.com"],
        display_name="Del",
        licenses=[license_id],
        location_id=location_id,
        extension="2201",
    )
    person = people.create_person(body, calling_data=True)
    assert person.id is not None
    people.update_call_recording(person.id, CallRecordingSetting(enabled=True))
    people.delete_person(person.id)
    assert people.store.get(people.org_id, "call_recording", person.id) is None
