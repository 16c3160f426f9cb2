"""A new query on an httpx URL: always what httpx's own ``copy_with`` gives, cheaply when it can."""

from __future__ import annotations

import pickle

import httpx
import pytest
from clientsuite.runtime import urls
from clientsuite.runtime.urls import with_query
from hypothesis import given
from hypothesis import strategies as st

BASES = [
    "http://127.0.0.1:8080/apps/123/events",
    "https://api-mt1.pusher.com/apps/1/events?old=1",
    "https://user:pw@[::1]:9443/a%20b/c/",
    "https://example.com",
    "http://bücher.example/path#frag",
]

_kept = st.sampled_from(list("ABCXYZabcxyz0189-._~!$&'()*+,;=:@/?"))
_escape = st.tuples(st.sampled_from("0123456789abcdefABCDEF"), st.sampled_from("0123456789abcdefABCDEF")).map(
    lambda pair: "%" + "".join(pair)
)
kept_queries = st.lists(_kept | _escape, max_size=300).map("".join)


def _as_httpx_would(base: str, query: str) -> httpx.URL | type[Exception]:
    try:
        return httpx.URL(base).copy_with(query=query.encode())
    except Exception as error:  # what httpx raises is what the comparison needs
        return type(error)


@given(st.sampled_from(BASES), kept_queries)
def test_a_query_httpx_keeps_as_is_gives_httpx_s_own_url(base: str, query: str) -> None:
    expected = _as_httpx_would(base, query)
    got = with_query(httpx.URL(base), query)
    assert isinstance(expected, httpx.URL)
    assert got == expected
    assert (got.raw_path, got.query, got.host, got.port, got.fragment) == (
        expected.raw_path,
        expected.query,
        expected.host,
        expected.port,
        expected.fragment,
    )
    assert got.params == expected.params
    assert pickle.loads(pickle.dumps(got)) == expected


def _assert_as_httpx_would(base: str, query: str) -> None:
    expected = _as_httpx_would(base, query)
    if isinstance(expected, httpx.URL):
        assert str(with_query(httpx.URL(base), query)) == str(expected)
    else:
        with pytest.raises(expected):
            with_query(httpx.URL(base), query)


@given(st.sampled_from(BASES), st.text(max_size=40))
def test_any_other_query_gets_exactly_what_httpx_does_with_it(base: str, query: str) -> None:
    _assert_as_httpx_would(base, query)


@pytest.mark.parametrize("query", ["a b", "x=#1", "c=%zz", "d=\n", "e=é", "f" * 9000])
def test_queries_httpx_would_change_or_reject_take_httpx_s_path(query: str) -> None:
    _assert_as_httpx_would(BASES[0], query)


def test_the_installed_httpx_takes_the_fast_path() -> None:
    # If this fails, httpx changed how it keeps a parsed URL: with_query still works (through
    # copy_with), but the signed async call is ~60 us slower; update urls._parsed.
    assert urls._parsed(httpx.URL(BASES[0])) is not None


def test_without_httpx_s_parsed_form_it_falls_back_to_copy_with(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    original = httpx.URL.copy_with

    def recorded(self: httpx.URL, **changes: object) -> httpx.URL:
        calls.append(changes)
        return original(self, **changes)

    monkeypatch.setattr(urls, "_parsed", lambda url: None)
    monkeypatch.setattr(httpx.URL, "copy_with", recorded)
    got = with_query(httpx.URL(BASES[0]), "a=1")
    assert calls == [{"query": b"a=1"}]
    assert str(got) == BASES[0] + "?a=1"


def test_an_unknown_parsed_form_is_not_used() -> None:
    url = httpx.URL(BASES[0])

    class Stranger:
        pass

    vars(url)["_uri_reference"] = Stranger()
    assert urls._parsed(url) is None
