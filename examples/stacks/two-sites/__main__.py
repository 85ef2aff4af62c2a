"""Two sites: the main office the plan came with, and a branch, each with its emergency address.

A location's address is its emergency service address (ESA): every phone number of the location
inherits it, so it must be where the phones are. The main office is taken over (`adopt=True`, by
its name) so the program keeps its ESA current, and kept when the stack is destroyed (its numbers
stay in the plan). The branch is made by the program. Ann works at the main office and Dee at the
branch, both on extension 201: an extension is unique within its location.

Stack config (`pulumi config set`), defaults in brackets:

    mainOfficeName     the location the plan came with, by name   [Main Office]
    mainOfficeAddress  its address, an object (keys address1,      [100 Main Street, San Jose,
                       address2, city, state, postal_code, country) CA 95134, US]
    mainTimeZone       its time zone                              [America/Los_Angeles]
    branchName         the branch's name                          [Austin branch]
    branchAddress      the branch's address, an object            [1 Elm St, Austin, TX 73301, US]
                       (`pulumi config set --path branchAddress.address2 'Suite 2'`)
    branchTimeZone     the branch's time zone                     [America/Chicago]
    emailDomain        domain of the people's e-mail addresses    [example.com]
"""

from __future__ import annotations

import pulumi

import callplan_provider as cp

config = pulumi.Config()

MAIN_OFFICE_ADDRESS = {
    "address1": "100 Main Street",
    "city": "San Jose",
    "state": "CA",
    "postal_code": "95134",
    "country": "US",
}
BRANCH_ADDRESS = {
    "address1": "1 Elm St",
    "city": "Austin",
    "state": "TX",
    "postal_code": "73301",
    "country": "US",
}

main_office = cp.Location(
    "main-office",
    name=config.get("mainOfficeName") or "Main Office",
    address=config.get_object("mainOfficeAddress") or MAIN_OFFICE_ADDRESS,
    time_zone=config.get("mainTimeZone") or "America/Los_Angeles",
    adopt=True,
    # Its numbers are never released, so the location cannot be deleted: keep it on destroy.
    opts=pulumi.ResourceOptions(retain_on_delete=True),
)
branch = cp.Location(
    "branch",
    name=config.get("branchName") or "Austin branch",
    address=config.get_object("branchAddress") or BRANCH_ADDRESS,
    time_zone=config.get("branchTimeZone") or "America/Chicago",
)

domain = config.get("emailDomain") or "example.com"
PEOPLE = {"ann": ("Ann", "Lee", main_office), "dee": ("Dee", "Park", branch)}
lines = {}
for handle, (first, last, site) in PEOPLE.items():
    user = cp.User(handle, email=f"{handle}@{domain}", first_name=first, last_name=last)
    lines[handle] = cp.Extension(f"{handle}-line", user_id=user.id, extension="201", location_id=site.id)

pulumi.export("location_ids", {"main_office": main_office.id, "branch": branch.id})
pulumi.export("emergency_addresses", {"main_office": main_office.address, "branch": branch.address})
pulumi.export("sites", {handle: line.location_id for handle, line in lines.items()})
