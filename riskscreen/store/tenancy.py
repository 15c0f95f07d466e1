"""Tenant scoping: the one place where "a partner sees only its own rows" is enforced.

Every query for tenant-owned rows goes through a Scope. A partner's or analyst's scope is
their own tenant; an admin's scope spans all tenants. Views never add tenant filters by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None  # None: every tenant (admins only)

    @classmethod
    def everything(cls) -> Scope:
        return cls(tenant_id=None)

    def select(self, model: type[Any]) -> Select[Any]:
        """SELECT model rows visible in this scope; add further filters to the result."""
        statement = select(model)
        if self.tenant_id is not None:
            statement = statement.where(model.tenant_id == self.tenant_id)
        return statement

    def get(self, session: Session, model: type[Any], **filters: Any) -> Any | None:
        """One row matching the filters, or None if it does not exist *or* is not visible."""
        statement = self.select(model).filter_by(**filters)
        return session.scalars(statement).first()

    def owns(self, row: Any) -> bool:
        return self.tenant_id is None or row.tenant_id == self.tenant_id
