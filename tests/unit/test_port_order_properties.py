"""Property tests of PortOrder check: any input gets failures or passes, and no reason quotes the PIN.

The document paths include ones the file system refuses (a name too long, a `~user` nobody is):
`check_inputs` must report them as failures of `bill_file` / `csr_file`, not raise (which
`Reconciler.check` would turn into its catch-all failure, blamed on whichever property came first).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.output import Unknown

from callplan_provider.resources.base import CHECK_CRASHED, check_inputs
from callplan_provider.resources.port_order import PortOrderArgs, PortOrderProvider

PROVIDER = PortOrderProvider()
PDF = b"%PDF-1.4\n%%EOF\n"

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
unknown = st.builds(Unknown)
number = st.sampled_from(["+14155550100", "+1 415 555 0101", "+18005550100", "4155550100", "+1"]) | junk
pin = st.from_regex(r"97531[0-9]{0,9}|97531[a-z]{1,4}", fullmatch=True)


def carrier(pins):
    return st.fixed_dictionaries(
        {},
        optional={
            "name": st.text(max_size=20) | junk,
            "account_number": st.text(max_size=12) | junk,
            "pin": pins,
            "billing_telephone_number": number,
            "extra": junk,
        },
    )


address = st.fixed_dictionaries(
    {},
    optional={
        "address1": st.text(max_size=10) | junk,
        "city": st.text(max_size=10),
        "postal_code": st.text(max_size=6),
        "country": st.sampled_from(["US", "usa", "u"]) | junk,
    },
)


def inputs(paths, pins):
    return st.fixed_dictionaries(
        {},
        optional={
            "phone_numbers": st.lists(number, max_size=3) | junk | unknown,
            "losing_carrier": carrier(pins) | junk | unknown,
            "account_holder": st.fixed_dictionaries(
                {}, optional={"name": st.text(max_size=10), "service_address": address}
            )
            | junk,
            "bill_file": paths | junk | unknown,
            "bill_date": st.sampled_from(["2024-01-05", "2999-01-01", "yesterday", "2024-02-30"]) | junk,
            "csr_file": paths | junk,
            "loa": st.fixed_dictionaries(
                {},
                optional={
                    "signer_name": st.text(max_size=8),
                    "signer_email": st.sampled_from(["a@b.co", "x"]),
                },
            )
            | junk,
            "requested_date": st.sampled_from(["2024-03-01", "soon"]) | junk,
            "location_id": st.text(max_size=4) | junk | unknown,
        },
    )


def document_paths(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "bill.pdf").write_bytes(PDF)
    (folder / "text.pdf").write_text("not a pdf")
    (folder / "empty.png").write_bytes(b"")
    return st.sampled_from(
        [
            str(folder / "bill.pdf"),
            str(folder / "text.pdf"),
            str(folder / "empty.png"),
            str(folder / "missing.pdf"),
            str(folder),
            str(folder / ("x" * 300 + ".pdf")),
            "~no-such-user-zz/bill.pdf",
        ]
    )


def test_check_never_raises_and_never_quotes_the_pin(tmp_path_factory):
    paths = document_paths(tmp_path_factory)

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(inputs(paths, pin | junk | unknown))
    def run(news):
        normalised, failures = check_inputs(PortOrderArgs, news)  # no catch-all here: a crash fails
        assert isinstance(normalised, dict)
        secret = (news.get("losing_carrier") or {}) if isinstance(news.get("losing_carrier"), dict) else {}
        value = secret.get("pin")
        for failure in failures:
            assert failure.reason
            if isinstance(value, str) and value.startswith("97531"):
                assert value not in failure.reason

    run()


def test_check_through_the_provider_never_hides_a_crash(tmp_path_factory):
    paths = document_paths(tmp_path_factory)

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(inputs(paths, pin | junk))
    def run(news):
        result = PROVIDER.check({}, news)
        assert not any(f.reason.startswith(CHECK_CRASHED) for f in result.failures)

    run()
