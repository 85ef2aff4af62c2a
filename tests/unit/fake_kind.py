"""A kind whose "API" is a dict, to test the shared reconciler without HTTP."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import model_validator

from callplan_provider.client import ApiError, CallingPlanApi
from callplan_provider.numbering import ExtensionDigits, PlanNumber
from callplan_provider.resources.base import ArgsModel, FieldProblem, Live, Reconciler


class GadgetArgs(ArgsModel):
    name: str
    extension: ExtensionDigits
    phone_number: PlanNumber | None = None
    tags: list[str] = []
    location_id: str | None = None
    adopt: bool = False

    @model_validator(mode="after")
    def _no_reserved_name(self) -> GadgetArgs:
        if self.name == "reserved":
            raise FieldProblem("name", "'reserved' is taken; pick another name")
        return self


class GadgetProvider(Reconciler[GadgetArgs]):
    kind = "Gadget"
    args_model = GadgetArgs
    managed_fields = {
        "name": "gadget.name",
        "extension": "gadget.extension",
        "phone_number": "gadget.phoneNumber",
        "tags": "gadget.tags",
    }
    replace_fields = ("location_id",)
    natural_key = "name"
    computed_outputs = ("serial",)
    server_default_fields = ("location_id",)

    store: ClassVar[dict[str, dict[str, Any]]] = {}
    fail_create_with: ClassVar[ApiError | None] = None
    created_anyway: ClassVar[bool] = False
    lookup_errors_after_create: ClassVar[list[ApiError]] = []  # the look-ups after a create raise these
    _failing_finds: ClassVar[list[ApiError]] = []

    def find_existing(self, api: CallingPlanApi, args: GadgetArgs) -> tuple[str, Live] | None:
        if self._failing_finds:
            raise self._failing_finds.pop(0)
        return next(((i, dict(g)) for i, g in self.store.items() if g["name"] == args.name), None)

    def create_remote(self, api: CallingPlanApi, args: GadgetArgs) -> tuple[str, Live]:
        GadgetProvider._failing_finds = list(self.lookup_errors_after_create)
        if self.fail_create_with is not None:
            if self.created_anyway:
                self.store["g-lost"] = self._live(args, "g-lost")
            raise self.fail_create_with
        id_ = f"g-{len(self.store) + 1}"
        self.store[id_] = self._live(args, id_)
        return id_, dict(self.store[id_])

    def read_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> Live | None:
        if id_ not in self.store:
            raise ApiError(404, "not found")
        return dict(self.store[id_])

    def update_remote(self, api: CallingPlanApi, id_: str, olds: dict[str, Any], args: GadgetArgs) -> Live:
        self.store[id_] = self._live(args, id_)
        return dict(self.store[id_])

    def delete_remote(self, api: CallingPlanApi, id_: str, outputs: dict[str, Any]) -> None:
        if self.store.pop(id_, None) is None:
            raise ApiError(404, "not found")

    @staticmethod
    def _live(args: GadgetArgs, id_: str) -> Live:
        return {
            "name": args.name,
            "extension": args.extension,
            "phone_number": args.phone_number,
            "tags": sorted(args.tags),
            "location_id": args.location_id or "loc-default",
            "serial": f"SN-{id_}",
        }
