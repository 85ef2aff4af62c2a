"""Names in the exported program: readable, stable, unique, valid.

One `Namer` per program hands out Python variable names (`alice`, `alice_line`, `main_menu`);
a resource's Pulumi name is its variable with dashes (`alice-line`). Names come from what a
person recognises, e-mail local parts and menu names, folded to ASCII letters, digits and `_`.
Names that would clash with each other, a Python keyword or a name the program itself uses get a
suffix `_2`, `_3`... in the order asked, so the same organisation always gets the same names.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

# Names the program's own code uses; builtins are avoided so a name never hides one.
RESERVED = frozenset({"cp", "pulumi", "config", "numbers"}) | frozenset(dir(builtins))


def slug(text: str, fallback: str) -> str:
    """`"Zoë O'Brien"` → `zoe_o_brien`: lower-case ASCII words joined by `_`; `fallback` if none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    name = "_".join(words) or fallback
    return f"{fallback}_{name}" if name[0].isdigit() else name


def resource_name(variable: str) -> str:
    return variable.replace("_", "-")


class Namer:
    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, base: str) -> str:
        """`base`, or `base_2`, `base_3`... whichever is free; taken from now on."""
        name, n = base, 1
        while name in self._taken or name in RESERVED or keyword.iskeyword(name):
            n += 1
            name = f"{base}_{n}"
        self._taken.add(name)
        return name
