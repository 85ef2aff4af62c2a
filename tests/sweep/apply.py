"""The apply half of the bad-input sweep: what check lets through is created on a served sandbox.

`sweep_apply(kind, facts)` draws near-valid inputs of `kind` until `SWEEP_APPLY`'s examples have
passed check; each is created through the provider, in process, on the organisation of `facts`.
- A refusal is classified (`refusals.classify`): an offline rule check could have known, or one
  no rule explains, is a finding; the organisation's and the submission day's rules are counted.
- A create that succeeds must show no change: diff of its outputs, and of a fresh read, against
  the checked inputs (else `pulumi up` then `pulumi preview` would flap), unless it adopted an
  existing object (`adopt=True`: the next preview shows the difference, by design). Then it is
  deleted (a delete the organisation refuses, e.g. of a port order near its FOC date, keeps it).
Findings are collected over the whole run and reported together (no shrinking against a server).
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given

from callplan_provider.resources import provider_classes
from tests.sweep.conftest import SWEEP_APPLY, TALLY
from tests.sweep.inputs import OrgFacts, inputs_for
from tests.sweep.refusals import OFFLINE, UNCLASSIFIED, classify, known_gap


def sweep_apply(kind: str, facts: OrgFacts) -> None:
    provider = provider_classes()[kind]()
    findings: list[str] = []

    @SWEEP_APPLY
    @given(inputs_for(kind, facts))
    def sweep(news: dict[str, Any]) -> None:
        TALLY.add(kind, "sandbox", "tried")
        checked = provider.check({}, news)
        if checked.failures:
            TALLY.add(kind, "sandbox", "refused by check")
        assume(not checked.failures)  # cheap: hypothesis draws another; `SWEEP_APPLY` counts applies
        inputs = checked.inputs
        try:
            created = provider.create(inputs)
        except Exception as err:
            refusal = classify(kind, inputs, err)
            gap = known_gap(kind, inputs)
            if gap is not None:
                TALLY.add(kind, "sandbox", "known gaps")
                TALLY.rules[f"known gap: {gap.what}"] += 1
                return
            TALLY.add(kind, "sandbox", f"refused by {refusal.category} rules")
            TALLY.rules[f"{refusal.category} rule: {refusal.rule}"] += 1
            if refusal.category in (OFFLINE, UNCLASSIFIED):
                findings.append(
                    f"{refusal.category}: {refusal.rule}\n    inputs: {news!r}\n    {refusal.message}"
                )
            return
        TALLY.add(kind, "sandbox", "created")
        outs = created.outs or {}
        try:
            if inputs.get("adopt"):
                return
            if provider.diff(created.id, outs, inputs).changes:
                findings.append(f"diff after create shows a change\n    inputs: {news!r}")
            read = provider.read(created.id, outs)
            if provider.diff(created.id, read.outs or {}, inputs).changes:
                findings.append(
                    f"diff after refresh shows a change\n    inputs: {news!r}\n    read: {read.outs!r}"
                )
        finally:
            delete(created.id, outs)

    def delete(id_: str, outs: dict[str, Any]) -> None:
        """Leave the organisation as found; a delete the organisation refuses (a port order near its
        FOC date) keeps the object, anything else is a finding."""
        try:
            provider.delete(id_, outs)
        except Exception as err:
            refusal = classify(kind, outs, err)
            if refusal.category in (OFFLINE, UNCLASSIFIED):
                findings.append(f"delete failed: {refusal.rule}\n    {refusal.message}")
            TALLY.add(kind, "sandbox", "kept: the organisation refused the delete")

    sweep()
    assert not findings, f"{len(findings)} finding(s) of the {kind} apply sweep:\n" + "\n".join(findings)
