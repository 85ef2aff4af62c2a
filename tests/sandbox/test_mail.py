"""The mail an organisation receives (`/_sandbox/mail`), invitations and activation."""

from __future__ import annotations

from typing import Any

import requests

from callplan_provider.sandbox.bootstrap import create_activated_org
from tests.sandbox.helpers import assert_error, create_person


def mail(sandbox, **params: str) -> list[dict[str, Any]]:
    response = requests.get(f"{sandbox.url}/_sandbox/mail", params=params, timeout=10)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def person(api: requests.Session, org, person_id: str) -> dict[str, Any]:
    body: dict[str, Any] = api.get(f"{org.api_url}/people/{person_id}").json()
    return body


def test_purchase_mails_the_activation_code_to_the_buyer(sandbox):
    org = create_activated_org(sandbox.url, owner_email="buyer@example.com")
    (message,) = mail(sandbox, to="buyer@example.com", orgId=org.org_id)
    assert message["topic"] == "activation"
    assert org.activation_code in message["body"]


def test_activation_makes_the_account_owner_active(org, api):
    owner = person(api, org, org.owner_id)
    assert (owner["invitePending"], owner["status"]) == (False, "active")


def test_create_person_mails_an_invitation_with_its_links(org, api, sandbox):
    created = create_person(api, org, "invited@example.com")
    (message,) = mail(sandbox, to="INVITED@example.com", orgId=org.org_id)
    assert (message["topic"], message["orgId"]) == ("invitation", org.org_id)
    assert message["personId"] == created["id"]
    assert message["links"]["acceptInvitation"] == f"/_sandbox/invitations/{message['id']}/accept"
    assert message["links"]["downloadApp"].startswith("https://")
    assert created["invitePending"] is True


def test_accept_invitation_makes_the_person_active(org, api, sandbox):
    created = create_person(api, org, "accepts@example.com")
    (message,) = mail(sandbox, to="accepts@example.com", orgId=org.org_id)
    response = requests.post(sandbox.url + message["links"]["acceptInvitation"], timeout=10)
    assert response.status_code == 204, response.text
    after = person(api, org, created["id"])
    assert (after["invitePending"], after["status"]) == (False, "active")


def test_accept_invitation_twice_changes_nothing(org, api, sandbox):
    created = create_person(api, org, "twice@example.com")
    (message,) = mail(sandbox, to="twice@example.com", orgId=org.org_id)
    link = sandbox.url + message["links"]["acceptInvitation"]
    requests.post(link, timeout=10).raise_for_status()
    modified = person(api, org, created["id"])["lastModified"]
    assert requests.post(link, timeout=10).status_code == 204
    assert person(api, org, created["id"])["lastModified"] == modified


def test_accept_unknown_invitation_404(sandbox):
    assert_error(requests.post(f"{sandbox.url}/_sandbox/invitations/nope/accept", timeout=10), 404, 25447)


def test_accept_invitation_of_a_deleted_person_404(org, api, sandbox):
    created = create_person(api, org, "gone@example.com")
    api.delete(f"{org.api_url}/people/{created['id']}").raise_for_status()
    (message,) = mail(sandbox, to="gone@example.com", orgId=org.org_id)
    assert_error(requests.post(sandbox.url + message["links"]["acceptInvitation"], timeout=10), 404)


def test_mail_of_a_refused_request_is_not_kept(org, api, sandbox):
    create_person(api, org, "once@example.com")
    response = api.post(f"{org.api_url}/people", json={"emails": ["once@example.com"], "firstName": "Again"})
    assert response.status_code == 409
    assert len(mail(sandbox, to="once@example.com", orgId=org.org_id)) == 1


def test_mail_filters_by_organisation(org, sandbox):
    other = create_activated_org(sandbox.url)
    assert {m["orgId"] for m in mail(sandbox, orgId=other.org_id)} == {other.org_id}
