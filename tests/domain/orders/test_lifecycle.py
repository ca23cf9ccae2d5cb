from ordercore.domain.orders import ORDER_LIFECYCLE, OrderStatus


def test_is_named_order_and_starts_as_a_draft() -> None:
    assert ("order", OrderStatus.DRAFT) == (ORDER_LIFECYCLE.name, ORDER_LIFECYCLE.initial)


def test_ends_only_when_cancelled_or_archived() -> None:
    assert {OrderStatus.CANCELLED, OrderStatus.ARCHIVED} == set(ORDER_LIFECYCLE.terminal)


def test_allows_cancel_before_anything_ships() -> None:
    assert ("cancel", "confirm") == ORDER_LIFECYCLE.allowed(OrderStatus.PLACED)


def test_draws_its_guards_in_the_diagram() -> None:
    diagram = ORDER_LIFECYCLE.to_mermaid()
    assert "confirm [no_blocking_hold]" in diagram
    assert "cancel [nothing_shipped]" in diagram
