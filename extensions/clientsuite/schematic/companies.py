"""``client.companies``: upsert and read companies and users, typed with ``schematic_api.models``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from schematic_api import Client
from schematic_api.api.companies import get_company, get_user, list_companies, upsert_company, upsert_user
from schematic_api.models import (
    CompanyDetail,
    CompanyResponse,
    ListCompaniesResponse,
    UpsertCompanyRequestBody,
    UpsertUserRequestBody,
    UserResponse,
)

from clientsuite.runtime import acall, apaginate, call, expect, paginate
from clientsuite.runtime.calls import Options

PAGE_SIZE = 100


def _keys(keys: Mapping[str, str], what: str = "keys") -> dict[str, str]:
    if not isinstance(keys, Mapping) or not keys:
        raise ValueError(f"{what} must be a non-empty dict, e.g. {{'id': 'your-id'}}")
    return {str(k): str(v) for k, v in keys.items()}


def _traits(traits: Mapping[str, Any] | None) -> Any:
    return dict(traits) if traits is not None else None


def company_body(keys: Mapping[str, str], name: str | None, traits: Mapping[str, Any] | None) -> Any:
    return UpsertCompanyRequestBody(keys=_keys(keys), name=name, traits=_traits(traits))


def user_body(
    keys: Mapping[str, str],
    name: str | None,
    traits: Mapping[str, Any] | None,
    company: Mapping[str, str] | None,
) -> Any:
    return UpsertUserRequestBody(
        keys=_keys(keys),
        name=name,
        traits=_traits(traits),
        company=_keys(company, "company") if company is not None else None,
    )


def _offset(cursor: str | None) -> int:
    return int(cursor) if cursor else 0


def _next(page: ListCompaniesResponse, offset: int) -> str | None:
    return str(offset + len(page.data)) if len(page.data) >= PAGE_SIZE else None


class Companies:
    """Companies and users (sync); reached as ``client.companies``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def upsert_company(
        self,
        keys: Mapping[str, str],
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        *,
        request_options: Options = None,
    ) -> CompanyResponse:
        body = company_body(keys, name, traits)
        result = call("upsert_company", upsert_company.sync, request_options, client=self._client, body=body)
        return expect("upsert_company", result, CompanyResponse)

    def get_company(self, company_id: str, *, request_options: Options = None) -> CompanyResponse:
        result = call(
            "get_company", get_company.sync, request_options, client=self._client, company_id=company_id
        )
        return expect("get_company", result, CompanyResponse)

    def list_companies(
        self,
        limit: int = PAGE_SIZE,
        offset: int = 0,
        q: str | None = None,
        *,
        request_options: Options = None,
    ) -> ListCompaniesResponse:
        result = call(
            "list_companies",
            list_companies.sync,
            request_options,
            client=self._client,
            limit=limit,
            offset=offset,
            q=q,
        )
        return expect("list_companies", result, ListCompaniesResponse)

    def iter_companies(self, q: str | None = None) -> Iterator[CompanyDetail]:
        """Every company, fetching a page only when the previous one is consumed."""

        def fetch(cursor: str | None) -> tuple[ListCompaniesResponse, int]:
            return self.list_companies(PAGE_SIZE, _offset(cursor), q), _offset(cursor)

        return paginate(
            fetch, lambda page: page[0].data, lambda page: _next(*page), operation="list_companies"
        )

    def upsert_user(
        self,
        keys: Mapping[str, str],
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        company: Mapping[str, str] | None = None,
        *,
        request_options: Options = None,
    ) -> UserResponse:
        body = user_body(keys, name, traits, company)
        result = call("upsert_user", upsert_user.sync, request_options, client=self._client, body=body)
        return expect("upsert_user", result, UserResponse)

    def get_user(self, user_id: str, *, request_options: Options = None) -> UserResponse:
        result = call("get_user", get_user.sync, request_options, client=self._client, user_id=user_id)
        return expect("get_user", result, UserResponse)


class AsyncCompanies:
    """Companies and users (async); reached as ``client.companies`` on ``AsyncSchematic``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    async def upsert_company(
        self,
        keys: Mapping[str, str],
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        *,
        request_options: Options = None,
    ) -> CompanyResponse:
        body = company_body(keys, name, traits)
        result = await acall(
            "upsert_company", upsert_company.asyncio, request_options, client=self._client, body=body
        )
        return expect("upsert_company", result, CompanyResponse)

    async def get_company(self, company_id: str, *, request_options: Options = None) -> CompanyResponse:
        result = await acall(
            "get_company", get_company.asyncio, request_options, client=self._client, company_id=company_id
        )
        return expect("get_company", result, CompanyResponse)

    async def list_companies(
        self,
        limit: int = PAGE_SIZE,
        offset: int = 0,
        q: str | None = None,
        *,
        request_options: Options = None,
    ) -> ListCompaniesResponse:
        result = await acall(
            "list_companies",
            list_companies.asyncio,
            request_options,
            client=self._client,
            limit=limit,
            offset=offset,
            q=q,
        )
        return expect("list_companies", result, ListCompaniesResponse)

    def iter_companies(self, q: str | None = None) -> AsyncIterator[CompanyDetail]:
        async def fetch(cursor: str | None) -> tuple[ListCompaniesResponse, int]:
            return await self.list_companies(PAGE_SIZE, _offset(cursor), q), _offset(cursor)

        return apaginate(
            fetch, lambda page: page[0].data, lambda page: _next(*page), operation="list_companies"
        )

    async def upsert_user(
        self,
        keys: Mapping[str, str],
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        company: Mapping[str, str] | None = None,
        *,
        request_options: Options = None,
    ) -> UserResponse:
        body = user_body(keys, name, traits, company)
        result = await acall(
            "upsert_user", upsert_user.asyncio, request_options, client=self._client, body=body
        )
        return expect("upsert_user", result, UserResponse)

    async def get_user(self, user_id: str, *, request_options: Options = None) -> UserResponse:
        result = await acall(
            "get_user", get_user.asyncio, request_options, client=self._client, user_id=user_id
        )
        return expect("get_user", result, UserResponse)
