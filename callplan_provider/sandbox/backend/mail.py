"""The mail an organisation would receive, kept in the sandbox's mailbox (`/_sandbox/mail`).

What is sent, and to whom:
- `activation`: the 6-digit activation code, to the buyer (the account owner), at purchase;
- `invitation`: to each person created (not the account owner, who activates instead), with the
  link that accepts the invitation (`links.acceptInvitation`: `POST` it to the sandbox) and the
  link to download the Webex app (`links.downloadApp`);
- `port_order`: to the account owner, each time a port order changes status (submitted, in
  review, FOC date confirmed, completed, exception with its reason, cancelled).
Messages are stored across organisations (kind `mail` of the global store, each with its
`orgId`) so one mailbox serves every organisation; `POST /_sandbox/reset` empties it. Accepting an
invitation makes the person active (`invitePending: false`, `status: active`); accepting again
changes nothing. Mail never holds a token, a PIN or a document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel
from callplan_provider.models.port_orders import PortOrder
from callplan_provider.sandbox.backend.base import BackendBase
from callplan_provider.sandbox.ids import iso_z, webex_id
from callplan_provider.sandbox.store import GLOBAL, Store

KIND_MAIL = "mail"
DOWNLOAD_APP_URL = "https://www.webex.com/downloads.html"
MailTopic = Literal["activation", "invitation", "port_order"]


class Mail(ApiModel):
    id: str
    org_id: str
    to: str
    subject: str
    body: str
    topic: MailTopic
    sent_at: str
    links: dict[str, str] = Field(default_factory=dict)
    person_id: str | None = None  # the invited person (topic `invitation`)


class MailList(ApiModel):
    items: list[Mail] = Field(default_factory=list)


def accept_link(mail_id: str) -> str:
    return f"/_sandbox/invitations/{mail_id}/accept"


def mailbox(store: Store, *, to: str | None = None, org_id: str | None = None) -> list[Mail]:
    """Every message sent so far, oldest first; `to` matches the address case-insensitively."""
    found = [Mail.model_validate(body) for body in store.list(GLOBAL, KIND_MAIL)]
    return [
        m
        for m in found
        if (to is None or m.to.casefold() == to.casefold()) and (org_id is None or m.org_id == org_id)
    ]


def find_mail(store: Store, mail_id: str) -> Mail | None:
    body = store.get(GLOBAL, KIND_MAIL, mail_id)
    return Mail.model_validate(body) if body is not None else None


def clear_mailbox(store: Store) -> None:
    for mail in mailbox(store):
        store.delete(GLOBAL, KIND_MAIL, mail.id)


_PORT_NEWS = {
    "SUBMITTED": "was submitted; the losing carrier reviews it within a business day",
    "IN_REVIEW": "is being reviewed by the losing carrier",
    "FOC_CONFIRMED": "has a confirmed transfer date (FOC): {foc_date}",
    "COMPLETED": "is complete: the numbers are in your calling plan",
    "EXCEPTION": "needs your attention: {details}",
    "CANCELLED": "was cancelled",
}


class MailArea(BackendBase):
    def send_mail(
        self,
        to: str,
        subject: str,
        body: str,
        topic: MailTopic,
        *,
        at: datetime | None = None,
        links: dict[str, str] | None = None,
        person_id: str | None = None,
        mail_id: str | None = None,
    ) -> Mail:
        mail_id = mail_id or webex_id("MAIL")
        mail = Mail(
            id=mail_id,
            org_id=self.org_id,
            to=to,
            subject=subject,
            body=body,
            topic=topic,
            sent_at=iso_z(at or self.now()),
            links=links or {},
            person_id=person_id,
        )
        self.store.put(GLOBAL, KIND_MAIL, mail_id, mail.model_dump(mode="json"))
        return mail

    def mail_activation_code(self, to: str, code: str) -> Mail:
        return self.send_mail(
            to,
            "Your Webex Calling plan: activation code",
            f"Enter the activation code {code} to validate your account. "
            "You become the plan's account owner and administrator.",
            "activation",
        )

    def mail_invitation(self, to: str, person_id: str, org_name: str) -> Mail:
        mail_id = webex_id("MAIL")
        return self.send_mail(
            to,
            f"{org_name} invited you to Webex Calling",
            f"{org_name} invited you to make and receive calls with Webex. Accept the invitation, "
            f"then download the Webex app: {DOWNLOAD_APP_URL}",
            "invitation",
            links={"acceptInvitation": accept_link(mail_id), "downloadApp": DOWNLOAD_APP_URL},
            person_id=person_id,
            mail_id=mail_id,
        )

    def mail_port_order_update(self, to: str, order: PortOrder, at: datetime) -> Mail:
        details = "; ".join(d.description for d in order.status_details or []) or "see the order"
        news = _PORT_NEWS.get(order.status or "", "changed").format(foc_date=order.foc_date, details=details)
        numbers = ", ".join(order.phone_numbers)
        return self.send_mail(
            to,
            f"Number transfer {order.status}: {numbers}",
            f"Your order {order.id} to transfer {numbers} {news}.",
            "port_order",
            at=at,
        )
