"""Placing, confirming and allocating through the Engine: what each command reads."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from ordercore.domain.orders import InvoicingPolicy
from ordercore.memory import MemoryStore
from ordercore.service import Engine, PaymentNotAuthorized
from tests.service.helpers import LOCATIONS, an_order, eur, shop


@attrs.define
class _NotingRepository:
    """A repository that notes each ``for_order`` query under its collection's name."""

    inner: Any
    name: str
    asked: list[str]

    def for_order(self, order_id: str) -> list[Any]:
        self.asked.append(self.name)
        found: list[Any] = self.inner.for_order(order_id)
        return found

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


@attrs.define
class _NotingUnitOfWork:
    inner: Any
    asked: list[str]

    def __enter__(self) -> _NotingUnitOfWork:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def repository(self, name: str) -> _NotingRepository:
        return _NotingRepository(self.inner.repository(name), name, self.asked)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


@attrs.define
class _Queries:
    """A memory store whose units of work note each ``for_order`` query by collection."""

    store: MemoryStore
    asked: list[str] = attrs.field(factory=list)

    def unit_of_work(self) -> _NotingUnitOfWork:
        return _NotingUnitOfWork(self.store.unit_of_work(), self.asked)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.store, attribute)


def test_confirming_a_paid_first_order_asks_for_its_payments_and_not_its_invoices() -> None:
    engine, memory, clock = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    queries = _Queries(memory)
    Engine(queries, clock, LOCATIONS).confirm_order("order-1")
    assert ["payments"] == queries.asked


def test_confirming_an_order_not_yet_paid_is_refused_as_before() -> None:
    engine, _, _ = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    with pytest.raises(PaymentNotAuthorized):
        engine.confirm_order("order-1")
