"""Transfer two numbers from another carrier (a port-in order), with the last bill as proof.

The order is submitted on `pulumi up`; after that the carriers move it along
(SUBMITTED -> IN_REVIEW -> FOC_CONFIRMED -> COMPLETED) and `pulumi refresh` shows where it is.
Once COMPLETED, the numbers are in the location's inventory, ready for an Extension or MainNumber.

Stack config (`pulumi config set`), defaults in brackets:

    numbers          the numbers to transfer, separated by commas [+12125550150, +12125550151]
                     (`pulumi config set numbers '+1..., +1...'`, or a list:
                     `pulumi config set --path 'numbers[0]' +1...`)
    carrierName      the losing carrier                        [Example Telecom]
    accountNumber    your account number there                 [4471-2209]
    pin              the account's port-out PIN, if it has one (secret: `pulumi config set --secret
                     pin 1234`); a mobile carrier rejects the order without it
    billingNumber    the account's billing telephone number    [the first number]
    accountHolder    the name on the account                   [Example Dental LLC]
    serviceAddress   the service address on the bill, an object [100 Main St, New York, NY 10001, US]
                     (`pulumi config set --path serviceAddress.address1 '1 Elm St'`; keys address1,
                     address2, city, state, postal_code, country)
    billFile         the last bill, a PDF or PNG               [bill.pdf, a sample next to this file]
    billDate         the date printed on the bill, YYYY-MM-DD (required; within the last 30 days)
    signerName       who signs the letter of agency            [Office Owner]
    signerEmail      their e-mail: the plan's account owner    [owner@example.com]
    requestedDate    optional date you would like the transfer [none: as soon as possible]
"""

from __future__ import annotations

import pulumi

import callplan_provider as cp

config = pulumi.Config()


def numbers_to_transfer() -> list[str] | str:
    """A list (`--path 'numbers[0]'`) or, as the set-up guide writes them, "+1..., +1..."."""
    text = config.get("numbers")
    if text is None:
        return ["+12125550150", "+12125550151"]
    return config.get_object("numbers") if text.lstrip().startswith("[") else text


numbers = numbers_to_transfer()
first_number = numbers[0] if isinstance(numbers, list) else numbers.split(",")[0].strip()
DEFAULT_SERVICE_ADDRESS = {
    "address1": "100 Main St",
    "city": "New York",
    "state": "NY",
    "postal_code": "10001",
    "country": "US",
}

port = cp.PortOrder(
    "port-in",
    phone_numbers=numbers,
    losing_carrier={
        "name": config.get("carrierName") or "Example Telecom",
        "account_number": config.get("accountNumber") or "4471-2209",
        "pin": config.get_secret("pin"),
        "billing_telephone_number": config.get("billingNumber") or first_number,
    },
    account_holder={
        "name": config.get("accountHolder") or "Example Dental LLC",
        "service_address": config.get_object("serviceAddress") or DEFAULT_SERVICE_ADDRESS,
    },
    bill_file=config.get("billFile") or "bill.pdf",
    bill_date=config.require("billDate"),  # never "today": the order would change every day
    loa={
        "signer_name": config.get("signerName") or "Office Owner",
        "signer_email": config.get("signerEmail") or "owner@example.com",
    },
    requested_date=config.get("requestedDate"),
)

pulumi.export("order_id", port.id)
pulumi.export("status", port.status)
pulumi.export("status_details", port.status_details)
pulumi.export("estimated_completion", port.estimated_completion)
pulumi.export("foc_date", port.foc_date)
pulumi.export("numbers", port.numbers)
