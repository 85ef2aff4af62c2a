"""A PhoneMenu's options: what each key does, the helpers that build them, what a caller hears.

    from callplan_provider import PhoneMenu, menu

    PhoneMenu(
        "front-desk",
        name="Front desk",
        extension="200",
        business_hours={"mon": ["09:00-12:00", "13:00-17:00"], "tue": ["09:00-17:00"]},
        business_hours_menu=menu.menu_options(
            {
                "1": menu.transfer_to_user(sales.id, "sales"),
                "2": menu.transfer_to_extension("201", "support"),
                "0": menu.operator("150"),
            }
        ),
        after_hours_menu=menu.menu_options({"1": menu.voicemail("150")}, extension_enabled=False),
    )

Each helper returns a plain dict (a `MenuKeyInput`), so values may be Pulumi outputs.

The rules (`MenuArgs`, `MenuKeyArgs`, checked by PhoneMenu's check): keys `0`-`9`, `*`, `#`, each
once, as a mapping (`{"1": action}`) or in list form (`[{"key": "1", "action": ...}]`, which lets
check refuse a key given twice instead of one silently replacing the other); normalised to a
mapping in keypad order. `transfer`, `operator` and `voicemail` take exactly one target (`user_id`,
`extension` or an E.164 `phone_number`, toll-free allowed); the other actions take none; `prompt`
is for `transfer` only, and `prompt=False` is dropped (one spelling, so the diff never flaps).

`caller_hears(menu)`: the sentences a caller hears, in keypad order (1-9, 0, *, #): the key's
description ("For sales, press 1.") or a default per action, then the extension-dialling offer.
How keys map to the auto attendant's wire form is PhoneMenu's (`resources/phone_menu.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from pulumi.output import Unknown
from pydantic import BeforeValidator, Field, model_validator

from callplan_provider.numbering import ExtensionDigits, PhoneNumber
from callplan_provider.resources.base import ArgsModel

__all__ = [
    "MenuInput",
    "MenuKeyInput",
    "dial_by_extension",
    "dial_by_name",
    "exit_menu",
    "menu_options",
    "operator",
    "repeat_menu",
    "transfer_to_extension",
    "transfer_to_number",
    "transfer_to_user",
    "voicemail",
]

MENU_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")  # the order a caller hears
ActionName = Literal[
    "transfer", "operator", "voicemail", "dial_by_extension", "dial_by_name", "repeat_menu", "exit"
]
ACTIONS: tuple[str, ...] = ActionName.__args__  # type: ignore[attr-defined]
TARGETED_ACTIONS = frozenset({"transfer", "operator", "voicemail"})
TARGET_FIELDS = ("user_id", "extension", "phone_number")

# --- the rules -------------------------------------------------------------------------------------


def _check_action(value: Any) -> Any:
    if isinstance(value, str) and value not in ACTIONS:
        raise ValueError(f"{value!r} is not a menu action; use one of {', '.join(ACTIONS)}")
    return value


class MenuKeyArgs(ArgsModel):
    """What one key does. Build it with the helpers (`transfer_to_user(...)`, `exit_menu()`, ...)."""

    action: Annotated[ActionName, BeforeValidator(_check_action)]
    description: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description='What the caller is offered, e.g. "sales" → "For sales, press 1."'
    )
    user_id: Annotated[str, Field(min_length=1)] | None = Field(
        default=None, description="Transfer target: a person (their extension)"
    )
    extension: ExtensionDigits | None = Field(default=None, description="Transfer target: an extension")
    phone_number: PhoneNumber | None = Field(default=None, description="Transfer target: an E.164 number")
    prompt: bool | None = Field(default=None, description="transfer only: play a transfer prompt first")

    @model_validator(mode="after")
    def _one_target(self) -> MenuKeyArgs:
        targets = [f for f in TARGET_FIELDS if getattr(self, f) is not None]
        if self.action in TARGETED_ACTIONS and len(targets) != 1:
            raise ValueError(f"{self.action} needs exactly one target: user_id, extension or phone_number")
        if self.action not in TARGETED_ACTIONS and targets:
            raise ValueError(f"{self.action} takes no target; remove {', '.join(targets)}")
        if self.prompt and self.action != "transfer":
            raise ValueError("prompt applies to transfer only")
        if self.prompt is False:
            self.prompt = None  # one spelling of "no prompt", so the diff never flaps
        return self


def _key_pairs(value: Any) -> list[tuple[Any, Any]]:
    """(key, action) pairs of either form; a list item whose key is unknown (preview) is left out."""
    if isinstance(value, Mapping):
        return list(value.items())
    if not isinstance(value, list | tuple):
        raise ValueError(
            'keys must map a key to an action, e.g. {"1": transfer_to_extension("201", "sales")}'
        )
    pairs = []
    for item in value:
        if isinstance(item, Unknown) or (isinstance(item, Mapping) and isinstance(item.get("key"), Unknown)):
            continue  # check keeps the property as given; the known keys are still checked
        if not isinstance(item, Mapping) or "key" not in item:
            raise ValueError('each list item needs a "key", e.g. {"key": "1", "action": "exit"}')
        pairs.append((item["key"], {k: v for k, v in item.items() if k != "key"}))
    return pairs


def _normalise_keys(value: Any) -> Any:
    """Keys as a mapping (`{"1": action}`) or in list form (`[{"key": "1", ...}]`); each key once."""
    if isinstance(value, Unknown):
        return value
    keys: dict[str, Any] = {}
    for raw_key, action in _key_pairs(value):
        key = str(raw_key).strip()
        if key not in MENU_KEYS:
            raise ValueError(f"{raw_key!r} is not a phone key; use 0-9, * or #")
        if key in keys:
            raise ValueError(f"key {key} is used twice; each key can do one thing per menu")
        keys[key] = action
    return {key: keys[key] for key in MENU_KEYS if key in keys}


class MenuArgs(ArgsModel):
    """A business-hours or after-hours menu."""

    greeting: Literal["DEFAULT", "CUSTOM"] = "DEFAULT"
    extension_enabled: bool = Field(
        default=True, description="offer 'enter the extension of the person you are calling'"
    )
    keys: Annotated[dict[str, MenuKeyArgs], BeforeValidator(_normalise_keys)] = Field(
        default_factory=dict,
        description="phone key (0-9, *, #) → action",
        json_schema_extra={"propertyNames": {"pattern": "^[0-9*#]$"}},
    )


# --- what a caller hears ---------------------------------------------------------------------------

_KEY_WORDS = {"*": "star", "#": "pound"}
_DEFAULT_OFFERS = {
    "operator": "To reach the operator",
    "voicemail": "To leave a message",
    "dial_by_extension": "To dial an extension",
    "dial_by_name": "To find someone by name",
    "repeat_menu": "To hear these options again",
    "exit": "To end this call",
}


def _offer(key: str, action: Mapping[str, Any]) -> str:
    press = f"press {_KEY_WORDS.get(key, key)}"
    description = action.get("description")
    if description:
        return f"For {description}, {press}."
    target = action.get("extension") or action.get("phone_number")
    if action.get("action") == "transfer":
        default = f"To be transferred to {target}" if target else "To reach a colleague"
    else:
        default = _DEFAULT_OFFERS.get(str(action.get("action")), "For this option")
    return f"{default}, {press}."


def caller_hears(menu: Mapping[str, Any]) -> str:
    """The options a caller hears, in keypad order (1-9, 0, *, #), from a normalised menu."""
    keys = menu.get("keys") or {}
    sentences = [_offer(key, keys[key]) for key in MENU_KEYS if key in keys]
    if menu.get("extension_enabled", True):
        sentences.append("If you know the extension of the person you are calling, enter it now.")
    return " ".join(sentences)


# --- helper constructors ---------------------------------------------------------------------------


class MenuKeyInput(TypedDict):
    """A key's action, as the helpers build it (plain dict, so Pulumi can carry it)."""

    action: str
    description: NotRequired[Any]
    user_id: NotRequired[Any]
    extension: NotRequired[Any]
    phone_number: NotRequired[Any]
    prompt: NotRequired[bool]


class MenuInput(TypedDict):
    greeting: NotRequired[str]
    extension_enabled: NotRequired[bool]
    keys: NotRequired[Mapping[str, MenuKeyInput]]


def _key(action: str, description: Any, **targets: Any) -> MenuKeyInput:
    built: dict[str, Any] = {"action": action}
    if description is not None:
        built["description"] = description
    built.update({k: v for k, v in targets.items() if v is not None})
    return built  # type: ignore[return-value]


def transfer_to_user(user_id: Any, description: Any = None, *, prompt: bool = False) -> MenuKeyInput:
    """Send the caller to a person (their extension, else their number, resolved when applied)."""
    return _key("transfer", description, user_id=user_id, prompt=prompt or None)


def transfer_to_extension(extension: Any, description: Any = None, *, prompt: bool = False) -> MenuKeyInput:
    return _key("transfer", description, extension=extension, prompt=prompt or None)


def transfer_to_number(phone_number: Any, description: Any = None, *, prompt: bool = False) -> MenuKeyInput:
    """Send the caller to an outside number (E.164; toll-free allowed)."""
    return _key("transfer", description, phone_number=phone_number, prompt=prompt or None)


def operator(
    extension: Any = None, description: Any = None, *, phone_number: Any = None, user_id: Any = None
) -> MenuKeyInput:
    """Send the caller to the operator: one of an extension, a number or a user."""
    return _key("operator", description, extension=extension, phone_number=phone_number, user_id=user_id)


def voicemail(
    extension: Any = None, description: Any = None, *, phone_number: Any = None, user_id: Any = None
) -> MenuKeyInput:
    """Send the caller to a voicemail box: one of an extension, a number or a user."""
    return _key("voicemail", description, extension=extension, phone_number=phone_number, user_id=user_id)


def dial_by_extension(description: Any = None) -> MenuKeyInput:
    return _key("dial_by_extension", description)


def dial_by_name(description: Any = None) -> MenuKeyInput:
    return _key("dial_by_name", description)


def repeat_menu(description: Any = None) -> MenuKeyInput:
    return _key("repeat_menu", description)


def exit_menu(description: Any = None) -> MenuKeyInput:
    return _key("exit", description)


def menu_options(
    keys: Mapping[str, MenuKeyInput] | None = None,
    *,
    greeting: Literal["DEFAULT", "CUSTOM"] = "DEFAULT",
    extension_enabled: bool = True,
) -> MenuInput:
    """A menu: `menu_options({"1": transfer_to_extension("201", "sales"), "0": operator("150")})`."""
    return {"greeting": greeting, "extension_enabled": extension_enabled, "keys": dict(keys or {})}
