"""What the exporter writes for an organisation, from snapshots made offline (no HTTP).

Each test builds the `OrgSnapshot` the reader would return and checks the program, the stack
config, the README or the dry-run summary. The round trip through the real providers is in
`tests/provider/test_export_round_trip.py`; through the engine in `tests/e2e/test_export.py`.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import yaml

from callplan_provider.export import ProjectSettings, build_program, project_files, summary
from callplan_provider.export.context import kind_takes_adopt
from callplan_provider.export.project import main_py
from callplan_provider.export.reader import MenuView, OrgSnapshot, PersonView
from callplan_provider.models.auto_attendants import AutoAttendant, AutoAttendantMenu, KeyConfiguration
from callplan_provider.models.locations import Address, Location
from callplan_provider.models.numbers import NumberItem, NumberLocation, NumberOwner
from callplan_provider.models.organizations import CallingPlan, Organization
from callplan_provider.models.people import Person, PersonPhoneNumber
from callplan_provider.models.port_orders import PortOrder
from callplan_provider.models.schedules import ScheduleEvent, ScheduleListItem
from callplan_provider.resources.business_hours import hours_to_events
from tests.unit.generated_code import lint_problems, ruff_formatted

LOC = "loc-1"
MAIN = "+14155550100"
ADDRESS = Address(address1="1 Main St", city="San Jose", state="CA", postal_code="95134", country="US")
LOCATION = Location(
    id=LOC,
    name="Main Office",
    org_id="org-1",
    time_zone="America/Los_Angeles",
    preferred_language="en_us",
    announcement_language="en_us",
    address=ADDRESS,
)
ORG = Organization(
    id="org-1",
    display_name="Acme",
    calling_plan=CallingPlan(
        tier="BUSINESS", country="US", account_owner_email="owner@example.com", license_count=10
    ),
)
HOURS = {"mon": ["09:00-17:00"]}


def person(
    email: str,
    first: str | None = "Ann",
    last: str | None = "Lee",
    ext: str | None = None,
    number: str | None = None,
    *,
    location: str | None = None,
    recorded: bool = False,
    display: str | None = None,
) -> PersonView:
    numbers = [PersonPhoneNumber(type="work", value=number, primary=True)] if number else []
    body = Person(
        id=f"p-{email}",
        emails=[email],
        first_name=first,
        last_name=last,
        display_name=display or f"{first} {last}",
        extension=ext,
        location_id=location or (LOC if ext or number else None),
        phone_numbers=numbers,
    )
    return PersonView(body, recorded)


def key(k: str, action: str, value: str | None = None, description: str | None = None) -> KeyConfiguration:
    return KeyConfiguration.model_validate(
        {"key": k, "action": action, "value": value, "description": description}
    )


def menu(
    name: str,
    ext: str | None = "200",
    number: str | None = None,
    keys: tuple[KeyConfiguration, ...] = (),
    after: tuple[KeyConfiguration, ...] = (),
    *,
    schedule: str | None = None,
    events: list[ScheduleEvent] | None = None,
    **fields: Any,
) -> MenuView:
    schedule = schedule or f"{name} hours"
    aa = AutoAttendant(
        id=f"aa-{name}",
        name=name,
        extension=ext,
        phone_number=number,
        location_id=LOC,
        business_schedule=schedule,
        time_zone=fields.pop("time_zone", LOCATION.time_zone),
        language_code=fields.pop("language_code", "en_us"),
        business_hours_menu=AutoAttendantMenu(key_configurations=list(keys), **fields),
        after_hours_menu=AutoAttendantMenu(key_configurations=list(after)),
    )
    listed = ScheduleListItem(id=f"s-{schedule}", name=schedule, type="businessHours", location_id=LOC)
    return MenuView(aa, listed, hours_to_events(HOURS) if events is None else events)


def row(number: str, owner: tuple[str, str] | None = None, ext: str | None = None) -> NumberItem:
    return NumberItem(
        phone_number=number,
        extension=ext,
        main_number=number == MAIN,
        location=NumberLocation(id=LOC, name=LOCATION.name),
        owner=NumberOwner(id=owner[1], type=owner[0]) if owner else None,
    )


def port_order(order_id: str, status: str, number: str) -> PortOrder:
    """Only what the export reads of an order."""
    fields: dict[str, Any] = {"id": order_id, "status": status, "phone_numbers": [number]}
    return PortOrder.model_construct(**fields)


def snapshot(
    people: tuple[PersonView, ...] = (),
    menus: tuple[MenuView, ...] = (),
    main: str | None = MAIN,
    numbers: tuple[NumberItem, ...] = (),
    **fields: Any,
) -> OrgSnapshot:
    schedules = fields.pop("schedules", [m.schedule for m in menus if m.schedule])
    return OrgSnapshot(
        location=LOCATION,
        organization=ORG,
        locations=fields.pop("locations", [LOCATION]),
        main_number=main,
        numbers=list(numbers) or [row(MAIN)],
        people=list(people),
        menus=list(menus),
        schedules=schedules,
        **fields,
    )


def program_of(snap: OrgSnapshot) -> str:
    return main_py(build_program(snap))


def block(source: str, start: str) -> str:
    """The statement starting with `start`, up to the next blank line."""
    text = source[source.index(start) :]
    return text.split("\n\n")[0].rstrip("\n")


def said(source: str) -> str:
    """The program's comments as one line of text (they are wrapped to fit the lines)."""
    lines = (line.strip() for line in source.splitlines())
    return " ".join(line.removeprefix("# ") for line in lines if line.startswith("#"))


ANN = person("ann@example.com", ext="201", number="+14155550101")
BO = person("bo@example.com", "Bo", "Chen", ext="202")
DEMO = snapshot(
    people=(ANN, BO, person("owner@example.com", "Account", "Owner")),
    menus=(
        menu(
            "Main menu",
            keys=(
                key("1", "TRANSFER_WITHOUT_PROMPT", "201", "sales"),
                key("2", "TRANSFER_WITH_PROMPT", "+14155550101", "Ann direct"),
                key("0", "TRANSFER_TO_OPERATOR", "202", "the operator"),
                key("9", "TRANSFER_WITHOUT_PROMPT", "+12125550123"),
            ),
            after=(key("1", "TRANSFER_TO_MAILBOX", "201"), key("*", "REPEAT_MENU")),
            number=MAIN,
        ),
    ),
    numbers=(
        row(MAIN, ("AUTO_ATTENDANT", "aa-Main menu")),
        row("+14155550101", ("PEOPLE", "p-ann@example.com")),
    ),
)


# --- the location ------------------------------------------------------------------------------------


def test_location_is_a_location_taken_over_by_name_and_kept_on_destroy() -> None:
    source = program_of(DEMO)

    assert block(source, "main_office = cp.Location(") == "\n".join(
        [
            "main_office = cp.Location(",
            '    "main-office",',
            '    name="Main Office",',
            "    address={",
            '        "address1": "1 Main St",',
            '        "city": "San Jose",',
            '        "state": "CA",',
            '        "postal_code": "95134",',
            '        "country": "US",',
            "    },",
            '    time_zone="America/Los_Angeles",',
            "    adopt=True,",
            "    opts=pulumi.ResourceOptions(retain_on_delete=True),",
            ")",
        ]
    )
    assert "The organisation refuses to delete a location that has numbers" in said(source)
    assert source.index("main_office = cp.Location(") < source.index("ann = cp.User(")


def test_lines_menus_and_the_main_number_live_in_the_location_object() -> None:
    source = program_of(DEMO)

    for variable in ("ann_line", "bo_line", "main_menu", "main_number"):
        assert "    location_id=main_office.id," in block(source, f"{variable} = ")
    assert "location_id" not in block(source, "ann = ").split("ann_line")[0]


def test_location_languages_are_written_only_when_not_the_default() -> None:
    french = LOCATION.model_copy(update={"announcement_language": "fr_CA", "preferred_language": "en_us"})
    source = program_of(OrgSnapshot(**{**vars(snapshot()), "location": french, "locations": [french]}))

    assert '    language="fr_ca",' in block(source, "main_office = ")
    assert "email_language" not in source


def test_location_a_location_refuses_is_said_and_the_others_use_the_configured_location() -> None:
    stateless = LOCATION.model_copy(update={"address": ADDRESS.model_copy(update={"state": None})})
    snap = snapshot(people=(ANN,))
    source = program_of(OrgSnapshot(**{**vars(snap), "location": stateless, "locations": [stateless]}))

    assert "cp.Location(" not in source
    assert "Not declared: the location 'Main Office'. A Location would refuse its values (address" in said(
        source
    )
    assert "location_id" not in block(source, "ann_line = ")


# --- people and lines -------------------------------------------------------------------------------


def test_person_with_a_line_is_a_user_and_an_extension_of_that_user() -> None:
    source = program_of(DEMO)

    assert block(source, "ann = cp.User(") == "\n".join(
        [
            "ann = cp.User(",
            '    "ann",',
            '    email="ann@example.com",',
            '    first_name="Ann",',
            '    last_name="Lee",',
            "    adopt=True,",
            ")",
            "ann_line = cp.Extension(",
            '    "ann-line",',
            "    user_id=ann.id,",
            '    extension="201",',
            '    phone_number=numbers["ann-line"],',
            "    location_id=main_office.id,",
            "    adopt=True,",
            ")",
        ]
    )


def test_direct_numbers_and_the_main_number_are_stack_config_by_resource_name() -> None:
    assert build_program(DEMO).numbers == {"ann-line": "+14155550101", "main-number": MAIN}


def test_person_without_a_line_is_a_user_only() -> None:
    source = program_of(snapshot(people=(person("cy@example.com", "Cy", "Ray"),)))

    assert "cy = cp.User(" in source
    assert "cp.Extension(" not in source


def test_recorded_line_declares_call_recording() -> None:
    source = program_of(snapshot(people=(person("ann@example.com", ext="201", recorded=True),)))

    assert "    call_recording=True," in block(source, "ann_line = ")


def test_line_that_does_not_record_leaves_call_recording_out() -> None:
    """Left out, the line's recording is not managed: a refresh reads none."""
    source = program_of(snapshot(people=(person("ann@example.com", ext="201", recorded=False),)))

    assert "call_recording" not in block(source, "ann_line = ")


def test_display_name_is_written_only_when_it_is_not_first_and_last_name() -> None:
    source = program_of(snapshot(people=(ANN, person("bo@example.com", "Bo", "Chen", display="Bo C."))))

    assert "display_name" not in block(source, "ann = ")
    assert '    display_name="Bo C.",' in block(source, "bo = ")


def test_account_owner_is_kept_on_destroy_with_a_comment_saying_why() -> None:
    source = program_of(DEMO)

    assert "    opts=pulumi.ResourceOptions(retain_on_delete=True)," in block(source, "owner = ")
    assert "The account owner: the organisation refuses to delete them" in said(source)
    assert "retain_on_delete" not in block(source, "ann = ")


def test_people_sharing_an_email_local_part_get_distinct_names_in_email_order() -> None:
    people = (person("ann@example.org", ext="202"), person("ann@example.com", ext="201"))
    source = program_of(snapshot(people=people))

    assert 'ann = cp.User(\n    "ann",\n    email="ann@example.com",' in source
    assert 'ann_2 = cp.User(\n    "ann-2",\n    email="ann@example.org",' in source
    assert "    user_id=ann_2.id," in block(source, "ann_2_line = ")


def test_person_with_a_line_in_another_location_is_said_not_declared() -> None:
    other = Location(**{**LOCATION.model_dump(), "id": "loc-2", "name": "Annex"})
    snap = snapshot(
        people=(person("zed@example.com", ext="301", location="loc-2"),), locations=[LOCATION, other]
    )
    program = build_program(snap)
    source = main_py(program)

    assert "zed = " not in source
    assert "Not declared: Ann Lee <zed@example.com>. Their calling line is in another location (Annex)" in (
        said(source)
    )
    assert "Ann Lee <zed@example.com>" in [n.subject for n in program.notes if not n.declared]


def test_person_without_a_line_is_declared_in_the_first_locations_export_only() -> None:
    annex = Location(**{**LOCATION.model_dump(), "id": "loc-2", "name": "Annex"})
    cy = person("cy@example.com", "Cy", "Ray")
    first = snapshot(people=(cy,), locations=[LOCATION, annex])
    second = OrgSnapshot(**{**vars(first), "location": annex})

    assert "cy = cp.User(" in program_of(first)
    other = build_program(second)
    assert "cy = " not in main_py(other)
    assert (
        "Not declared: Cy Ray <cy@example.com>. They have no calling line, so they belong to no "
        "location: the export of Main Office, the organisation's first location, declares them"
    ) in said(main_py(other))
    assert "People without a calling line are declared in the export of Main Office" in said(main_py(other))


def test_person_without_a_last_name_is_said_not_declared_with_what_to_do() -> None:
    desk = person("desk@example.com", "Reception", None, ext="299", display="Reception desk")
    source = program_of(snapshot(people=(desk,)))

    assert "cp.User(" not in source
    assert "A User needs a first and a last name; give them both in the admin portal" in said(source)


# --- phone menus ------------------------------------------------------------------------------------


def test_menu_declares_its_hours_and_both_menus() -> None:
    source = program_of(DEMO)

    assert block(source, "main_menu = cp.PhoneMenu(").startswith(
        "\n".join(
            [
                "main_menu = cp.PhoneMenu(",
                '    "main-menu",',
                '    name="Main menu",',
                '    extension="200",',
                "    business_hours={",
                '        "mon": ["09:00-17:00"],',
                "    },",
                "    business_hours_menu={",
                '        "extension_enabled": True,',
                '        "keys": {',
            ]
        )
    )
    assert "    adopt=True,\n)" in block(source, "main_menu = ")


def test_key_to_a_persons_extension_follows_their_line() -> None:
    source = program_of(DEMO)

    assert '"1": cp.transfer_to_user(ann_line.user_id, "sales"),' in source
    assert '"0": cp.operator(user_id=bo_line.user_id, description="the operator"),' in source
    assert '"1": cp.voicemail(user_id=ann_line.user_id),' in source


def test_key_to_a_direct_number_refers_to_the_line_and_keeps_the_prompt() -> None:
    expected = '"2": cp.transfer_to_number(\n{0}ann_line.phone_number,\n{0}"Ann direct",\n{0}prompt=True,\n'

    assert expected.format(" " * 16) in program_of(DEMO)


def test_key_to_an_outside_number_or_without_a_target_is_written_as_is() -> None:
    source = program_of(DEMO)

    assert '"9": cp.transfer_to_number("+12125550123"),' in source
    assert '"*": cp.repeat_menu(),' in source


def test_key_to_the_main_number_reads_it_from_the_stack_config() -> None:
    snap = snapshot(menus=(menu("Main menu", keys=(key("1", "TRANSFER_WITHOUT_PROMPT", MAIN),)),))

    assert '"1": cp.transfer_to_number(numbers["main-number"]),' in program_of(snap)


def test_menu_reached_by_another_comes_first_and_is_referred_to() -> None:
    menus = (
        menu("A front", "200", keys=(key("1", "TRANSFER_WITHOUT_PROMPT", "300"),)),
        menu("B sales", "300"),
    )
    source = program_of(snapshot(menus=menus))

    assert source.index("b_sales = cp.PhoneMenu(") < source.index("a_front = cp.PhoneMenu(")
    assert '"1": cp.transfer_to_extension(b_sales.extension),' in source


def test_menus_in_a_cycle_refer_back_by_value_with_a_comment() -> None:
    menus = (
        menu("A", "200", keys=(key("1", "TRANSFER_WITHOUT_PROMPT", "300"),)),
        menu("B", "300", keys=(key("1", "TRANSFER_WITHOUT_PROMPT", "200"),)),
    )
    source = program_of(snapshot(menus=menus))

    assert '"1": cp.transfer_to_extension("300"),' in block(source, "a = ")
    assert "the extension of the phone menu 'B', not declared above." in said(block(source, "a = "))
    assert '"1": cp.transfer_to_extension(a.extension),' in block(source, "b = ")


def test_key_with_an_action_the_package_lacks_is_said_where_it_was() -> None:
    keys = (key("1", "PLAY_ANNOUNCEMENT", description="news"), key("2", "EXIT"))
    source = program_of(snapshot(menus=(menu("Main menu", keys=keys),)))
    keys_block = source[source.index('"keys": {') :]

    before_key_2 = keys_block[: keys_block.index('"2": cp.exit_menu(),')]
    assert "Not declared: key 1 of the phone menu 'Main menu' (PLAY_ANNOUNCEMENT)" in said(before_key_2)
    assert '"1":' not in keys_block.split('"2"')[0]


def test_key_to_an_extension_nobody_has_is_kept_with_what_to_do() -> None:
    source = program_of(
        snapshot(menus=(menu("Main menu", keys=(key("1", "TRANSFER_WITHOUT_PROMPT", "777"),)),))
    )

    assert '"1": cp.transfer_to_extension("777"),' in source
    assert "Nobody has extension 777 now" in said(source)


def test_menu_time_zone_and_language_are_written_only_when_not_the_locations() -> None:
    same = program_of(snapshot(menus=(menu("Main menu"),)))
    other = program_of(
        snapshot(menus=(menu("Main menu", time_zone="America/New_York", language_code="fr_CA"),))
    )

    assert "time_zone" not in block(same, "main_menu = ")
    assert "language" not in same
    assert '    time_zone="America/New_York",' in other
    assert '    language="fr_ca",' in other


def test_menu_caveats_are_said_above_it() -> None:
    menus = (
        menu("A", "200", schedule="Office hours", greeting="CUSTOM"),
        menu("B", "300", schedule="Office hours"),
    )
    source = program_of(snapshot(menus=menus))
    above_a = source[: source.index("a = cp.PhoneMenu(")]

    assert (
        "Note: the phone menu 'A'. Its business hours are the schedule 'Office hours', shared with 'B'"
        in said(above_a)
    )
    assert "plays a custom greeting" in above_a
    assert '"greeting": "CUSTOM",' in block(source, "a = ")


def test_holiday_schedule_and_one_off_events_are_noted() -> None:
    one_off = ScheduleEvent(
        name="x", start_date=date(2025, 6, 2), end_date=date(2025, 6, 2), all_day_enabled=True
    )
    view = menu("Main menu", events=[one_off])
    view.menu.holiday_schedule = "Holidays"
    notes = [n.text for n in build_program(snapshot(menus=(view,))).notes if n.declared]

    assert any("one-off events" in text for text in notes)
    assert any("holiday schedule 'Holidays'" in text for text in notes)


def test_menu_reachable_only_through_the_main_number_is_not_declared() -> None:
    snap = snapshot(menus=(menu("Main menu", ext=None, number=MAIN),))
    source = program_of(snap)

    assert "cp.PhoneMenu(" not in source
    assert "It has no extension and no number but the main number" in said(source)


# --- the main number --------------------------------------------------------------------------------


def test_main_number_routes_to_the_menu_object() -> None:
    assert block(program_of(DEMO), "main_number = ") == "\n".join(
        [
            "main_number = cp.MainNumber(",
            '    "main-number",',
            '    phone_number=numbers["main-number"],',
            "    location_id=main_office.id,",
            "    **cp.route_to_menu(main_menu),",
            ")",
        ]
    )


def test_main_number_routed_to_a_person_routes_to_their_line_and_is_not_their_direct_number() -> None:
    ann = person("ann@example.com", ext="201", number=MAIN)
    source = program_of(snapshot(people=(ann,), numbers=(row(MAIN, ("PEOPLE", ann.id)),)))

    assert "phone_number" not in block(source, "ann_line = ")
    assert "    **cp.route_to_user(ann_line)," in block(source, "main_number = ")


def test_main_number_as_the_alternate_of_a_person_with_their_own_number_routes_to_their_line() -> None:
    ann = person("ann@example.com", ext="201", number="+14155550101")
    alternate = row(MAIN, ("PEOPLE", ann.id)).model_copy(update={"phone_number_type": "ALTERNATE"})
    source = program_of(snapshot(people=(ann,), numbers=(alternate, row("+14155550101", ("PEOPLE", ann.id)))))

    assert '    phone_number=numbers["ann-line"],' in block(source, "ann_line = ")
    assert "    **cp.route_to_user(ann_line)," in block(source, "main_number = ")
    assert "alternate number" not in said(source)


def test_an_alternate_number_other_than_the_main_number_is_said_to_be_kept() -> None:
    ann = person("ann@example.com", ext="201", number="+14155550101")
    alternate = row("+14155550109", ("PEOPLE", ann.id)).model_copy(update={"phone_number_type": "ALTERNATE"})
    program = build_program(snapshot(people=(ann,), numbers=(alternate,)))

    assert "the number +14155550109" in [n.subject for n in program.notes]
    assert "alternate number of a person, which this package manages only for the main number" in said(
        main_py(program)
    )


def test_main_number_routed_to_someone_not_declared_routes_to_their_extension() -> None:
    desk = person("desk@example.com", "Reception", None, ext="299", number=MAIN)
    source = program_of(snapshot(people=(desk,), numbers=(row(MAIN, ("PEOPLE", desk.id)),)))

    assert '    **cp.route_to_extension("299"),' in block(source, "main_number = ")


def test_main_number_that_rings_nobody_is_said_with_how_to_route_it() -> None:
    source = program_of(snapshot())

    assert "= cp.MainNumber(" not in source
    assert "Not declared: the main number +14155550100. It rings nobody" in said(source)


def test_only_kinds_that_take_adopt_get_it() -> None:
    source = program_of(DEMO)

    assert ("adopt=True" in block(source, "main_number = ")) == kind_takes_adopt("MainNumber")
    assert all(kind_takes_adopt(kind) for kind in ("User", "Extension", "PhoneMenu"))


# --- not modelled -----------------------------------------------------------------------------------


def test_open_port_order_is_said_with_what_to_do_and_a_completed_one_is_not() -> None:
    orders = [
        port_order("po-1", "IN_REVIEW", "+12125550150"),
        port_order("po-2", "COMPLETED", "+12125550151"),
    ]
    program = build_program(snapshot(port_orders=orders))

    assert [n.subject for n in program.notes if "port order" in n.subject] == [
        "the port order of +12125550150"
    ]
    assert "declare a cp.PortOrder with the PIN as a secret" in said(main_py(program))


def test_schedule_no_menu_uses_is_noted() -> None:
    spare = ScheduleListItem(id="s-x", name="Old hours", type="businessHours", location_id=LOC)
    program = build_program(snapshot(schedules=[spare]))

    assert "the businessHours schedule 'Old hours'" in [n.subject for n in program.notes]


# --- the project ------------------------------------------------------------------------------------

SETTINGS = ProjectSettings(
    project="acme", stack="prod", endpoint="https://webexapis.com/v1", virtualenv="../venv"
)


def test_project_has_its_files_and_a_stack_config_without_the_token() -> None:
    files = project_files(build_program(DEMO), SETTINGS)
    stack = yaml.safe_load(files["Pulumi.prod.yaml"])

    assert sorted(files) == [
        ".gitignore",
        "Pulumi.prod.yaml",
        "Pulumi.yaml",
        "README.md",
        "__main__.py",
        "requirements.txt",
    ]
    assert stack["config"] == {
        "callplan:endpoint": "https://webexapis.com/v1",
        "callplan:locationId": LOC,
        "acme:numbers": {"ann-line": "+14155550101", "main-number": MAIN},
    }
    assert yaml.safe_load(files["Pulumi.yaml"])["runtime"] == {
        "name": "python",
        "options": {"virtualenv": "../venv"},
    }
    assert "callplan:token" not in stack["config"]


def test_same_organisation_listed_in_another_order_gives_the_same_bytes() -> None:
    shuffled = snapshot(
        people=tuple(random.Random(1).sample(DEMO.people, len(DEMO.people))),
        menus=tuple(DEMO.menus),
        numbers=tuple(reversed(DEMO.numbers)),
    )

    assert project_files(build_program(shuffled), SETTINGS) == project_files(build_program(DEMO), SETTINGS)


def test_program_is_as_ruff_formats_it_and_lint_clean() -> None:
    source = program_of(DEMO)

    assert ruff_formatted(source) == source
    assert lint_problems(source) == ""


def test_pulumi_is_imported_only_when_used() -> None:
    stateless = LOCATION.model_copy(update={"address": ADDRESS.model_copy(update={"state": None})})
    snap = snapshot(people=(person("cy@example.com", "Cy", "Ray"),), main=None)
    source = program_of(OrgSnapshot(**{**vars(snap), "location": stateless, "locations": [stateless]}))

    assert "import pulumi" not in source
    assert lint_problems(source) == ""


def test_readme_says_what_is_declared_and_what_is_not_with_what_to_do() -> None:
    snap = snapshot(
        people=(ANN,),
        port_orders=[port_order("po-1", "SUBMITTED", "+12125550150")],
    )
    readme = project_files(build_program(snap), SETTINGS)["README.md"]

    assert (
        "It declares 1 location (`Location`), 1 person (`User`) and 1 calling line (`Extension`)."
        in readme.replace("\n", " ")
    )
    assert "## Not declared" in readme
    assert "- the port order of +12125550150: it is SUBMITTED, and a PortOrder needs" in readme
    assert "pulumi config set --secret callplan:token <admin token>" in readme


def test_summary_counts_each_kind_and_lists_what_is_skipped() -> None:
    text = summary(build_program(snapshot(people=(ANN,))))

    assert "  Location    1\n  User        1\n  Extension   1\n  PhoneMenu   0\n  MainNumber  0\n" in text
    assert "not declared (1):\n  - the main number +14155550100: it rings nobody" in text


# --- values the providers' checks refuse or rewrite -------------------------------------------------


def test_person_whose_values_a_user_refuses_is_said_not_declared_with_the_reason() -> None:
    source = program_of(snapshot(people=(person("ann@example.com", "A" * 130),)))

    assert "= cp.User(" not in source
    assert "A User would refuse its values (first_name must be at most 128 characters; shorten it;" in said(
        source
    )


def test_person_whose_name_the_provider_spells_otherwise_is_declared_as_it_spells_it() -> None:
    source = program_of(snapshot(people=(person("ann@example.com", " Ann", display="Ann Lee"),)))

    assert '    first_name="Ann",' in block(source, "ann = ")
    assert "Ann Lee <ann@example.com>" not in said(source)  # the same value: nothing to say


def test_line_whose_number_the_provider_spells_otherwise_is_declared() -> None:
    source = program_of(snapshot(people=(person("ann@example.com", ext=" 201"),)))

    assert '    extension="201",' in block(source, "ann_line = ")


def test_line_with_an_extension_an_extension_refuses_is_said_not_declared() -> None:
    source = program_of(snapshot(people=(person("ann@example.com", ext="1234567"),)))

    assert "ann = cp.User(" in source
    assert "ann_line" not in source
    assert (
        "the calling line of Ann Lee <ann@example.com>. An Extension would refuse its values (extension"
        in (said(source))
    )


def test_menu_whose_name_a_phone_menu_refuses_is_said_not_declared() -> None:
    source = program_of(snapshot(menus=(menu("M" * 75),)))

    assert "= cp.PhoneMenu(" not in source
    assert "A PhoneMenu would refuse its values (name" in said(source)


def test_menu_language_the_provider_spells_otherwise_is_declared_as_it_spells_it() -> None:
    source = program_of(snapshot(menus=(menu("Main menu", language_code="fr-CA"),)))

    assert '    language="fr_ca",' in block(source, "main_menu = ")
    assert "language" not in said(source)


def test_key_a_menu_key_refuses_is_said_and_left_out() -> None:
    source = program_of(snapshot(menus=(menu("Main menu", keys=(key("1", "EXIT", description="d" * 90),)),)))

    assert '"1":' not in source
    assert "key 1 of the phone menu 'Main menu' (EXIT). A menu key would refuse its values (description" in (
        said(source)
    )


def test_keys_are_written_in_keypad_order_whatever_order_the_api_lists_them() -> None:
    keys = (
        key("#", "EXIT"),
        key("0", "REPEAT_MENU"),
        key("2", "NAME_DIALING"),
        key("1", "EXTENSION_DIALING"),
    )
    source = program_of(snapshot(menus=(menu("Main menu", keys=keys),)))

    assert [
        line.split(":")[0].strip() for line in source.splitlines() if line.startswith('            "')
    ] == [
        '"1"',
        '"2"',
        '"0"',
        '"#"',
    ]
