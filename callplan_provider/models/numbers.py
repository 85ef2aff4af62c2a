"""Wire models of the number inventory and the two validation endpoints.

- `GET /telephony/config/numbers` → `NumberList` (wrapper `phoneNumbers`) of `NumberItem`:
  unassigned numbers have no `owner`; extension-only rows have no `phoneNumber`.
- `POST|DELETE /telephony/config/locations/{id}/numbers` ← `NumbersRequest` (201 / 204, empty).
- `POST /telephony/config/actions/validateNumbers/invoke` ← `ValidateNumbersRequest`
  → `ValidateNumbersResponse`.
- `POST /telephony/config/locations/{id}/actions/validateExtensions/invoke`
  ← `ValidateExtensionsRequest` → `ValidateExtensionsResponse`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from callplan_provider.models.base import ApiModel

OwnerType = Literal["PEOPLE", "AUTO_ATTENDANT"]
NumberState = Literal["ACTIVE", "INACTIVE"]
ValidationStatus = Literal["OK", "ERRORS"]
NumberValidationState = Literal["Available", "Duplicate", "Duplicate In List", "Invalid", "Unavailable"]
ExtensionValidationState = Literal["VALID", "DUPLICATE", "DUPLICATE_IN_LIST", "INVALID"]


class NumberOwner(ApiModel):
    id: str
    type: str
    first_name: str | None = None
    last_name: str | None = None
    display_name: str | None = None


class NumberLocation(ApiModel):
    id: str
    name: str


class NumberItem(ApiModel):
    phone_number: str | None = None
    extension: str | None = None
    routing_prefix: str | None = None
    esn: str | None = None
    state: NumberState | None = None
    phone_number_type: str | None = None
    main_number: bool = False
    toll_free_number: bool = False
    is_service_number: bool = False
    included_telephony_types: str | None = None
    location: NumberLocation | None = None
    owner: NumberOwner | None = None


class NumberList(ApiModel):
    phone_numbers: list[NumberItem] = Field(default_factory=list)


class NumbersRequest(ApiModel):
    """Body of adding numbers to (POST) or removing them from (DELETE) a location."""

    phone_numbers: list[str]
    number_type: str | None = None
    number_usage_type: str | None = None
    state: NumberState | None = None


class ValidateNumbersRequest(ApiModel):
    phone_numbers: list[str]


class ValidatedNumber(ApiModel):
    phone_number: str
    state: NumberValidationState
    toll_free_number: bool = False
    detail: list[str] = Field(default_factory=list)


class ValidateNumbersResponse(ApiModel):
    status: ValidationStatus
    phone_numbers: list[ValidatedNumber] = Field(default_factory=list)


class ValidateExtensionsRequest(ApiModel):
    extensions: list[str]


class ExtensionStatus(ApiModel):
    extension: str
    state: ExtensionValidationState
    error_code: int | None = None
    message: str | None = None


class ValidateExtensionsResponse(ApiModel):
    status: ValidationStatus
    extension_status: list[ExtensionStatus] = Field(default_factory=list)
