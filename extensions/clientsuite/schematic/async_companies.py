"""``AsyncCompanies`` under its earlier module name; it is written in ``_async/companies.py``."""

from clientsuite.schematic._async.companies import AsyncCompanies

__all__ = ["AsyncCompanies"]
