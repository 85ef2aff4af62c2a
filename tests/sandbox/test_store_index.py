"""The store's keys: find and count without reading every document, one page of a kind."""

from __future__ import annotations

from callplan_provider.sandbox.store import Store


def by_email(body: dict) -> dict[str, list[str]]:
    return {"email": [body["email"]]}


def test_documents_stored_before_the_index_are_found(tmp_path) -> None:
    store = Store(tmp_path / "s.db")
    store.put("o", "person", "a", {"email": "a@x"})
    store.index("person", by_email)
    assert store.find("o", "person", "email", "a@x") == [{"email": "a@x"}]
    assert store.find("other-org", "person", "email", "a@x") == []


def test_a_put_moves_the_keys_and_a_delete_drops_them(tmp_path) -> None:
    store = Store(tmp_path / "s.db")
    store.index("person", by_email)
    store.put("o", "person", "a", {"email": "a@x"})
    store.put("o", "person", "a", {"email": "b@x"})
    assert store.find("o", "person", "email", "a@x") == []
    assert store.count("o", "person", "email", "b@x") == 1
    store.delete("o", "person", "a")
    assert store.count("o", "person", "email", "b@x") == 0


def test_a_rolled_back_put_leaves_no_key(tmp_path) -> None:
    store = Store(tmp_path / "s.db")
    store.index("person", by_email)
    try:
        with store.transaction():
            store.put("o", "person", "a", {"email": "a@x"})
            raise RuntimeError
    except RuntimeError:
        pass
    assert store.count("o", "person", "email", "a@x") == 0


def test_a_page_in_the_order_of_the_list(tmp_path) -> None:
    store = Store(tmp_path / "s.db")
    for n in range(5):
        store.put("o", "person", f"p{n}", {"n": n})
    assert store.page("o", "person", 1, 2) == [{"n": 1}, {"n": 2}]
    assert store.page("o", "person", 0, 10) == store.list("o", "person")
    assert store.count("o", "person") == 5
