"""The reconciler every kind shares, and the base class of the resources.

`Reconciler(ResourceProvider)` does what is common, driven by class-level declarations:

    class UserProvider(Reconciler[UserArgs]):
        kind = "User"
        args_model = UserArgs                      # pydantic; also the JSON Schema of the inputs
        managed_fields = {"email": "person.emails", "first_name": "person.firstName", ...}
        replace_fields = ("email",)                # a change replaces the object
        natural_key = "email"                      # adopt=True takes over a match
        computed_outputs = ("invite_pending", "created")
        takeover_fields = None                     # default: the managed fields (see create)

- `managed_fields` maps each property the kind writes (its snake_case input name) to the wire
  field it owns, as `"<object>.<wireField>"`; diff compares exactly these properties (plus the
  replace fields), and a unit test asserts no two kinds own the same wire field.
- `written_fields`: wire fields the kind writes besides those of `managed_fields` (what a property
  writes in more than one place, or keeps for another kind); `wire_fields()` is the union. A wire
  field two kinds write must be split between them in `callplan_provider.ownership`
  (`SHARED_FIELDS`), which a unit test asserts.
- `ordered_fields`: managed list properties whose order matters (all others compare as sets).
- `server_default_fields`: properties the provider fills when the program leaves them out (the
  default location): diff ignores them while the new input is absent.
- `managed_when_given`: properties the kind manages only when the program gives them (a line's
  call recording): left out, create and update do not write them, read does not read them
  (`manages(name, props)` tells the hooks), and diff never reports a change for them.
- `delete_before_replace`: when two copies cannot live side by side (one calling line per user).

The operations:
- `check(olds, news)`: pydantic validation of `args_model` → one `CheckFailure(property, reason)`
  per failing property; never raises. Returns the normalised inputs (defaults filled, E.164, ...),
  so diff is stable; a property diff never compares is left out at its default (`adopt=False`: the
  model fills it in again wherever inputs are validated), so the state does not keep it. Unknowns
  at preview (see below) fail nothing, and everything known is checked.
  A reason says what to write instead: pydantic's own messages (`string_type`, `too_short`,
  `date_from_datetime_parsing`, ...) are replaced by a fix from `_FIXES`. A validator that raises
  anything but a `ValueError` (an `OSError`, ...) is a bug: reported as one failure on no property
  (the engine prints "resource is invalid"), starting `CHECK_CRASHED`, which the property tests
  assert never happens. Valid inputs then go through `preview.verify`: the program's clashes and
  the organisation's rules (the hooks `claimed`, `owner_in_org`, `verify_with_org`), read only for
  properties that changed. Of the hidden inputs, `__name` (the Pulumi name) is passed on and
  echoed in the outputs: create, update and delete (a replaced resource's, which gets only its
  outputs) find the resource's claims by it; `__program` (how many resources the program declares)
  serves check alone and is not kept (`preview.KEPT_KEYS`). Diff ignores both.
- `diff(id, old_outputs, new_inputs)`: deepdiff over normalised values of the managed fields,
  order-insensitive except `ordered_fields`; missing, `None` and empty containers are equal; an
  unknown new value counts as a change (and a replace on a replace field).
- `create(props)`: with a `natural_key`, first look for a match (`find_existing`). A match is
  taken without writing anything (outputs = inputs overlaid with the live values, so the next
  preview shows any difference) when `adopt=True`, or when it is what this program would have
  made: every one of `takeover_fields` (default: the managed fields) equals the inputs, a server
  default the program left out counting as equal. That is how the next `pulumi up` converges
  after a create whose reply was lost and whose look-up failed too: the object it made is taken
  over, never duplicated, with no `adopt=True`. Any other match fails the create with a message
  naming the fields that differ and `adopt=True` (on kinds that have it).
  A kind whose API refuses a second object with the natural key (a 409, nothing written) declares
  `create_refuses_clash`: its create writes first and looks the key up only when refused (or when
  adopting), so a create that clashes with nothing is its write alone; the refusal's look-up then
  decides as above.
  A create whose outcome is unknown (dropped connection, 502 on POST) is never replayed: the
  object is looked up by its natural key (`recover`: transient failures of the look-up are retried
  with bounded back-off), and a match is taken as created. When the look-up keeps failing, the
  create fails saying the next `pulumi up` will find the object.
- `read(id, outputs)`: `read_remote`; a 404 (or `None`) → `ReadResult(None, {})` (gone);
  otherwise outputs overlaid with the live values, and `inputs` = the properties the program gave
  with their live values, plus managed fields that are set now though the program left them out.
  So refresh shows only drift (a program-set `time_zone` that changed does show), never server
  defaults or `managed_when_given` properties the program left out (`+location_id`). The host
  passes read no inputs: the properties given are those the outputs hold a value for, less the
  server defaults the program left out (a server default it gave is named in the outputs'
  `__given`). Outputs written by earlier versions list every given property (`__inputs`): read
  takes the list at its word; outputs older still, with neither, count the server defaults as left
  out. Read returns the outputs in today's form.
- `update(id, old_outputs, news)`: `update_remote`; outputs echo the new inputs.
- `delete(id, outputs)`: `delete_remote`; a 404 means already gone.
Outputs echo every stored input (and `__name`), plus `computed_outputs` taken from the live
values, the server defaults the program left out, and `__given` when the program gave one (Pulumi's
display hides "__" keys). Nothing else: the engine rewrites the whole state after every step.

Unknowns. At preview an input may hold `pulumi.output.Unknown` anywhere (`user_id=user.id` of a
user not created yet, inside a menu key). The whole input is validated with the unknowns in place,
and only the errors *about* an unknown are dropped: a pydantic error whose input is the unknown
itself (a type or format check at its place), or one raised as `UnknownInside` by a validator that
must see a whole container (business hours, menu keys) and found an unknown in it. So a bad
extension in key 2 fails while key 1's user id is unknown, and a misspelt property fails whatever
its value. What waits for apply: a model-level rule (`model_validator(mode="after")`) of a model
with an unknown anywhere in its fields (pydantic runs it only once all its fields are valid), e.g.
PhoneMenu's "an extension or a phone number" while a key's user id is unknown. A property holding
an unknown is returned as given (it is a change anyway, and check runs again once it is known);
the others are normalised one by one, defaults filled. Validators need not know about unknowns,
except that a before- or wrap-validator of a container must not judge it by an unknown inside:
validate the known items, then raise `UnknownInside`.

Hooks a kind implements (`api` is the process's `CallingPlanApi`; "live" dicts are keyed by
property name in input form, and hold the managed fields and the computed outputs the API
reports). The base spells every live value of a compared field as check spells the inputs
(`spelled_as_inputs`: the field's own validators), so the API's `en_US`, `us` or `Ann@Example.com`
equals the program's `en-US`, `US` or `ann@example.com`; a kind never normalises them itself:
- `create_remote(api, args) -> (id, live)`; must leave nothing behind when it fails;
- `read_remote(api, id, outputs) -> live | None` (None or a 404 `ApiError` = gone);
- `update_remote(api, id, old_outputs, args) -> live`;
- `delete_remote(api, id, outputs) -> None`;
- `find_existing(api, args) -> (id, live) | None`: the natural-key lookup (kinds with a key).
A hook that creates more than one object uses `create_once(create, find)` for the objects
besides the resource's own, so a lost reply never makes a second copy; and when the resource's own
create has an unknown outcome, it keeps what it made before (the object may exist and use it) and
lets the error through, for the base to recover. `recover(find)` is the one retrying look-up.
Hooks raise `ApiError` (wrapped here into a short `CallplanError`) or `CallplanError` itself for
a rule only the API can check. Providers hold no instance attributes (state compatibility:
the class is pickled by reference), never get renamed or moved.

`CallplanResource(dynamic.Resource)`: seeds every output key with `None` (so outputs are
visible; the program reads a resource's inputs overlaid with its outputs, so an input left out of
the state, such as `adopt`, still reads as given in `pulumi up`; a preview shows it unknown),
sends the program's line as the source position and no stack trace, and works around the SDK's
`serialize_provider` leaking one pickle wrapper per call, which hits a RecursionError near 1,000
dynamic resources in one program.
"""

from __future__ import annotations

import itertools
import pickle
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Generic, Protocol, TypeVar
from zoneinfo import available_timezones

import pulumi
import pulumi.runtime.resource as sdk_resource
from deepdiff import DeepDiff
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.dynamic import (
    Resource as DynamicResource,
)
from pulumi.output import Unknown
from pulumi.runtime.proto import source_pb2
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from callplan_provider.client import CallingPlanApi
from callplan_provider.client.session import ApiError, backoff_seconds
from callplan_provider.ownership import refusal
from callplan_provider.resources import claims, config, org_cache, preview
from callplan_provider.resources.claims import Key

PROVIDER_KEY = "__provider"
# Kept with the outputs when the program gave one of the kind's `server_default_fields`: their names,
# so that read tells them from values the provider filled in. Pulumi's display hides "__" keys.
DEFAULTS_GIVEN_KEY = "__given"
# The names of all the properties the program gave, as states written before `DEFAULTS_GIVEN_KEY`
# keep them in their outputs: read still honours it (and drops it).
GIVEN_KEY = "__inputs"
# How a check failure caused by a validator bug starts (never by bad input: see `check_crashed`).
CHECK_CRASHED = "invalid input:"
# How many times `recover` tries a look-up that fails transiently (waits: `backoff_seconds`).
RECOVERY_ATTEMPTS = 4
Live = dict[str, Any]
T = TypeVar("T")


class CallplanError(Exception):
    """What a provider reports to the user: short, readable, without secrets."""


class ArgsModel(BaseModel):
    """Base of every `...Args` model: snake_case properties, unknown properties refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class FieldProblem(ValueError):
    """Raise from a model validator to blame one property: `FieldProblem("phone_number", "...")`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


ArgsT = TypeVar("ArgsT", bound=BaseModel)


class Reconciler(ResourceProvider, Generic[ArgsT]):
    """See the module docstring for the declarations and hooks."""

    kind: ClassVar[str] = ""
    args_model: type[ArgsT]
    managed_fields: ClassVar[Mapping[str, str]] = {}
    replace_fields: ClassVar[tuple[str, ...]] = ()
    natural_key: ClassVar[str | None] = None
    computed_outputs: ClassVar[tuple[str, ...]] = ()
    written_fields: ClassVar[tuple[str, ...]] = ()
    ordered_fields: ClassVar[tuple[str, ...]] = ()
    server_default_fields: ClassVar[tuple[str, ...]] = ()
    managed_when_given: ClassVar[tuple[str, ...]] = ()
    delete_before_replace: ClassVar[bool] = False
    # The fields a found object must share with the inputs to be taken over without adopt=True
    # (None: every managed field). A kind may name fewer: those that say "this is the same thing".
    takeover_fields: ClassVar[tuple[str, ...] | None] = None
    # The API refuses a second object with the natural key (409) and writes nothing: create writes
    # first and looks the key up only when refused (or adopting), so a create is its write alone.
    create_refuses_clash: ClassVar[bool] = False
    # Nothing secret is captured: the serialized provider needs no secret wrapping.
    serialize_as_secret_always: bool = False

    # ---- hooks -------------------------------------------------------------------------------

    def create_remote(self, api: CallingPlanApi, args: ArgsT) -> tuple[str, Live]:
        raise NotImplementedError

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        raise NotImplementedError

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: ArgsT) -> Live:
        raise NotImplementedError

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        raise NotImplementedError

    def find_existing(self, api: CallingPlanApi, args: ArgsT) -> tuple[str, Live] | None:
        return None

    # Hooks of the checks against the organisation and the program (`resources/preview.py`):
    def claimed(self, inputs: Mapping[str, Any]) -> dict[Key, str]:
        """The keys (`claims.Key`) these inputs hold, each with the property that holds it."""
        return {}

    def owner_in_org(self, inputs: Mapping[str, Any]) -> str | None:
        """The id of the object these inputs are in the organisation, when check can know it."""
        return None

    def verify_with_org(self, check: preview.OrgCheck) -> None:
        """The organisation's rules about the changed properties (`check.changed`, `check.fail`)."""

    def park(self, api: CallingPlanApi, id_: str, props: Mapping[str, Any], keys: frozenset[Key]) -> None:
        """Let go of `keys` for now (a swap: the other side waits for them); the update follows."""
        raise CallplanError(f"{self.kind} cannot hand over {', '.join(claims.describe(k) for k in keys)}")

    # ---- declarations, derived -------------------------------------------------------------

    @classmethod
    def input_names(cls) -> tuple[str, ...]:
        return tuple(cls.args_model.model_fields)

    @classmethod
    def output_names(cls) -> tuple[str, ...]:
        return cls.input_names() + tuple(n for n in cls.computed_outputs if n not in cls.input_names())

    @classmethod
    def wire_fields(cls) -> tuple[str, ...]:
        """Every wire field the kind writes: its managed fields' and `written_fields`."""
        return tuple(dict.fromkeys([*cls.managed_fields.values(), *cls.written_fields]))

    @classmethod
    def compared_fields(cls) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*cls.managed_fields, *cls.replace_fields]))

    @classmethod
    def manages(cls, name: str, props: Mapping[str, Any]) -> bool:
        """Whether the kind manages `name` for a resource with these inputs (or outputs): always,
        unless `name` is one of `managed_when_given` that `props` leave out. Outputs listing the
        given properties (`GIVEN_KEY`) were written while such a property was always managed, at a
        default of False whether the program gave it or not: a falsy one there counts as left out."""
        if name not in cls.managed_when_given:
            return True
        value = props.get(name)
        return not is_absent(value) and not (GIVEN_KEY in props and not value)

    @classmethod
    def identity_fields(cls) -> tuple[str, ...]:
        """The fields that decide whether a found object is taken over (`takeover_fields`)."""
        return cls.takeover_fields if cls.takeover_fields is not None else tuple(cls.managed_fields)

    # ---- the provider protocol -------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        config.configure(req.config)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        hidden = {k: news[k] for k in preview.HIDDEN_KEYS if k in news}
        inputs = {k: v for k, v in news.items() if k != PROVIDER_KEY and k not in hidden}
        try:
            normalised, failures = check_inputs(self.args_model, inputs)
            if not failures:
                failures = preview.verify(self, olds, normalised, hidden)
        except Exception as exc:  # a validator bug must not crash the engine's check
            return CheckResult(inputs, [check_crashed(exc)])
        kept = {k: v for k, v in hidden.items() if k in preview.KEPT_KEYS}
        return CheckResult({**self._stored(normalised), **kept}, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = self.changed_fields(olds, news)
        replaces = [name for name in changed if name in self.replace_fields]
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            stables=[],
            delete_before_replace=self.delete_before_replace if replaces else None,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        args = self._args(props, "create")
        with self._reported("create"):
            api = config.api()
            preview.before_write(self, api, None, props)
            try:
                result = self._create_or_claim(api, props, args)
            finally:
                org_cache.changed(api)
        preview.after_write(props)
        return result

    def _create_or_claim(self, api: CallingPlanApi, props: dict[str, Any], args: ArgsT) -> CreateResult:
        """An existing object with the natural key (looked up first, or after the API refused a
        clash: `create_refuses_clash`), else the one created."""
        look_first = self.natural_key and (not self.create_refuses_clash or getattr(args, "adopt", False))
        found = self.find_existing(api, args) if look_first else None
        if found is None:
            try:
                id_, live = self.create_remote(api, args)
            except ApiError as err:
                found = self._refused_clash(api, args, err)
                if found is None:
                    id_, live = self._recover_unknown_outcome(api, args, err)
            if found is None:
                return CreateResult(id_, self._outputs(props, self.spelled_as_inputs(live)))
        return self._claim(props, args, found[0], self.spelled_as_inputs(found[1]))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        with self._reported("read", id_):
            try:
                live = self.read_remote(config.api(), id_, props)
            except ApiError as err:
                if not err.is_not_found:
                    raise
                live = None
        if live is None:
            return ReadResult(None, {})
        live = self.spelled_as_inputs(live)
        given = self._given(props)
        outs = {**self._echoed(props, given), **live}
        return ReadResult(id_, outs, inputs=self._refreshed_inputs(props, given, live, outs))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self._args(news, "update")
        with self._reported("update", id_):
            api = config.api()
            preview.before_write(self, api, id_, {**olds, **news})
            try:
                live = self.spelled_as_inputs(self.update_remote(api, id_, olds, args))
            finally:
                org_cache.changed(api)
        preview.after_write(news)
        previous = {k: olds.get(k) for k in self.computed_outputs if k in olds}
        return UpdateResult(self._outputs(news, {**previous, **live}))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        with self._reported("delete", id_):
            api = config.api()
            try:
                self.delete_remote(api, id_, props)
            except ApiError as err:
                if not err.is_not_found:
                    raise
            finally:
                org_cache.changed(api)
        preview.after_write(props)

    # ---- helpers ---------------------------------------------------------------------------

    def spelled_as_inputs(self, live: Live) -> Live:
        """Live values of the compared fields, spelled as check spells the inputs.

        The API may spell a value otherwise than check does (`en_US` or `EN-us` for `en_us`, `us`
        for `US`, an e-mail with capitals, a number with spaces): the same value, so diff must not
        see a change, and apply would write nothing but another spelling of it.
        """
        compared = set(self.compared_fields()) & set(self.args_model.model_fields)
        return {
            name: _normalise_field(self.args_model, name, value)
            if name in compared and value is not None
            else value
            for name, value in live.items()
        }

    def changed_fields(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The compared fields `news` changes (what diff reports); an update hook may write only those."""
        return [name for name in self.compared_fields() if self._field_changed(name, olds, news)]

    def refuse_main_number(self, phone_number: str | None, main_number: str | None) -> None:
        """A kind other than MainNumber may not write the main number as its own (`ownership.refusal`)."""
        reason = refusal(self.kind, phone_number, main_number)
        if reason is not None:
            raise CallplanError(reason)

    def _args(self, props: Mapping[str, Any], operation: str) -> ArgsT:
        inputs = {k: v for k, v in props.items() if k in self.args_model.model_fields and v is not None}
        try:
            return self.args_model.model_validate(inputs)
        except ValidationError as exc:
            reasons = "; ".join(f"{f.property}: {f.reason}" for f in failures_of(exc))
            raise CallplanError(f"{self.kind} {operation}: invalid inputs: {reasons}") from None

    def _claim(self, props: dict[str, Any], args: ArgsT, id_: str, live: Live) -> CreateResult:
        """The object with the program's natural key: adopted (adopt=True), taken over when it is
        what this program would have made (its identity fields equal the inputs), else refused."""
        differing = [name for name in self.identity_fields() if self._field_changed(name, live, props)]
        if differing and not getattr(args, "adopt", False):
            key = self.natural_key or "key"
            fix = (
                "Set adopt=True to take it over (the next preview shows the difference), or remove it first."
                if "adopt" in self.args_model.model_fields
                else "Remove it first, or declare it as it is."
            )
            raise CallplanError(
                f"{self.kind} with {key} {getattr(args, key, None)!r} already exists (id {id_}) and differs "
                f"from the program in {', '.join(differing)}. {fix}"
            )
        if not differing:
            pulumi.log.info(
                f"{self.kind} {id_} already exists as the program declares it (for example made by an "
                "attempt whose reply was lost): taken over"
            )
        return CreateResult(id_, {**self._outputs(props, live), **live})

    def _refused_clash(self, api: CallingPlanApi, args: ArgsT, err: ApiError) -> tuple[str, Live] | None:
        """What a create that writes first (`create_refuses_clash`) clashed with, or None."""
        if not (self.create_refuses_clash and err.is_conflict):
            return None
        return self.find_existing(api, args)

    def _recover_unknown_outcome(self, api: CallingPlanApi, args: ArgsT, err: ApiError) -> tuple[str, Live]:
        """After a create whose reply was lost, the object may exist: find it, never re-send.

        Raises `err` when the outcome is known or the kind has no natural key; when the look-up
        itself fails, says that the next `pulumi up` finds the object (see `_claim`)."""
        if not (err.is_outcome_unknown and self.natural_key):
            raise err
        try:
            found = recover(lambda: self.find_existing(api, args))
        except ApiError as lookup:
            raise CallplanError(
                f"create {self.kind} failed: {err}. Whether it was made is unknown: looking it up failed "
                f"too ({lookup}). Run `pulumi up` again: it finds what this attempt made and takes it over"
            ) from None
        if found is None:
            raise err
        return found

    def _stored(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The checked inputs the state keeps: a property diff never compares is left out at its
        default (`adopt=False`), as the model fills it in again wherever the inputs are validated."""
        return {k: v for k, v in inputs.items() if self._kept_in_state(k, v)}

    def _kept_in_state(self, name: str, value: Any) -> bool:
        """False for a property diff never compares that holds its default (see `_stored`)."""
        field = self.args_model.model_fields.get(name)
        return (
            field is None
            or name in self.compared_fields()
            or field.is_required()
            or value != field.get_default(call_default_factory=True)
        )

    def _kept_from(self, name: str, props: Mapping[str, Any]) -> bool:
        """Whether outputs written earlier (`props`) still keep `name` as today's check would: not a
        left-out default (`_kept_in_state`), not a `managed_when_given` property left out (`manages`)."""
        return self.manages(name, props) and self._kept_in_state(name, props.get(name))

    def _mark_defaults_given(self, outs: dict[str, Any], given: Iterable[str]) -> None:
        """Name in `outs` the server defaults the program gave (`DEFAULTS_GIVEN_KEY`), if any."""
        names = set(given)
        defaults_given = [k for k in self.server_default_fields if k in names]
        if defaults_given:
            outs[DEFAULTS_GIVEN_KEY] = defaults_given

    def _outputs(self, inputs: Mapping[str, Any], live: Live) -> dict[str, Any]:
        """The inputs (hidden `__name` too: delete releases the resource's keys by it), the computed
        outputs, the server defaults the program left out, and which of those it gave."""
        outs = {k: v for k, v in inputs.items() if k not in _NOT_ECHOED}
        given = [k for k, v in outs.items() if v is not None]
        outs.update({k: live.get(k) for k in self.computed_outputs})
        outs.update({k: live[k] for k in self.server_default_fields if outs.get(k) is None and k in live})
        self._mark_defaults_given(outs, given)
        return outs

    def _given(self, props: Mapping[str, Any]) -> list[str]:
        """The properties the program gave, told from the outputs (`props`).

        Every property the outputs hold a value for, except a server default the program left out.
        Outputs listing them all (`GIVEN_KEY`) are taken at their word, less what today's check
        does not keep (a default `_stored` leaves out, a `managed_when_given` property `manages`
        counts as left out); outputs with neither record were written before either: their server
        defaults count as left out.
        """
        listed = props.get(GIVEN_KEY)
        if isinstance(listed, list):
            return [k for k in listed if isinstance(k, str) and self._kept_from(k, props)]
        defaults_given = props.get(DEFAULTS_GIVEN_KEY) or []
        return [
            k
            for k in self.input_names()
            if not is_absent(props.get(k)) and (k not in self.server_default_fields or k in defaults_given)
        ]

    def _echoed(self, props: Mapping[str, Any], given: list[str]) -> dict[str, Any]:
        """The outputs read keeps (`props` less what the host adds), in the form `_outputs` writes."""
        outs = {
            k: v
            for k, v in props.items()
            if k not in _NOT_ECHOED and k != DEFAULTS_GIVEN_KEY and self._kept_from(k, props)
        }
        self._mark_defaults_given(outs, given)
        return outs

    def _refreshed_inputs(
        self, props: Mapping[str, Any], given: list[str], live: Live, outs: Mapping[str, Any]
    ) -> dict[str, Any]:
        """What refresh records as the inputs: only drift shows on the next `pulumi up`, no `+location_id`.

        The properties the program gave (`_given`), with their live values, plus managed fields that
        are now set though the program left them out (set out of band: diff reports them too).
        Server defaults and `managed_when_given` properties the program left out stay out. The
        hidden inputs check passes on (`preview.KEPT_KEYS`) are kept: without drift, the inputs are
        then those the program's check gives, and the engine writes nothing for the resource's same
        step (a same step whose inputs differ from the state's makes it write the whole state, at
        preview too: quadratic).
        """
        names = [k for k in given if k in outs]
        names += [
            k
            for k in self.managed_fields
            if k not in names
            and k not in self.server_default_fields
            and k not in self.managed_when_given
            and not is_absent(live.get(k))
        ]
        kept = {k: props[k] for k in preview.KEPT_KEYS if k in props}
        return {**{k: outs[k] for k in names}, **kept}

    def _field_changed(self, name: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        new = news.get(name)
        if contains_unknown(new):
            return True
        if is_absent(new) and (name in self.server_default_fields or name in self.managed_when_given):
            return False
        return values_differ(olds.get(name), new, ordered=name in self.ordered_fields)

    @contextmanager
    def _reported(self, operation: str, id_: str | None = None) -> Iterator[None]:
        """Turn client and settings errors into one short `CallplanError` line."""
        subject = f"{self.kind} {id_}" if id_ else self.kind
        try:
            yield
        except ApiError as err:
            raise CallplanError(f"{operation} {subject} failed: {err}") from None
        except config.SettingsError as err:
            raise CallplanError(f"{operation} {subject}: {err}") from None


# ---- check --------------------------------------------------------------------------------


class UnknownInside(ValueError):
    """Raise from a validator that cannot judge a container until the unknowns inside it are known.

    Validate the known items first (their errors are real); raise this only when they are fine.
    At preview its error is dropped like an error about an unknown value itself.
    """

    def __init__(self) -> None:
        super().__init__("holds values that are not known yet")


def check_inputs(
    model: type[BaseModel], inputs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[CheckFailure]]:
    """Validate `inputs` against `model`, unknowns in place; (normalised inputs, failures).

    Only the errors about an unknown are dropped (see the module docstring).
    """
    given = {k: v for k, v in inputs.items() if v is not None}
    try:
        args = model.model_validate(given)
    except ValidationError as exc:
        failures = failures_of(exc, skip=_about_unknown)
        if failures:
            return dict(inputs), failures
        return _normalise_fields(model, given), []
    if contains_unknown(given):  # a validator let an unknown through: it cannot be dumped as JSON
        return _normalise_fields(model, given), []
    return _dump(args), []


def check_crashed(exc: Exception) -> CheckFailure:
    """The failure reported when a validator raised instead of failing: a bug, never bad input.

    It blames no property (it cannot know which), and quotes only the exception's type: its text
    may hold an input value, e.g. a PIN. Tests assert no failure starts with `CHECK_CRASHED`.
    """
    return CheckFailure(
        "", f"{CHECK_CRASHED} the provider's check raised {type(exc).__name__}: a bug, please report it"
    )


def _about_unknown(error: Mapping[str, Any]) -> bool:
    """An error judging an unknown value, or one that waits for an unknown (`UnknownInside`)."""
    if error.get("type") == "extra_forbidden":
        return False  # a misspelt property is wrong whatever its value
    cause = (error.get("ctx") or {}).get("error")
    return isinstance(error.get("input"), Unknown) or isinstance(cause, UnknownInside)


def _dump(args: BaseModel) -> dict[str, Any]:
    return {k: v for k, v in args.model_dump(mode="json", exclude_none=True).items()}


def _normalise_fields(model: type[BaseModel], given: Mapping[str, Any]) -> dict[str, Any]:
    """Field by field, when the model as a whole cannot be built (unknowns at preview).

    A field holding an unknown is kept as given (it is a change anyway, and check runs again once
    it is known); the others are normalised, and absent ones get their defaults.
    """
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name in given:
            value = given[name]
            out[name] = value if contains_unknown(value) else _normalise_field(model, name, value)
        elif not field.is_required():
            default = field.get_default(call_default_factory=True)
            if default is not None:
                out[name] = _normalise_field(model, name, default)
    return out


def _normalise_field(model: type[BaseModel], name: str, value: Any) -> Any:
    try:
        adapter = _field_adapter(model, name)
        return adapter.dump_python(adapter.validate_python(value), mode="json", exclude_none=True)
    except (ValidationError, ValueError, TypeError):
        return value


@lru_cache(maxsize=256)
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    return TypeAdapter(annotation)  # type: ignore[arg-type]


def failures_of(
    exc: ValidationError, skip: Callable[[Mapping[str, Any]], bool] | None = None
) -> list[CheckFailure]:
    """One `CheckFailure` per property (first problem wins), with a readable reason."""
    failures: dict[str, CheckFailure] = {}
    for error in exc.errors():
        if skip is not None and skip(error):
            continue
        prop, reason = _describe(error)
        failures.setdefault(prop, CheckFailure(prop, reason))
    return list(failures.values())


def _describe(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = tuple(error.get("loc") or ())
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldProblem):
        return cause.field, cause.message
    prop = str(loc[0]) if loc else ""
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
    message = _reason(error)
    return prop, f"{prop}{path}: {message}" if path else message


def _reason(error: Mapping[str, Any]) -> str:
    """What is wrong and what to write instead: pydantic's message, or a fix for its error type."""
    fix = _FIXES.get(str(error.get("type", "")))
    if fix is not None:
        return fix(error.get("ctx") or {})
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return message.replace("Input should be", "must be", 1)


def _text_too_short(ctx: Mapping[str, Any]) -> str:
    low = ctx.get("min_length", 1)
    return "must not be empty; give a value" if low == 1 else f"must be at least {low} characters long"


def _too_few_items(ctx: Mapping[str, Any]) -> str:
    low = ctx.get("min_length", 1)
    return "is empty; give at least one" if low == 1 else f"needs at least {low} items; add some"


def _not_a_date(ctx: Mapping[str, Any]) -> str:
    detail = ctx.get("error")
    hint = f"{_DATE}, e.g. '2026-11-20'"
    return f"{hint} ({detail})" if isinstance(detail, str) and detail else hint


_DATE = "must be a date as YYYY-MM-DD"
_MAPPING = "must be a mapping of its properties (a dict), e.g. {'name': ...}"
_BOOLEAN = "must be true or false"
_WHOLE_NUMBER = "must be a whole number, e.g. 3"
# pydantic error type → what to write instead (its own messages say what is wrong, not the fix).
_FIXES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda ctx: "is required",
    "extra_forbidden": lambda ctx: "is not a property of this resource; remove it (check the spelling)",
    "string_type": lambda ctx: "must be text: write it as a string in quotes",
    "string_too_short": _text_too_short,
    "string_too_long": lambda ctx: f"must be at most {ctx.get('max_length')} characters; shorten it",
    "string_pattern_mismatch": lambda ctx: f"has the wrong form: it must match {ctx.get('pattern')}",
    "too_short": _too_few_items,
    "too_long": lambda ctx: f"has more than {ctx.get('max_length')} items; remove some",
    "list_type": lambda ctx: "must be a list, e.g. ['a', 'b']; put even a single value in [ ]",
    "dict_type": lambda ctx: _MAPPING,
    "model_type": lambda ctx: _MAPPING,
    "model_attributes_type": lambda ctx: _MAPPING,
    "bool_type": lambda ctx: _BOOLEAN,
    "bool_parsing": lambda ctx: _BOOLEAN,
    "int_type": lambda ctx: _WHOLE_NUMBER,
    "int_parsing": lambda ctx: _WHOLE_NUMBER,
    "int_from_float": lambda ctx: _WHOLE_NUMBER,
    "date_type": _not_a_date,
    "date_parsing": _not_a_date,
    "date_from_datetime_parsing": _not_a_date,
    "date_from_datetime_inexact": lambda ctx: f"{_DATE} without a time, e.g. '2026-11-20'",
}


# ---- diff ---------------------------------------------------------------------------------


def contains_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return False


def is_absent(value: Any) -> bool:
    return value is None or (isinstance(value, list | tuple | dict) and not value)


def canonical(value: Any) -> Any:
    """Drop `None` and empty containers from mappings, recursively; tuples become lists."""
    if isinstance(value, Mapping):
        return {k: canonical(v) for k, v in value.items() if not is_absent(v)}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return value


def values_differ(old: Any, new: Any, *, ordered: bool = False) -> bool:
    """Would apply change `old` into `new`? Missing, None and empty are the same thing."""
    old, new = canonical(old), canonical(new)
    if is_absent(old) and is_absent(new):
        return False
    if is_absent(old) or is_absent(new):
        return True
    return bool(DeepDiff(old, new, ignore_order=not ordered))


# What the outputs never echo: the host adds the provider itself; the program's size and the
# list of given properties (`GIVEN_KEY`, older states) serve check and read only.
_NOT_ECHOED = frozenset({PROVIDER_KEY, preview.PROGRAM_KEY, GIVEN_KEY})


# ---- hook helpers -------------------------------------------------------------------------


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def recover(find: Callable[[], T]) -> T:
    """The look-up after a lost reply, tried up to `RECOVERY_ATTEMPTS` times while it fails
    transiently (`ApiError.is_transient`), waiting `backoff_seconds` in between; else its error."""
    for attempt in range(RECOVERY_ATTEMPTS):
        try:
            return find()
        except ApiError as err:
            if not err.is_transient or attempt + 1 == RECOVERY_ATTEMPTS:
                raise
        time.sleep(backoff_seconds(attempt))
    raise AssertionError("unreachable")


def create_once(create: Callable[[], str], find: Callable[[], HasId | None]) -> str:
    """`create()` → id. When its reply was lost (`is_outcome_unknown`) the object may exist: the id of
    `find()` (by natural key, through `recover`) if it does, never a second create. When the look-up
    finds nothing or fails, the create's own error is raised (its outcome is still unknown)."""
    try:
        return create()
    except ApiError as err:
        if not err.is_outcome_unknown:
            raise
        try:
            found = recover(find)
        except ApiError:
            raise err from None
        if found is None:
            raise
        return found.id


# ---- the resource base --------------------------------------------------------------------


class CallplanResource(DynamicResource):
    """Base of the resources: `class User(CallplanResource, module="callplan", name="User")`.

    Subclasses set `provider_class` and pass their inputs as a dict of property names.
    """

    provider_class: ClassVar[type[Reconciler[Any]]]

    def __init__(
        self,
        resource_name: str,
        inputs: Mapping[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        provider = self.provider_class()
        props: dict[str, Any] = dict.fromkeys(provider.output_names())
        props.update({k: v for k, v in inputs.items() if v is not None})
        props[preview.NAME_KEY] = resource_name
        props[preview.PROGRAM_KEY] = _program_size()
        with _registration():
            super().__init__(provider, resource_name, props, opts)


@contextmanager
def _registration() -> Iterator[None]:
    """The SDK, mended for one registration.

    `serialize_provider()` wraps `pickle._Pickler._batch_setitems` around its previous wrapper on
    every call and never undoes it: one stack frame per resource, RecursionError near 1,000
    resources. Both methods are put back after each registration.

    The SDK records the whole call stack of every registration in the state (about 1.2 KB a
    resource: the package's own frames, the event loop's, the language host's) and takes its first
    frame, one of this package's, as the resource's source position. Only the program's line is
    worth keeping: it becomes the source position (`_declaration_frame`), and no stack trace is sent.
    """
    batch_setitems = pickle._Pickler._batch_setitems  # type: ignore[attr-defined]
    save_dict = pickle._Pickler.save_dict  # type: ignore[attr-defined]
    stack_trace, source_position = sdk_resource._get_stack_trace, sdk_resource._get_source_position
    declared: list[source_pb2.StackTrace] = []

    def no_stack_trace() -> None:
        declared.append(_declaration_frame(stack_trace()))

    def declaration_position(stack: source_pb2.StackTrace | None) -> source_pb2.SourcePosition | None:
        return source_position(declared[-1]) if declared else None

    # None leaves the request's stackTrace unset; the source position comes from the frame kept.
    sdk_resource._get_stack_trace = no_stack_trace  # type: ignore[assignment]
    sdk_resource._get_source_position = declaration_position
    try:
        yield
    finally:
        pickle._Pickler._batch_setitems = batch_setitems  # type: ignore[attr-defined]
        pickle._Pickler.save_dict = save_dict  # type: ignore[attr-defined]
        sdk_resource._get_stack_trace = stack_trace
        sdk_resource._get_source_position = source_position


_PACKAGE_URI = Path(__file__).resolve().parents[1].as_uri() + "/"


def _declaration_frame(trace: source_pb2.StackTrace) -> source_pb2.StackTrace:
    """The program line that declared the resource, alone: the first frame outside this package."""
    for frame in trace.frames:
        if frame.pc.uri and not frame.pc.uri.startswith(_PACKAGE_URI):
            return source_pb2.StackTrace(frames=[frame])
    return trace


_declared = itertools.count(1)
_declared_count = 0


def _program_size() -> pulumi.Output[int]:
    """How many resources of this package the program declares: resolved once the program's code has
    run (registrations go out after it), so each check knows which one is the program's last."""
    global _declared_count
    _declared_count = next(_declared)
    return pulumi.Output.from_input(0).apply(lambda _: _declared_count)


# ---- field types shared by the kinds ----------------------------------------------------------

# Numbers and extensions: `callplan_provider.numbering`.
ObjectId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def email_address(value: str) -> str:
    """An e-mail address, stripped; ValueError saying what to write otherwise."""
    email = value.strip()
    if not re.fullmatch(EMAIL_PATTERN, email):
        raise ValueError(f"{value!r} is not an e-mail address; write one such as ann@example.com")
    return email


def email_if_text(value: Any) -> Any:
    """Before-validator form of `email_address`: other types go on to the type check."""
    return email_address(value) if isinstance(value, str) else value


_TIME_ZONES = frozenset(available_timezones())


def time_zone_name(value: str) -> str:
    """An IANA time zone, e.g. 'America/New_York'; ValueError saying what to write otherwise."""
    if value not in _TIME_ZONES:
        raise ValueError(f"{value!r} is not an IANA time zone; write e.g. 'America/New_York'")
    return value


def language_code(value: str) -> str:
    """A Webex language code, lower case with an underscore: 'en_us', 'fr_ca'."""
    code = value.strip().lower().replace("-", "_")
    if not re.fullmatch(r"[a-z]{2}_[a-z]{2}", code):
        raise ValueError(f"{value!r} is not a language code; write e.g. 'en_us' or 'fr_ca'")
    return code


def country_code(value: str) -> str:
    """An ISO 3166 alpha-2 country code, upper case."""
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"{value!r} is not a two-letter country code (ISO 3166), e.g. 'US'")
    return code


TimeZone = Annotated[str, AfterValidator(time_zone_name)]
LanguageCode = Annotated[str, AfterValidator(language_code)]
CountryCode = Annotated[str, AfterValidator(country_code)]
