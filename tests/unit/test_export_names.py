"""Names in the exported program: readable, valid Python, unique, never a name the program uses."""

from __future__ import annotations

import keyword

from hypothesis import given
from hypothesis import strategies as st

from callplan_provider.export.names import Namer, resource_name, slug


def test_slug_folds_to_lowercase_ascii_words() -> None:
    assert slug("Zoë O'Brien", "user") == "zoe_o_brien"
    assert slug("Main menu", "menu") == "main_menu"
    assert slug("main-menu", "menu") == "main_menu"


def test_slug_of_nothing_readable_is_the_fallback() -> None:
    assert slug("日本", "menu") == "menu"


def test_slug_starting_with_a_digit_gets_the_fallback_in_front() -> None:
    assert slug("1st floor", "menu") == "menu_1st_floor"


def test_a_name_taken_twice_gets_a_number() -> None:
    namer = Namer()

    assert [namer.take("ann"), namer.take("ann"), namer.take("ann")] == ["ann", "ann_2", "ann_3"]


def test_names_the_program_uses_keywords_and_builtins_are_never_given() -> None:
    namer = Namer()

    assert [namer.take(n) for n in ("cp", "pulumi", "config", "numbers", "class", "id", "list")] == [
        "cp_2",
        "pulumi_2",
        "config_2",
        "numbers_2",
        "class_2",
        "id_2",
        "list_2",
    ]


def test_resource_name_is_the_variable_with_dashes() -> None:
    assert resource_name("ann_line") == "ann-line"


@given(st.lists(st.text(max_size=20), max_size=30))
def test_any_texts_get_distinct_valid_identifiers(texts: list[str]) -> None:
    namer = Namer()
    names = [namer.take(slug(text, "user")) for text in texts]

    assert len(set(names)) == len(names)
    assert all(name.isidentifier() and name.isascii() and not keyword.iskeyword(name) for name in names)
