"""Port-order rules that need no server: the declared lifecycle, document sniffing, PIN hashing."""

from itertools import pairwise

from callplan_provider.sandbox.backend.port_orders import TRANSITIONS, hash_pin, sniff_media_type


def test_transitions_form_one_chain_to_completed():
    chain = [TRANSITIONS[0].source] + [t.target for t in TRANSITIONS]
    assert chain == ["SUBMITTED", "IN_REVIEW", "FOC_CONFIRMED", "COMPLETED"]
    assert all(a.target == b.source for a, b in pairwise(TRANSITIONS))


def test_sniff_media_type_recognises_pdf_and_png():
    assert sniff_media_type(b"%PDF-1.4 ...") == "application/pdf"
    assert sniff_media_type(b"\x89PNG\r\n\x1a\n....") == "image/png"


def test_sniff_media_type_ignores_lookalikes():
    assert sniff_media_type(b"PDF-1.4") is None
    assert sniff_media_type(b"\x89PNG") is None
    assert sniff_media_type(b"") is None


def test_hash_pin_depends_on_the_salt_and_hides_the_pin():
    first, second = hash_pin("8642", b"a" * 16), hash_pin("8642", b"b" * 16)
    assert first != second
    assert "8642" not in first
    assert hash_pin("8642", b"a" * 16) == first
