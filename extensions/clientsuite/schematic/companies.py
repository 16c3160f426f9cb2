"""``client.companies``: ``Companies`` and ``AsyncCompanies``, and the request builders they share.

``AsyncCompanies`` is written in ``_async/companies.py``; ``Companies`` is its generated sync twin.
"""

from clientsuite.schematic._async.companies import AsyncCompanies
from clientsuite.schematic._sync.companies import Companies
from clientsuite.schematic.bodies import PAGE_SIZE, company_body, list_query, user_body

__all__ = ["PAGE_SIZE", "AsyncCompanies", "Companies", "company_body", "list_query", "user_body"]
