"""`User`: a person invited to the calling plan.

API: `POST /people` (the invitation is sent: `invitePending: true`), `GET /people/{id}`,
`PUT /people/{id}` (a full replace: the person is read first and only the names change),
`DELETE /people/{id}`, `GET /people?email=` for adoption.

Owns the person's e-mail, first, last and display name (each at most 128 characters: a default
display name "first last" longer than that fails at check, asking for a shorter one). Changing
the e-mail replaces the person (a new invitation). The calling line is the `Extension`
resource's. The resource id is the person id. Outputs: every input, plus `invite_pending` and
`created`.

`adopt=True` takes over the person who already has that e-mail (nothing is written; the next
preview shows any difference in names). Delete removes the person (their calling line and its
licence go with them; numbers stay in the inventory); the account owner cannot be deleted.
"""

from __future__ import annotations

from typing import Annotated, Any

import pulumi
from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from callplan_provider.client import CallingPlanApi
from callplan_provider.models.people import Person
from callplan_provider.resources.base import (
    EMAIL_PATTERN,
    ArgsModel,
    CallplanResource,
    FieldProblem,
    Live,
    Reconciler,
    email_if_text,
)

DISPLAY_NAME_MAX = 128
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DISPLAY_NAME_MAX)]
# The pattern stays for the JSON Schema; the before-validator gives the message that names the fix.
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=EMAIL_PATTERN),
    BeforeValidator(email_if_text),
]


class UserArgs(ArgsModel):
    """Inputs of a `User`."""

    email: Email = Field(description="the person's e-mail address; changing it replaces the person")
    first_name: Name
    last_name: Name
    display_name: Name | None = Field(default=None, description='default: "<first_name> <last_name>"')
    adopt: bool = Field(default=False, description="take over the person who already has this e-mail")

    @model_validator(mode="after")
    def _default_display_name(self) -> UserArgs:
        if self.display_name is None:
            default = f"{self.first_name} {self.last_name}"
            if len(default) > DISPLAY_NAME_MAX:
                raise FieldProblem(
                    "display_name",
                    f'the default display name "first_name last_name" is {len(default)} characters, '
                    f"more than {DISPLAY_NAME_MAX}: give a shorter display_name",
                )
            self.display_name = default
        return self


def _live(person: Person) -> Live:
    return {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "display_name": person.display_name,
        "invite_pending": person.invite_pending,
        "created": person.created,
    }


class UserProvider(Reconciler[UserArgs]):
    kind = "User"
    args_model = UserArgs
    managed_fields = {
        "email": "person.emails",
        "first_name": "person.firstName",
        "last_name": "person.lastName",
        "display_name": "person.displayName",
    }
    replace_fields = ("email",)
    natural_key = "email"
    computed_outputs = ("invite_pending", "created")

    def create_remote(self, api: CallingPlanApi, args: UserArgs) -> tuple[str, Live]:
        body = Person(
            emails=[args.email],
            first_name=args.first_name,
            last_name=args.last_name,
            display_name=args.display_name,
        )
        person = api.people.create(body)
        assert person.id is not None
        return person.id, _live(person)

    def find_existing(self, api: CallingPlanApi, args: UserArgs) -> tuple[str, Live] | None:
        person = api.people.find_by_email(args.email)
        if person is None or person.id is None:
            return None
        return person.id, _live(person)

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        return _live(api.people.get(id_))

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: UserArgs) -> Live:
        person = api.people.get(id_)
        changed = person.model_copy(
            update={
                "first_name": args.first_name,
                "last_name": args.last_name,
                "display_name": args.display_name,
            }
        )
        return _live(api.people.update(id_, changed))

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        api.people.delete(id_)


class User(CallplanResource, module="callplan", name="User"):
    """A person invited to the plan. `User.id` is the person id."""

    provider_class = UserProvider

    email: pulumi.Output[str]
    first_name: pulumi.Output[str]
    last_name: pulumi.Output[str]
    display_name: pulumi.Output[str]
    adopt: pulumi.Output[bool]
    invite_pending: pulumi.Output[bool]
    created: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        email: str | pulumi.Input[str],
        first_name: str | pulumi.Input[str],
        last_name: str | pulumi.Input[str],
        display_name: str | pulumi.Input[str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        inputs = {
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "display_name": display_name,
            "adopt": adopt,
        }
        super().__init__(resource_name, inputs, opts)
