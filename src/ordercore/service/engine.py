"""The ``Engine``: the façade a shop backend calls, each command one unit of work.

The engine owns no state of the shop (it keeps only the last unit of work it committed, when its
class says it reopens, with that command's ``Session``, for the next command). It asks the injected
:class:`~ordercore.kernel.clock.Clock` for the time, opens a unit of work on the injected store
(``ordercore.memory.MemoryStore``, the SQLite example, or the host's adapter), loads the aggregates
a command needs (a :class:`Session`), runs the domain, saves every changed one with the version it
was read at, and commits once: all or nothing. A refused command raises its typed error and writes
nothing. A ``ConcurrencyConflict`` (another worker saved one of them first) re-runs the whole
command on fresh copies, up to ``retries`` times. Every command takes ``idempotency_key=``: the
key, a fingerprint of the call and its result are stored in the command's own commit, and the same
key again returns that result without running anything (``idempotence``). The command handlers live
in small modules of this package and hand consequences in other aggregates to the policy table
(``policies``); see ``docs/service.md`` and ``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
import pendulum

from ordercore.domain.allocation import Policy, PreorderCaps, RequestPolicies, RequestPolicy
from ordercore.domain.billing import (
    Invoice,
    PaymentMethod,
    PaymentResult,
    PaymentTerms,
    PlannedRefund,
    RefundPriority,
)
from ordercore.domain.billing.payment_ledger import enum_member
from ordercore.domain.catalogue import UnknownSkuPolicy
from ordercore.domain.fulfilment import Parcel
from ordercore.domain.fulfilment.tracking import TrackingResult, TrackingStatus
from ordercore.domain.inventory import HoldKind, Location, Lot
from ordercore.domain.inventory.signals import SignalSettings
from ordercore.domain.orders import Address, Order
from ordercore.domain.returns import (
    CaseResolution,
    Condition,
    Disposition,
    FollowUpPolicy,
    Grade,
    RefundPolicy,
    ReturnReason,
    ReturnWindow,
)
from ordercore.domain.warehouse import (
    SERPENTINE,
    Bin,
    Box,
    Cartonization,
    Dispatch,
    Label,
    PickMethod,
    Slotting,
    SsccIssuer,
    WalkOrder,
)
from ordercore.kernel.clock import Clock, local_date
from ordercore.kernel.errors import ConcurrencyConflict, ValidationError, WrongType
from ordercore.kernel.money import Money
from ordercore.ports.catalogue import Catalogue
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.sequences import NumberSequence
from ordercore.ports.unit_of_work import Store
from ordercore.service import arguments as check
from ordercore.service import (
    bins,
    cancelling,
    checkouts,
    credit,
    editing,
    exchanges,
    followups,
    fulfilling,
    labelling,
    packing,
    paying,
    pick_lists,
    pickup,
    requests,
    restocking,
    returns,
    shipping,
    shrinking,
    timers,
    tracking,
)
from ordercore.service.allocating import AppliedPlan, LineRelease
from ordercore.service.idempotence import Call, command_fingerprint, return_hint
from ordercore.service.reports import (
    LateOrder,
    backorders_by_sku,
    best_sellers,
    late_orders,
    stored,
)
from ordercore.service.session import Session
from ordercore.service.signals import emit_signals

__all__ = ["Engine"]

_EVERY_CHANNEL_BACKORDERS = RequestPolicies()  # the default: allocate_order's plain path

T = TypeVar("T")

_PAYMENT: dict[str, check.Rule] = {
    "order_id": check.an_id,
    "amount": check.Kind(Money),
    "reference": check.text,
    "payment": check.a_quantity,
}
"""The checks every payment command starts with."""
_CREDIT: dict[str, check.Rule] = {
    "customer_id": check.an_id,
    "amount": check.Kind(Money),
    "reference": check.an_id,
    "order_id": check.optional_id,
    "note": check.text,
}
"""The checks of the store credit commands."""
_PARCELS = check.Kinds(Parcel)
_TERMS = check.Kind(PaymentTerms)


# The checks of the hottest commands, made once (a dict and its Kind rules per call cost ~2-6k
# instructions each; the runner only reads them). Field order is the order they are checked in.
_AUTHORIZE: dict[str, check.Rule] = {
    **_PAYMENT,
    "method": check.text,
    "expires_at": check.optional_instant,
}
_REFUND_FOR_RETURN: dict[str, check.Rule] = {**_PAYMENT, "rma_id": check.an_id}
_PLACE: dict[str, check.Rule] = {"order": check.Kind(Order)}
_ORDER_ID: dict[str, check.Rule] = {"order_id": check.an_id}
_ALLOCATE: dict[str, check.Rule] = {
    "order_id": check.an_id,
    "policy": check.Kind(Policy, optional=True),
    "request_policy": check.Kind(RequestPolicy, optional=True),
    "pickup_at": check.optional_id,
}
_OPEN_SHIPMENT: dict[str, check.Rule] = {
    "order_id": check.an_id,
    "location": check.an_id,
    "lines": check.units_per_line,
}
_SHIPMENT_ID: dict[str, check.Rule] = {"shipment_id": check.an_id}
_PICK: dict[str, check.Rule] = {
    "shipment_id": check.an_id,
    "line_id": check.an_id,
    "units": check.a_quantity,
    "lot": check.optional_id,
}
_PACK: dict[str, check.Rule] = {"shipment_id": check.an_id, "parcels": _PARCELS}
_SHIP: dict[str, check.Rule] = {
    "shipment_id": check.an_id,
    "carrier": check.text,
    "service": check.optional_text,
    "tracking": check.texts,
    "terms": _TERMS,
}
_REQUEST_RETURN: dict[str, check.Rule] = {
    "order_id": check.an_id,
    "line_id": check.an_id,
    "units": check.a_quantity,
    "reason": check.Kind(ReturnReason),
    "channel": check.optional_id,
    "note": check.text,
}
_RECEIVE_RETURN: dict[str, check.Rule] = {
    "order_id": check.an_id,
    "line_id": check.an_id,
    "units": check.a_quantity,
    "location": check.an_id,
    "restock": check.a_flag,
    "reference": check.optional_text,
}

_NO_CHECKS: Mapping[str, check.Rule] = MappingProxyType({})
_NO_ARGUMENTS: Mapping[str, object] = MappingProxyType({})
_DISPUTE: dict[str, check.Rule] = {
    "order_id": check.an_id,
    "reference": check.text,
    "payment": check.a_quantity,
}
"""The checks every later step of a dispute starts with (as every payment command)."""


def _keyed(
    key: str, name: str, given: Mapping[str, object], collected: Mapping[str, object] | None
) -> Call:
    """The keyed call of Engine method ``name``: its fingerprint is of the checked arguments."""
    accepted = dict(given) if collected is None else {**given, **collected}
    return Call(key, command_fingerprint(name, accepted), return_hint(Engine, name))


def _invoice_id(invoice: Invoice | None) -> str | None:
    return None if invoice is None else invoice.id


def _ship(
    session: Session,
    *,
    order_id: str,
    lines: Mapping[str, int],
    terms: PaymentTerms,
    carrier: str,
    tracking: Iterable[str],
) -> str | None:
    """Ship ``lines`` at once (:func:`fulfilling.ship`); the id of the invoice it issued."""
    shipped = fulfilling.ship(session, order_id, lines, terms, carrier=carrier, tracking=tracking)
    return _invoice_id(shipped)


def _tracking_status(field: str, value: object) -> object:
    """The rule "a ``TrackingStatus`` or its name" (``WrongType`` otherwise)."""
    if not isinstance(value, (TrackingStatus, str)):
        raise WrongType(field, value, "a tracking status is a TrackingStatus or its name")
    return value


def _a_lot(field: str, value: object) -> object:
    """The rule "a ``Lot``, a lot id or ``None``"."""
    return value if isinstance(value, Lot) else check.optional_id(field, value)


def _locations(value: Iterable[str]) -> frozenset[str]:
    """The Engine's binned locations as a frozenset (each an id)."""
    return frozenset(check.an_id("bin_locations", location) for location in value)


def _boxes(value: Iterable[Box]) -> tuple[Box, ...]:
    """The Engine's box catalogue as a tuple (boxes are checked when they are chosen from)."""
    return tuple(value)


@attrs.define
class Engine:
    """Run cross-aggregate commands against ``store``, at the time ``clock`` says."""

    store: Store
    clock: Clock
    locations: Mapping[str, Location] = attrs.field(factory=dict)
    """The host's locations by id: their priority and place rank supply for the allocator."""
    policy: Policy = attrs.field(factory=Policy.default)
    """The allocation policy used when a command names none."""
    retries: int = 3
    """How many times a command re-runs after a ConcurrencyConflict before giving up."""
    numbers: NumberSequence | None = None
    """Invoice (``INV``), credit note (``CN``), RMA and shipment numbers. By default the unit of
    work's ``uow.numbers`` when the adapter offers it (taken in the commit: no gaps from refused
    or failed commands), else the store itself."""
    timezone: str = "UTC"
    """The merchant's timezone: invoice due dates and 'today' for overdue and late reports."""
    payment_first: bool = True
    """Whether ``confirm_order`` refuses an ON_PLACEMENT order whose total is not yet secured
    (authorised or captured) by its payments: online retail is paid before it is fulfilled.
    On by default; turn it off when the host checks payment itself (or takes it on delivery).
    ON_SHIPMENT (B2B, invoiced on terms) orders are never held back by it."""
    b2b_terms: PaymentTerms = attrs.field(factory=lambda: PaymentTerms.net(30))
    """Terms of invoices issued on shipment, when ``ship`` names none."""
    catalogue: Catalogue | None = None
    """The host's products. With one, ``place_order`` refuses a line whose product is not
    sellable (``UnsellableSku``) or unknown (``UnknownSku``, as ``unknown_skus`` says); without
    one, any SKU is placed (and backordered when there is no stock of it)."""
    unknown_skus: UnknownSkuPolicy = UnknownSkuPolicy.REFUSE
    """What ``place_order`` does, when there is a ``catalogue``, with a SKU it does not know:
    ``REFUSE`` it (the default) or ``ACCEPT_AND_BACKORDER`` it."""
    return_window: ReturnWindow = attrs.field(factory=lambda: ReturnWindow(30))
    """Days after delivery a return may be requested: a default, per channel, per SKU."""
    refund_policy: RefundPolicy = attrs.field(factory=RefundPolicy)
    """Whether a return refunds shipping, and the restocking fee kept."""
    follow_ups: FollowUpPolicy = attrs.field(factory=FollowUpPolicy)
    """Days after an order's last delivery its satisfaction check falls due (per channel)."""
    refund_priority: RefundPriority = attrs.field(factory=RefundPriority)
    """The order refunds go back to an order's payments (default: newest capture first); the
    plans in ``EditOutcome.refunds``, ``ReturnOutcome.refunds`` and ``refund_plan`` follow it."""

    _last_tick: pendulum.DateTime | None = attrs.field(default=None, init=False, repr=False)
    # a committed unit of work of a class that reopens (ports.unit_of_work.Reopens), kept for
    # the next command: the memory store's costs ~8k instructions to build and let go
    # (with its numbers, once asked for: the handle is the unit of work's for good, and its
    # Session, renewed for the next command)
    _spare: list[tuple[Any, Any, Session]] = attrs.field(
        factory=list, init=False, repr=False, eq=False
    )

    def _run(  # noqa: PLR0912, PLR0915 - the per-command plumbing in one frame (no helper call)
        self,
        command: Callable[[Session], T],
        policy: Policy | None = None,
        *,
        name: str = "",
        arguments: Mapping[str, object] | None = None,
        key: str | None = None,
        checks: Mapping[str, check.Rule] = _NO_CHECKS,
    ) -> T:
        """Run ``command`` in one unit of work (re-run on a conflict), once per ``key``.

        The per-command plumbing, in one place: first the argument ``checks`` (field → rule of
        :mod:`~ordercore.service.arguments`, applied to ``arguments`` in order, before anything
        runs), then the idempotency record, then one :class:`Session` per attempt, handed to
        ``command`` (a handler of this package with its arguments bound: ``functools.partial``).
        With a ``key``, ``name`` is the public method (its return annotation decodes a stored
        result) and ``arguments`` what it was called with (the fingerprint, with the checked
        values; ``None``: the keywords the partial binds, when they are the method's own).
        Every command of the Engine comes this one way (no checks in the method, no lambda); a
        plain callable with no checks (a test's) runs as it is.
        """
        if arguments is None:  # the keywords a partial binds: they are the arguments given
            # (an Engine method whose parameters are its handler's builds no dict of them)
            given = command.keywords if command.__class__ is partial else _NO_ARGUMENTS
        else:
            given = arguments
        # a command without checks (a test's callable) has nothing to bind or collect
        command, collected = check.bind(checks, command, given) if checks else (command, None)
        call = None if key is None else _keyed(key, name, given, collected)
        now = self.clock.now()
        store, spare = self.store, self._spare
        for attempt in range(self.retries + 1):
            # handle: the unit of work's numbers, kept with it once asked; session: its last one
            uow = handle = session = None
            if spare:  # left by an earlier command (another thread may take it first)
                try:
                    uow, handle, session = spare.pop()
                except IndexError:
                    uow = None
                else:
                    if uow.store is not store:  # the Engine was given another store since
                        uow = handle = session = None
            # only a class that says so in its own body reopens (a subclass may add state)
            reopens = uow is not None
            if uow is None:
                uow = store.unit_of_work()
                reopens = vars(uow.__class__).get("reopens") is True
            with uow:
                committing = False
                if call is not None:
                    seen, stored_result = call.recall(uow)
                    if seen:
                        recalled: T = stored_result
                        return recalled
                # the Engine's numbers, else the unit of work's (taken in commit), else the store's
                numbers: Any = self.numbers
                if numbers is None:
                    if handle is None:  # a reopened one's is kept (~2k instructions a command)
                        handle = getattr(uow, "numbers", None)
                    numbers = self.store if handle is None else handle
                if session is None:
                    session = Session(  # in field order, by position (no keyword matching)
                        uow,
                        now,
                        numbers,
                        self.timezone,
                        self.locations,
                        policy or self.policy,
                        self.return_window,
                        self.refund_policy,
                        self.follow_ups,
                        self.refund_priority,
                        self.preorders,
                        self.request_policies,
                    )
                else:  # the last command's, every field written again as a new one has it
                    # (~4k instructions fewer than a new Session; no call: a step's walk)
                    session.now = now
                    session.numbers = numbers
                    session.timezone = self.timezone
                    session.locations = self.locations
                    session.policy = policy or self.policy
                    session.return_window = self.return_window
                    session.refund_policy = self.refund_policy
                    session.follow_up_policy = self.follow_ups
                    session.refund_priority = self.refund_priority
                    session.preorders = self.preorders
                    session.request_policies = self.request_policies
                    session._loaded = {}
                    session._queried = None
                try:
                    result = command(session)
                    if self.bin_locations:  # the floor (#15): bins follow the shelf
                        bins.follow_shelf(session, self._bin_floor())
                    if self.signals is not None:  # selling (#17): signals of the changed stock
                        emit_signals(session.loaded("stock"), self.signals, session.now)
                    session.flush()
                    if call is not None:
                        call.remember(uow, result, now)
                    committing = True
                    uow.commit()
                except ConcurrencyConflict:
                    if attempt == self.retries:
                        raise
                    continue
                except DuplicateEntity as taken:
                    # At commit, a key this attempt added was taken by a worker that committed
                    # after the attempt checked it (adding checks the key at once): a race, so
                    # re-run on fresh state (which finds that aggregate), as for a conflict. An
                    # adapter may also report a raced idempotency key this way.
                    raced = committing or (call is not None and taken.kind == "idempotency key")
                    if not raced or attempt == self.retries:
                        raise
                    continue
            # committed, so closed and clear: the next command reopens it (a refused one, or a
            # recalled result, leaves no spare: the next builds a new one, as every one did)
            if reopens and not spare:
                spare.append((uow, handle, session))
            return result
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    # -- orders: place, confirm, allocate, ship, deliver -----------------------------------------

    def place_order(self, order: Order, *, idempotency_key: str | None = None) -> str | None:
        """Store a drafted ``order`` and place it; returns the invoice id if invoiced on placement.

        The host's ``order`` is left as it was: each attempt places one copy of it, and that
        copy is the order the unit of work stores (the copy is the stored object, not thrown
        away). A refused or re-run attempt therefore starts again from the untouched draft, so
        the host may retry with the same object.
        With a ``catalogue``, every line must name a sellable product (see ``unknown_skus``);
        a refused line raises ``UnknownSku`` or ``UnsellableSku`` before anything is stored.
        """
        return self._run(
            partial(
                fulfilling.place,
                draft=order,
                catalogue=self.catalogue,
                unknown_skus=self.unknown_skus,
            ),
            name="place_order",
            arguments={"order": order},
            checks=_PLACE,
            key=idempotency_key,
        )

    def confirm_order(self, order_id: str, *, idempotency_key: str | None = None) -> None:
        """Confirm a placed order (with ``payment_first``: once payments secure the total)."""
        self._run(
            partial(fulfilling.confirm, order_id=order_id, payment_first=self.payment_first),
            name="confirm_order",
            arguments={"order_id": order_id},
            checks=_ORDER_ID,
            key=idempotency_key,
        )

    def allocate_order(
        self,
        order_id: str,
        policy: Policy | None = None,
        *,
        request_policy: RequestPolicy | None = None,
        pickup_at: str | None = None,
        idempotency_key: str | None = None,
    ) -> AppliedPlan:
        """Plan the order's unallocated units against current stock, reserve them, record it.

        ``request_policy`` (else ``request_policies`` for the order's channel) may make it all
        or nothing (``ShortRequest``); ``pickup_at`` serves it from that store only; the
        Engine's ``preorders`` cap what it may take of incoming supply.
        """
        plain = request_policy is None and pickup_at is None and self.preorders is None
        if plain and self.request_policies == _EVERY_CHANNEL_BACKORDERS:
            handler = partial(fulfilling.allocate_order, order_id=order_id)
        else:
            handler = partial(
                requests.allocate_request,
                order_id=order_id,
                request_policy=request_policy,
                request_policies=self.request_policies,
                pickup_at=pickup_at,
                preorders=self.preorders,
            )
        return self._run(
            handler,
            policy,
            name="allocate_order",
            arguments={
                "order_id": order_id,
                "policy": policy,
                "request_policy": request_policy,
                "pickup_at": pickup_at,
            },
            checks=_ALLOCATE,
            key=idempotency_key,
        )

    def release_line(
        self, order_id: str, line_id: str, *, idempotency_key: str | None = None
    ) -> LineRelease:
        """Give a line's allocated units back to stock; with none, a no-op that says so."""
        return self._run(
            partial(fulfilling.release_line, order_id=order_id, line_id=line_id),
            name="release_line",
            arguments={"order_id": order_id, "line_id": line_id},
            checks={"order_id": check.an_id, "line_id": check.an_id},
            key=idempotency_key,
        )

    def ship(
        self,
        order_id: str,
        lines: Mapping[str, int],
        terms: PaymentTerms | None = None,
        *,
        carrier: str = "unrecorded",
        tracking: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> str | None:
        """Pick, pack and ship several lines at once; returns the invoice id (ON_SHIPMENT).

        The one-step shortcut: one shipment per location is opened and run through to shipped.
        """
        chosen = self.b2b_terms if terms is None else terms
        return self._run(
            partial(
                _ship,
                order_id=order_id,
                lines=lines,
                terms=chosen,
                carrier=carrier,
                tracking=tracking,
            ),
            name="ship",
            arguments={
                "order_id": order_id,
                "lines": lines,
                "terms": chosen,
                "carrier": carrier,
                "tracking": tracking,
            },
            checks={
                "order_id": check.an_id,
                "lines": check.units_per_line,
                "tracking": check.texts,
                "terms": _TERMS,
                "carrier": check.text,
            },
            key=idempotency_key,
        )

    def ship_line(
        self, order_id: str, line_id: str, units: int, *, idempotency_key: str | None = None
    ) -> str | None:
        """Pick, pack and ship ``units`` of one allocated line (see :meth:`ship`)."""
        check.an_id("line_id", line_id)
        check.a_quantity("units", units)
        return self.ship(order_id, {line_id: units}, idempotency_key=idempotency_key)

    def deliver_line(
        self, order_id: str, line_id: str, units: int, *, idempotency_key: str | None = None
    ) -> None:
        """Record that ``units`` shipped units of a line were delivered.

        The order's satisfaction follow-up is scheduled once its last unit is delivered.
        """
        self._run(
            partial(fulfilling.deliver, order_id=order_id, line_id=line_id, units=units),
            name="deliver_line",
            arguments={"order_id": order_id, "line_id": line_id, "units": units},
            checks={"order_id": check.an_id, "line_id": check.an_id, "units": check.a_quantity},
            key=idempotency_key,
        )

    # -- shipments: pick, pack, ship with tracking, deliver ---------------------------------------

    def open_shipment(
        self,
        order_id: str,
        lines: Mapping[str, int],
        location: str,
        *,
        idempotency_key: str | None = None,
    ) -> str:
        """Open a shipment of ``lines`` (line id → units) from ``location``; returns its id."""
        return self._run(
            partial(shipping.open_shipment, order_id=order_id, lines=lines, location=location),
            name="open_shipment",
            checks=_OPEN_SHIPMENT,
            key=idempotency_key,
        )

    def pick(
        self,
        shipment_id: str,
        line_id: str,
        units: int,
        lot: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> None:
        """Pick ``units`` of a shipment line at its location (allocated → picked)."""
        self._run(
            partial(shipping.pick, shipment_id=shipment_id, line_id=line_id, units=units, lot=lot),
            name="pick",
            checks=_PICK,
            key=idempotency_key,
        )

    def pack(
        self,
        shipment_id: str,
        parcels: Iterable[Parcel] = (),
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, int]:
        """Pack the picked units into ``parcels`` (picked → packed); returns units per line."""
        return self._run(
            partial(shipping.pack, shipment_id=shipment_id, parcels=parcels),
            name="pack",
            checks=_PACK,
            key=idempotency_key,
        )

    def ship_shipment(
        self,
        shipment_id: str,
        carrier: str,
        tracking: Iterable[str] = (),
        *,
        service: str | None = None,
        terms: PaymentTerms | None = None,
        idempotency_key: str | None = None,
    ) -> str | None:
        """Hand a packed shipment to ``carrier``; returns the invoice id (ON_SHIPMENT)."""
        return self._run(
            partial(
                shipping.ship_shipment,
                shipment_id=shipment_id,
                carrier=carrier,
                tracking=tracking,
                service=service,
                terms=self.b2b_terms if terms is None else terms,
            ),
            name="ship_shipment",
            checks=_SHIP,
            key=idempotency_key,
        )

    def deliver_shipment(
        self, shipment_id: str, *, idempotency_key: str | None = None
    ) -> dict[str, int]:
        """Record that the carrier delivered the shipment; returns units delivered per line.

        The order's satisfaction follow-up is scheduled once its last unit is delivered.
        """
        return self._run(
            partial(shipping.deliver_shipment, shipment_id=shipment_id),
            name="deliver_shipment",
            checks=_SHIPMENT_ID,
            key=idempotency_key,
        )

    def record_tracking(
        self,
        shipment_id: str,
        status: TrackingStatus | str,
        at: pendulum.DateTime,
        *,
        detail: str | None = None,
        location: str | None = None,
        idempotency_key: str | None = None,
    ) -> TrackingResult:
        """Record a carrier tracking report at its time ``at`` (``delivered`` delivers).

        A lost or returned-to-sender parcel is never delivered: the result's ``decision`` asks
        the host to reship or refund (see :mod:`ordercore.service.tracking`).
        """
        return self._run(
            partial(
                tracking.record_tracking,
                shipment_id=shipment_id,
                status=status,
                at=at,
                detail=detail,
                location=location,
            ),
            name="record_tracking",
            arguments={  # a status and its name have one fingerprint (a StrEnum encodes as str)
                "shipment_id": shipment_id,
                "status": status,
                "at": at,
                "detail": detail,
                "location": location,
            },
            checks={
                "shipment_id": check.an_id,
                "at": check.optional_instant,
                "detail": check.optional_text,
                "location": check.optional_text,
                "status": _tracking_status,
            },
            key=idempotency_key,
        )

    def cancel_shipment(
        self, shipment_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> dict[str, int]:
        """Cancel a shipment not yet shipped: its units go back to allocated (and the shelf)."""
        return self._run(
            partial(shipping.cancel_shipment, shipment_id=shipment_id, reason=reason),
            name="cancel_shipment",
            arguments={"shipment_id": shipment_id, "reason": reason},
            checks={"shipment_id": check.an_id, "reason": check.text},
            key=idempotency_key,
        )

    # -- payments -------------------------------------------------------------------------------

    def record_authorization(
        self,
        order_id: str,
        amount: Money,
        reference: str,
        *,
        payment: int = 1,
        method: str = "card",
        expires_at: pendulum.DateTime | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record the gateway's authorisation of ``amount`` on the order's payment ``payment``."""
        return self._run(
            partial(
                paying.authorize,
                order_id=order_id,
                amount=amount,
                reference=reference,
                number=payment,
                method=method,
                expires_at=expires_at,
            ),
            name="record_authorization",
            arguments={
                "order_id": order_id,
                "amount": amount,
                "reference": reference,
                "payment": payment,
                "method": method,
                "expires_at": expires_at,
            },
            checks=_AUTHORIZE,
            key=idempotency_key,
        )

    def record_capture(
        self,
        order_id: str,
        amount: Money,
        reference: str,
        *,
        payment: int = 1,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record a capture, and apply it to the order's invoices with a balance, oldest first.

        The same gateway ``reference`` again is a no-op (the payment says so), here too.
        """
        return self._run(
            partial(
                paying.capture,
                order_id=order_id,
                amount=amount,
                reference=reference,
                number=payment,
            ),
            name="record_capture",
            arguments={
                "order_id": order_id,
                "amount": amount,
                "reference": reference,
                "payment": payment,
            },
            checks=_PAYMENT,
            key=idempotency_key,
        )

    def record_refund(
        self,
        order_id: str,
        amount: Money,
        reference: str,
        *,
        payment: int = 1,
        rma_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record a refund of captured money on the order's payment ``payment``.

        Never more than the payment captured and has not refunded; with ``rma_id`` (a return of
        this order) also never more than the return was resolved to refund and has not paid
        back yet (``OverRefund``), which is at most the returned units' exact share.
        """
        arguments: dict[str, object] = {
            "order_id": order_id,
            "amount": amount,
            "reference": reference,
            "payment": payment,
        }
        checks = _PAYMENT
        if rma_id is not None:  # keys stored before returns counted refunds keep their prints
            arguments["rma_id"] = rma_id
            checks = _REFUND_FOR_RETURN
        return self._run(
            partial(
                credit.record_refund,
                order_id=order_id,
                amount=amount,
                reference=reference,
                number=payment,
                rma_id=rma_id,
            ),
            name="record_refund",
            arguments=arguments,
            checks=checks,
            key=idempotency_key,
        )

    def record_chargeback(
        self,
        order_id: str,
        amount: Money,
        reference: str,
        *,
        reason: str = "",
        payment: int = 1,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record a chargeback (a dispute opened; ``amount`` withdrawn) on payment ``payment``."""
        return self._run(
            partial(
                paying.charge_back,
                order_id=order_id,
                amount=amount,
                reference=reference,
                number=payment,
                reason=reason,
            ),
            name="record_chargeback",
            arguments={
                "order_id": order_id,
                "amount": amount,
                "reference": reference,
                "reason": reason,
                "payment": payment,
            },
            checks={**_PAYMENT, "reason": check.text},
            key=idempotency_key,
        )

    def record_dispute_evidence(
        self,
        order_id: str,
        reference: str,
        *,
        note: str = "",
        payment: int = 1,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record that evidence against the open dispute on payment ``payment`` was submitted."""
        return self._run(
            partial(
                paying.submit_evidence,
                order_id=order_id,
                reference=reference,
                number=payment,
                note=note,
            ),
            name="record_dispute_evidence",
            arguments={
                "order_id": order_id,
                "reference": reference,
                "note": note,
                "payment": payment,
            },
            checks={"note": check.text, **_DISPUTE},
            key=idempotency_key,
        )

    def record_dispute_won(
        self,
        order_id: str,
        reference: str,
        *,
        payment: int = 1,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record that the open dispute on payment ``payment`` was won (amount reinstated)."""
        return self._run(
            partial(paying.win_dispute, order_id=order_id, reference=reference, number=payment),
            name="record_dispute_won",
            arguments={"order_id": order_id, "reference": reference, "payment": payment},
            checks=_DISPUTE,
            key=idempotency_key,
        )

    def record_dispute_lost(
        self,
        order_id: str,
        reference: str,
        *,
        payment: int = 1,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Record that the open dispute on payment ``payment`` was lost (amount stays withdrawn)."""
        return self._run(
            partial(paying.lose_dispute, order_id=order_id, reference=reference, number=payment),
            name="record_dispute_lost",
            arguments={"order_id": order_id, "reference": reference, "payment": payment},
            checks=_DISPUTE,
            key=idempotency_key,
        )

    # -- cancellations and returns -------------------------------------------------------------

    def cancel_order(
        self, order_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> cancelling.CancellationOutcome:
        """Cancel the whole order: release its stock, credit invoiced units, report the money."""
        return self._run(
            partial(cancelling.cancel_order, order_id=order_id, reason=reason),
            name="cancel_order",
            arguments={"order_id": order_id, "reason": reason},
            checks={"order_id": check.an_id, "reason": check.text},
            key=idempotency_key,
        )

    def cancel_quantity(
        self,
        order_id: str,
        line_id: str,
        units: int,
        reason: str,
        *,
        idempotency_key: str | None = None,
    ) -> cancelling.CancellationOutcome:
        """Cancel ``units`` of one line not yet shipped, with the same follow-up as a cancel."""
        return self._run(
            partial(
                cancelling.cancel_quantity,
                order_id=order_id,
                line_id=line_id,
                units=units,
                reason=reason,
            ),
            name="cancel_quantity",
            arguments={"order_id": order_id, "line_id": line_id, "units": units, "reason": reason},
            checks={
                "order_id": check.an_id,
                "line_id": check.an_id,
                "units": check.a_quantity,
                "reason": check.text,
            },
            key=idempotency_key,
        )

    def request_return(
        self,
        order_id: str,
        line_id: str,
        units: int,
        *,
        reason: ReturnReason = ReturnReason.OTHER,
        channel: str | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> str:
        """Open a return (RMA) of delivered units; returns the RMA number.

        Refused after the line's return window (``return_window``, counted from delivery)
        closed, naming both dates, and for more units than shipped less already returned.
        """
        return self._run(
            partial(
                returns.request_return,
                order_id=order_id,
                line_id=line_id,
                units=units,
                reason=reason,
                channel=channel,
                note=note,
            ),
            name="request_return",
            checks=_REQUEST_RETURN,
            key=idempotency_key,
        )

    def authorize_return(self, rma_id: str, *, idempotency_key: str | None = None) -> None:
        """Authorize a requested return: the customer may send the units back."""
        self._run(
            partial(returns.authorize_return, rma_id=rma_id),
            name="authorize_return",
            arguments={"rma_id": rma_id},
            checks={"rma_id": check.an_id},
            key=idempotency_key,
        )

    def reject_return(
        self, rma_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> None:
        """Refuse a requested return, saying why; its units count as delivered again."""
        self._run(
            partial(returns.reject_return, rma_id=rma_id, reason=reason),
            name="reject_return",
            arguments={"rma_id": rma_id, "reason": reason},
            checks={"rma_id": check.an_id, "reason": check.text},
            key=idempotency_key,
        )

    def cancel_return(
        self, rma_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> None:
        """Call a return off before anything arrived; its units count as delivered again."""
        self._run(
            partial(returns.cancel_return, rma_id=rma_id, reason=reason),
            name="cancel_return",
            arguments={"rma_id": rma_id, "reason": reason},
            checks={"rma_id": check.an_id, "reason": check.text},
            key=idempotency_key,
        )

    def receive_return_line(
        self,
        rma_id: str,
        line_id: str,
        units: int,
        location: str | None = None,
        *,
        condition: Condition = Condition.OPENED,
        lot: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Record returned units of a line arriving at ``location`` (``condition``, ``lot``).

        The RMA keeps where they arrived, and their disposition happens there unless it names
        another place; without a ``location`` they arrived where the line shipped from.
        """
        self._run(
            partial(
                returns.receive_return_line,
                rma_id=rma_id,
                line_id=line_id,
                units=units,
                location=location,
                condition=condition,
                lot=lot,
            ),
            name="receive_return_line",
            arguments={
                "rma_id": rma_id,
                "line_id": line_id,
                "units": units,
                "location": location,
                "condition": condition,
                "lot": lot,
            },
            checks={
                "rma_id": check.an_id,
                "line_id": check.an_id,
                "units": check.a_quantity,
                "location": check.optional_id,
                "condition": check.Kind(Condition),
                "lot": check.optional_id,
            },
            key=idempotency_key,
        )

    def inspect_return_line(
        self,
        rma_id: str,
        line_id: str,
        units: int,
        grade: Grade,
        disposition: Disposition,
        *,
        idempotency_key: str | None = None,
    ) -> None:
        """Grade received units and dispose of them: a restock makes them available again."""
        self._run(
            partial(
                returns.inspect_return_line,
                rma_id=rma_id,
                line_id=line_id,
                units=units,
                grade=grade,
                disposition=disposition,
            ),
            name="inspect_return_line",
            arguments={
                "rma_id": rma_id,
                "line_id": line_id,
                "units": units,
                "grade": grade,
                "disposition": disposition,
            },
            checks={
                "rma_id": check.an_id,
                "line_id": check.an_id,
                "units": check.a_quantity,
                "grade": check.Kind(Grade),
                "disposition": check.Kind(Disposition),
            },
            key=idempotency_key,
        )

    def finish_return_inspection(
        self, rma_id: str, *, idempotency_key: str | None = None
    ) -> dict[str, int]:
        """End a return's inspection with what arrived; returns the units that never did."""
        return self._run(
            partial(returns.finish_inspection, rma_id=rma_id),
            name="finish_return_inspection",
            arguments={"rma_id": rma_id},
            checks={"rma_id": check.an_id},
            key=idempotency_key,
        )

    def resolve_return(
        self,
        rma_id: str,
        *,
        refund: Money | None = None,
        credit: Money | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> returns.ReturnOutcome:
        """Resolve an inspected return: credit notes, and a refund within the units' share."""
        return self._run(
            partial(returns.resolve_return, rma_id=rma_id, refund=refund, credit=credit, note=note),
            name="resolve_return",
            arguments={"rma_id": rma_id, "refund": refund, "credit": credit, "note": note},
            checks={
                "rma_id": check.an_id,
                "note": check.text,
                "refund": check.Kind(Money, optional=True),
                "credit": check.Kind(Money, optional=True),
            },
            key=idempotency_key,
        )

    def close_return(self, rma_id: str, *, idempotency_key: str | None = None) -> None:
        """Close a resolved return's file."""
        self._run(
            partial(returns.close_return, rma_id=rma_id),
            name="close_return",
            arguments={"rma_id": rma_id},
            checks={"rma_id": check.an_id},
            key=idempotency_key,
        )

    def receive_return(
        self,
        order_id: str,
        line_id: str,
        units: int,
        location: str,
        *,
        restock: bool = True,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> returns.ReturnOutcome:
        """Receive, inspect and resolve returned units in one step (see ``returns``).

        Back on the shelf at ``location`` if ``restock``, else scrapped; every return whose
        last unit arrived is credited on the invoices, refunded within its share, and closed.
        """
        return self._run(
            partial(
                returns.receive_return,
                order_id=order_id,
                line_id=line_id,
                units=units,
                location=location,
                restock=restock,
                reference=reference,
            ),
            name="receive_return",
            checks=_RECEIVE_RETURN,
            key=idempotency_key,
        )

    # -- satisfaction follow-ups ----------------------------------------------------------------

    def record_satisfaction(
        self,
        order_id: str,
        satisfied: bool,
        *,
        opted_out: bool = False,
        reason: str | None = None,
        idempotency_key: str | None = None,
    ) -> bool:
        """Record the customer's answer to the follow-up; returns whether a review is requested.

        Satisfied: a review is requested (an outbox event) unless the customer ``opted_out``;
        not satisfied: a case is opened with ``reason``.
        """
        return self._run(
            partial(
                followups.record_satisfaction,
                order_id=order_id,
                satisfied=satisfied,
                opted_out=opted_out,
                reason=reason,
            ),
            name="record_satisfaction",
            arguments={
                "order_id": order_id,
                "satisfied": satisfied,
                "opted_out": opted_out,
                "reason": reason,
            },
            checks={
                "order_id": check.an_id,
                "satisfied": check.a_flag,
                "opted_out": check.a_flag,
                "reason": check.optional_text,
            },
            key=idempotency_key,
        )

    def resolve_case(
        self,
        order_id: str,
        how: CaseResolution,
        *,
        reference: str | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> None:
        """Resolve the order's open case ``how``, naming what did it (a refund, an RMA...)."""
        self._run(
            partial(
                followups.resolve_case, order_id=order_id, how=how, reference=reference, note=note
            ),
            name="resolve_case",
            arguments={"order_id": order_id, "how": how, "reference": reference, "note": note},
            checks={
                "order_id": check.an_id,
                "how": check.Kind(CaseResolution),
                "reference": check.optional_id,
                "note": check.text,
            },
            key=idempotency_key,
        )

    # -- stock ----------------------------------------------------------------------------------

    def receive_stock(
        self,
        sku: str,
        location: str | None,
        units: int,
        *,
        lot: str | Lot | None = None,
        order_ids: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> restocking.FillResult:
        """Receive stock, then fill the backorders of ``order_ids`` from it (one commit).

        ``location`` ``None`` means the Engine's ``default_location``; a ``lot`` named by id
        alone must be one the SKU knows (``UnknownLot``; give a ``Lot`` to register one).
        """
        if location is None and self.default_location is not None:
            location = self.default_location
        if location is None:  # no place and no default: refused by name, nothing changes
            raise WrongType("location", None, "give a location or set the default_location")
        return self._run(
            partial(
                restocking.receive_stock,
                sku=sku,
                location=location,  # None refused above (no default location)
                units=units,
                lot=lot,
                order_ids=order_ids,
                preorders=self.preorders,
                request_policies=self.request_policies,  # selling (#17): whole fills
            ),
            name="receive_stock",
            arguments={
                "sku": sku,
                "location": location,
                "units": units,
                "lot": lot,
                "order_ids": order_ids,
            },
            checks={
                "location": check.an_id,
                "sku": check.an_id,
                "units": check.a_quantity,
                "lot": _a_lot,
                "order_ids": check.ids,
            },
            key=idempotency_key,
        )

    def expect_stock(
        self,
        sku: str,
        supply_id: str,
        location: str,
        units: int,
        expected_on: pendulum.Date,
        *,
        idempotency_key: str | None = None,
    ) -> None:
        """Announce incoming supply of ``sku`` (a purchase order, a transfer)."""
        self._run(
            partial(
                restocking.expect_stock,
                sku=sku,
                supply_id=supply_id,
                location=location,
                units=units,
                expected_on=expected_on,
            ),
            name="expect_stock",
            arguments={
                "sku": sku,
                "supply_id": supply_id,
                "location": location,
                "units": units,
                "expected_on": expected_on,
            },
            checks={
                "sku": check.an_id,
                "supply_id": check.an_id,
                "location": check.an_id,
                "units": check.a_quantity,
                "expected_on": check.a_date,
            },
            key=idempotency_key,
        )

    def receive_incoming(
        self,
        sku: str,
        supply_id: str,
        units: int,
        *,
        order_ids: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> restocking.FillResult:
        """Receive announced supply, then fill the backorders of ``order_ids`` from it."""
        return self._run(
            partial(
                restocking.receive_incoming,
                sku=sku,
                supply_id=supply_id,
                units=units,
                order_ids=order_ids,
                preorders=self.preorders,
                request_policies=self.request_policies,  # selling (#17): whole fills
            ),
            name="receive_incoming",
            arguments={"sku": sku, "supply_id": supply_id, "units": units, "order_ids": order_ids},
            checks={
                "sku": check.an_id,
                "supply_id": check.an_id,
                "units": check.a_quantity,
                "order_ids": check.ids,
            },
            key=idempotency_key,
        )

    def fill_backorders(
        self,
        skus: Iterable[str],
        order_ids: Iterable[str],
        *,
        idempotency_key: str | None = None,
    ) -> restocking.FillResult:
        """Serve backordered units of ``order_ids`` for ``skus`` from free stock, fairly."""
        return self._run(
            partial(
                restocking.fill_backorders,
                skus=skus,
                order_ids=order_ids,
                preorders=self.preorders,
                request_policies=self.request_policies,  # selling (#17): whole fills
            ),
            name="fill_backorders",
            arguments={"skus": skus, "order_ids": order_ids},
            checks={"skus": check.ids, "order_ids": check.ids},
            key=idempotency_key,
        )

    # -- time and reports -----------------------------------------------------------------------

    def _keys(self, collection: str, given: Iterable[str] | None, key: str = "id") -> list[str]:
        if given is not None:
            return list(given)
        return [str(getattr(entity, key)) for entity in stored(self.store, collection)]

    def _tick(
        self,
        session: Session,
        *,
        skus: Iterable[str] | None,
        payment_ids: Iterable[str] | None,
        invoice_ids: Iterable[str] | None,
        follow_up_ids: Iterable[str] | None,
        pick_list_ids: Iterable[str] | None,
        last_tick: pendulum.DateTime | None,
    ) -> timers.TickReport:
        """``timers.tick`` over the named ids; ``None`` lists every stored one (memory store)."""
        listable = callable(getattr(self.store, "snapshot", None))
        # follow-ups came later: a host that names its sets but not these asks none of them
        return timers.tick(
            session,
            self._keys("stock", skus, "sku"),
            self._keys("payments", payment_ids),
            self._keys("invoices", invoice_ids),
            follow_up_ids=(
                self._keys("follow_ups", follow_up_ids)
                if follow_up_ids is not None or listable
                else []
            ),
            pick_list_ids=(
                self._keys("pick_lists", pick_list_ids)
                if pick_list_ids is not None or listable
                else []
            ),
            last_tick=last_tick,
        )

    def tick(
        self,
        *,
        skus: Iterable[str] | None = None,
        payment_ids: Iterable[str] | None = None,
        invoice_ids: Iterable[str] | None = None,
        follow_up_ids: Iterable[str] | None = None,
        pick_list_ids: Iterable[str] | None = None,
        idempotency_key: str | None = None,
    ) -> timers.TickReport:
        """Expire due holds and authorisations, report overdue invoices, ask due follow-ups.

        All at ``clock.now()``; the satisfaction follow-ups that fell due are asked, and the
        pick lists (waves) whose cut-off came are released.
        ``None`` means everything in the store (a memory store); a database host names them.
        A clock behind the store's last tick does nothing and says so: the report's
        ``behind`` holds the last tick's time (time-based work never runs backwards).
        """
        last = self._last_tick
        given = {
            "skus": skus,
            "payment_ids": payment_ids,
            "invoice_ids": invoice_ids,
            "follow_up_ids": follow_up_ids,
            "pick_list_ids": pick_list_ids,
        }
        report = self._run(
            partial(
                self._tick,
                skus=skus,
                payment_ids=payment_ids,
                invoice_ids=invoice_ids,
                follow_up_ids=follow_up_ids,
                pick_list_ids=pick_list_ids,
                last_tick=last,
            ),
            name="tick",  # what the host asked for (None: everything), not what the store held
            arguments=given,
            checks=dict.fromkeys(given, check.optional_ids),
            key=idempotency_key,
        )
        if report.behind is None and report.at is not None and (last is None or report.at > last):
            self._last_tick = report.at
        return report

    def _orders(self, orders: Iterable[Order] | None) -> list[Order]:
        return list(orders) if orders is not None else stored(self.store, "orders")

    def late_orders(self, orders: Iterable[Order] | None = None) -> list[LateOrder]:
        """Open orders past their promised ship-by date (today in the merchant's timezone)."""
        today = local_date(self.clock.now(), self.timezone)
        return late_orders(self._orders(orders), today)

    def backorders_by_sku(self, orders: Iterable[Order] | None = None) -> dict[str, int]:
        """Backordered units per SKU over the open orders (``None``: the memory store's)."""
        return backorders_by_sku(self._orders(orders))

    def best_sellers(
        self, orders: Iterable[Order] | None = None, top: int | None = None
    ) -> list[tuple[str, int]]:
        """SKUs by units out to customers, most first (``None``: the memory store's orders)."""
        return best_sellers(self._orders(orders), top)

    # -- the warehouse floor: pick lists and scan-verified packing (issue #15) -------------------

    slotting: Slotting = attrs.field(factory=Slotting)
    """Where SKUs sit in each location (bins): pick lists walk them. Unslotted SKUs are picked
    from the location's receiving bin."""
    walk: WalkOrder = SERPENTINE
    """The order a picker visits bins: serpentine by default, or the host's ``HostSequence``."""

    def create_pick_lists(
        self,
        shipment_ids: Iterable[str],
        method: PickMethod | None = None,
        *,
        dispatch: Mapping[str, Dispatch] | None = None,
        lead: pendulum.Duration | None = None,
        idempotency_key: str | None = None,
    ) -> list[str]:
        """Put the shipments' units still to pick on new pick lists; returns their ids.

        ``method`` ``None``: the volume decides (single, batch; waves when ``dispatch`` gives
        each shipment's cut-off, carrier and priority). Waves are released by :meth:`tick` at
        their cut-off (less ``lead``).
        """
        return self._run(
            partial(
                pick_lists.create_pick_lists,
                shipment_ids=shipment_ids,
                method=method,
                slotting=self.slotting,
                walk=self.walk,
                dispatch=dispatch,
                lead=lead,
                floor=self._bin_floor() if self.bin_locations else None,
            ),
            name="create_pick_lists",
            arguments={
                "shipment_ids": shipment_ids,
                "method": method,
                "dispatch": dispatch,
                "lead": lead,
            },
            checks={
                "shipment_ids": check.ids,
                "method": check.Kind(PickMethod, optional=True),
                "dispatch": _dispatch,
                "lead": check.Kind(pendulum.Duration, optional=True),
            },
            key=idempotency_key,
        )

    def release_pick_list(self, pick_list_id: str, *, idempotency_key: str | None = None) -> None:
        """Hand a pick list to the floor (``open`` → ``released``)."""
        self._run(
            partial(pick_lists.release_pick_list, pick_list_id=pick_list_id),
            name="release_pick_list",
            arguments={"pick_list_id": pick_list_id},
            checks={"pick_list_id": check.an_id},
            key=idempotency_key,
        )

    def confirm_pick(
        self,
        pick_list_id: str,
        line_id: str,
        units: int,
        *,
        short: bool = False,
        idempotency_key: str | None = None,
    ) -> pick_lists.PickConfirmation:
        """Confirm ``units`` picked on a pick line; ``short``: the rest was not found there.

        The picked units are picked on their shipments; units not found are written off as
        ``"not found"`` and re-allocated elsewhere or backordered (the result says which).
        """
        return self._run(
            partial(
                pick_lists.confirm_pick,
                pick_list_id=pick_list_id,
                line_id=line_id,
                units=units,
                short=short,
                floor=self._bin_floor() if self.bin_locations else None,
            ),
            name="confirm_pick",
            arguments={
                "pick_list_id": pick_list_id,
                "line_id": line_id,
                "units": units,
                "short": short,
            },
            checks={
                "pick_list_id": check.an_id,
                "line_id": check.an_id,
                "units": _count,
                "short": check.a_flag,
            },
            key=idempotency_key,
        )

    def close_pick_list(self, pick_list_id: str, *, idempotency_key: str | None = None) -> None:
        """Close a finished pick list (``picked`` or ``short_picked`` → ``closed``)."""
        self._run(
            partial(pick_lists.close_pick_list, pick_list_id=pick_list_id),
            name="close_pick_list",
            arguments={"pick_list_id": pick_list_id},
            checks={"pick_list_id": check.an_id},
            key=idempotency_key,
        )

    def cancel_pick_list(
        self, pick_list_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> dict[str, int]:
        """Cancel an unfinished pick list; its shipments come off it (picked units stay picked).

        Returns the units already picked per shipment.
        """
        return self._run(
            partial(pick_lists.cancel_pick_list, pick_list_id=pick_list_id, reason=reason),
            name="cancel_pick_list",
            arguments={"pick_list_id": pick_list_id, "reason": reason},
            checks={"pick_list_id": check.an_id, "reason": check.text},
            key=idempotency_key,
        )

    def release_due_pick_lists(
        self, pick_list_ids: Iterable[str] | None = None, *, idempotency_key: str | None = None
    ) -> list[str]:
        """Release every open pick list whose release time (a wave's cut-off) has come.

        ``None`` looks at every pick list in the store (a memory store); :meth:`tick` does this.
        """
        return self._run(
            partial(self._release_due, pick_list_ids=pick_list_ids),
            name="release_due_pick_lists",
            arguments={"pick_list_ids": pick_list_ids},
            checks={"pick_list_ids": check.optional_ids},
            key=idempotency_key,
        )

    def _release_due(self, session: Session, *, pick_list_ids: Iterable[str] | None) -> list[str]:
        """``pick_lists.release_due_lists`` over the named lists (``None``: every stored one)."""
        ids = self._keys("pick_lists", pick_list_ids)
        return pick_lists.release_due_lists(session, pick_list_ids=ids)

    def start_packing(
        self,
        shipment_id: str,
        *,
        serial_tracked: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> None:
        """Start the scan-verified packing of what the shipment picked.

        Units of SKUs in ``serial_tracked`` are each scanned with their serial.
        """
        self._run(
            partial(packing.start_packing, shipment_id=shipment_id, serial_tracked=serial_tracked),
            name="start_packing",
            arguments={"shipment_id": shipment_id, "serial_tracked": serial_tracked},
            checks={"shipment_id": check.an_id, "serial_tracked": check.ids},
            key=idempotency_key,
        )

    def open_package(
        self,
        shipment_id: str,
        package_id: str,
        planned: Mapping[str, int] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> None:
        """Open a package of the shipment's packing, with the units ``planned`` per line."""
        plan = None if planned is None else check.units_per_line("planned", planned)
        self._run(
            partial(
                packing.open_package, shipment_id=shipment_id, package_id=package_id, planned=plan
            ),
            name="open_package",
            arguments={"shipment_id": shipment_id, "package_id": package_id, "planned": plan},
            checks={"shipment_id": check.an_id, "package_id": check.an_id},
            key=idempotency_key,
        )

    def scan_item(
        self,
        shipment_id: str,
        package_id: str,
        code: str,
        *,
        lot: str | None = None,
        serial: str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Scan one unit (SKU, or a barcode the catalogue knows) into a package; its line.

        A wrong item (``WrongItem``), one unit too many (``OverPack``) or a missing serial is
        refused by name and changes nothing.
        """
        return self._run(
            partial(
                packing.scan_item,
                shipment_id=shipment_id,
                package_id=package_id,
                code=code,
                lot=lot,
                serial=serial,
                catalogue=self.catalogue,
            ),
            name="scan_item",
            arguments={
                "shipment_id": shipment_id,
                "package_id": package_id,
                "code": code,
                "lot": lot,
                "serial": serial,
            },
            checks={
                "shipment_id": check.an_id,
                "package_id": check.an_id,
                "code": check.text,
                "lot": check.optional_id,
                "serial": check.optional_id,
            },
            key=idempotency_key,
        )

    def close_package(
        self, shipment_id: str, package_id: str, *, idempotency_key: str | None = None
    ) -> dict[str, int]:
        """Close a package that matches its plan (else ``UnderPack``); returns its contents."""
        return self._run(
            partial(packing.close_package, shipment_id=shipment_id, package_id=package_id),
            name="close_package",
            arguments={"shipment_id": shipment_id, "package_id": package_id},
            checks={"shipment_id": check.an_id, "package_id": check.an_id},
            key=idempotency_key,
        )

    def finish_packing(
        self,
        shipment_id: str,
        weights: Mapping[str, int],
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, int]:
        """Pack the shipment into its closed packages (``weights``: grams per package).

        The parcels know their contents; returns units packed per line (picked → packed).
        """
        return self._run(
            partial(packing.finish_packing, shipment_id=shipment_id, weights=weights),
            name="finish_packing",
            arguments={"shipment_id": shipment_id, "weights": weights},
            checks={"shipment_id": check.an_id, "weights": check.units_per_line},
            key=idempotency_key,
        )

    # -- after the sale: edits, refunds to the original payments, store credit, exchanges -------

    def _refund_priority(self, refund_to: object) -> RefundPriority:
        """``refund_to`` (payment methods, first to last) as a priority, else the Engine's."""
        if refund_to is None:
            return self.refund_priority
        if isinstance(refund_to, str) or not isinstance(refund_to, Iterable):
            raise WrongType("refund_to", refund_to, "refund_to is a sequence of payment methods")
        methods = [enum_member(PaymentMethod, "refund_to", method) for method in refund_to]
        return RefundPriority(methods=methods, sequence=self.refund_priority.sequence)

    def change_line_quantity(
        self,
        order_id: str,
        line_id: str,
        quantity: int,
        *,
        refund_to: Iterable[PaymentMethod | str] | None = None,
        idempotency_key: str | None = None,
    ) -> editing.EditOutcome:
        """Set a placed order line's quantity: stock, invoices and payments follow (one commit).

        More units are allocated and (invoiced on placement) invoiced; fewer release their
        stock, are credited if invoiced and give money back (``void``, then ``refund`` over the
        payments, ``refund_to`` methods first). Refused by name (``LineNotEditable``) when it
        touches picked units or units an open shipment asks for.
        """
        priority = self._refund_priority(refund_to)
        return self._run(
            partial(
                editing.change_line_quantity,
                order_id=order_id,
                line_id=line_id,
                quantity=quantity,
                priority=priority,
            ),
            name="change_line_quantity",
            arguments={
                "order_id": order_id,
                "line_id": line_id,
                "quantity": quantity,
                "refund_to": [str(m) for m in priority.methods] if refund_to is not None else None,
            },
            checks={"order_id": check.an_id, "line_id": check.an_id, "quantity": check.a_quantity},
            key=idempotency_key,
        )

    def add_order_line(
        self,
        order_id: str,
        sku: str,
        quantity: int,
        unit_price: Money,
        *,
        idempotency_key: str | None = None,
    ) -> editing.EditOutcome:
        """Add a line to a placed order: allocated, and invoiced if it was invoiced on placement."""
        return self._run(
            partial(
                editing.add_line,
                order_id=order_id,
                sku=sku,
                quantity=quantity,
                unit_price=unit_price,
            ),
            name="add_order_line",
            arguments={
                "order_id": order_id,
                "sku": sku,
                "quantity": quantity,
                "unit_price": unit_price,
            },
            checks={
                "order_id": check.an_id,
                "sku": check.an_id,
                "quantity": check.a_quantity,
                "unit_price": check.Kind(Money),
            },
            key=idempotency_key,
        )

    def remove_order_line(
        self,
        order_id: str,
        line_id: str,
        *,
        refund_to: Iterable[PaymentMethod | str] | None = None,
        idempotency_key: str | None = None,
    ) -> editing.EditOutcome:
        """Remove a line none of whose units is picked: its stock released, its units credited."""
        priority = self._refund_priority(refund_to)
        return self._run(
            partial(editing.remove_line, order_id=order_id, line_id=line_id, priority=priority),
            name="remove_order_line",
            arguments={
                "order_id": order_id,
                "line_id": line_id,
                "refund_to": [str(m) for m in priority.methods] if refund_to is not None else None,
            },
            checks={"order_id": check.an_id, "line_id": check.an_id},
            key=idempotency_key,
        )

    def change_ship_to(
        self, order_id: str, address: Address, *, idempotency_key: str | None = None
    ) -> editing.EditOutcome:
        """Ship the order to ``address``: allocated units are released and allocated again."""
        return self._run(
            partial(editing.change_ship_to, order_id=order_id, address=address),
            name="change_ship_to",
            arguments={"order_id": order_id, "address": address},
            checks={"order_id": check.an_id, "address": check.Kind(Address)},
            key=idempotency_key,
        )

    def refund_plan(
        self,
        order_id: str,
        amount: Money,
        *,
        refund_to: Iterable[PaymentMethod | str] | None = None,
    ) -> tuple[PlannedRefund, ...]:
        """Where ``amount`` would go back: the order's payments in the refund priority's order.

        A query (nothing changes); refused (``RefundExceedsCaptured``) beyond what they hold.
        """
        priority = self._refund_priority(refund_to)
        return self._run(
            partial(credit.refund_plan, order_id=order_id, amount=amount, priority=priority),
            arguments={"order_id": order_id, "amount": amount},
            checks={"order_id": check.an_id, "amount": check.Kind(Money)},
        )

    def request_returns(
        self,
        order_id: str,
        lines: Mapping[str, int],
        *,
        reason: ReturnReason = ReturnReason.OTHER,
        channel: str | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> str:
        """Open one return (RMA) of delivered units of several lines; returns the RMA number.

        One RMA is inspected and resolved once: one refund over all its lines. Each line is
        checked as :meth:`request_return` checks it.
        """
        return self._run(
            partial(
                returns.request_return_lines,
                order_id=order_id,
                lines=lines,
                reason=reason,
                channel=channel,
                note=note,
            ),
            name="request_returns",
            arguments={
                "order_id": order_id,
                "lines": lines,
                "reason": reason,
                "channel": channel,
                "note": note,
            },
            checks={
                "order_id": check.an_id,
                "lines": check.units_per_line,
                "reason": check.Kind(ReturnReason),
                "channel": check.optional_id,
                "note": check.text,
            },
            key=idempotency_key,
        )

    def exchange_return(
        self,
        rma_id: str,
        replacements: Mapping[str, str] | None = None,
        *,
        ship_to: Address | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> exchanges.ExchangeOutcome:
        """Resolve an inspected return by a linked replacement order (``{line: new sku}``).

        The replacement is placed at no charge and allocated on its own; the returned units
        were already restocked as the inspection decided. No money goes back.
        """
        wanted = exchanges.replacements_of(replacements)
        return self._run(
            partial(
                exchanges.exchange_return,
                rma_id=rma_id,
                replacements=wanted,
                ship_to=ship_to,
                note=note,
            ),
            name="exchange_return",
            arguments={"rma_id": rma_id, "replacements": wanted, "ship_to": ship_to, "note": note},
            checks={
                "rma_id": check.an_id,
                "ship_to": check.Kind(Address, optional=True),
                "note": check.text,
            },
            key=idempotency_key,
        )

    def grant_store_credit(
        self,
        customer_id: str,
        amount: Money,
        reference: str,
        *,
        order_id: str | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> Money:
        """Grant ``amount`` of store credit to a customer; returns the balance after it."""
        return self._run(
            partial(
                credit.grant_credit,
                customer_id=customer_id,
                amount=amount,
                reference=reference,
                order_id=order_id,
                note=note,
            ),
            name="grant_store_credit",
            arguments={
                "customer_id": customer_id,
                "amount": amount,
                "reference": reference,
                "order_id": order_id,
                "note": note,
            },
            checks=_CREDIT,
            key=idempotency_key,
        )

    def redeem_store_credit(
        self,
        customer_id: str,
        amount: Money,
        reference: str,
        *,
        order_id: str | None = None,
        note: str = "",
        idempotency_key: str | None = None,
    ) -> Money:
        """Spend ``amount`` of a customer's store credit (never below zero); the balance left.

        With ``order_id`` it pays that order: a ``store_credit`` payment on it, taken at once
        and applied to its invoices, in the same commit (see ``service.credit``).
        """
        return self._run(
            partial(
                credit.redeem_credit,
                customer_id=customer_id,
                amount=amount,
                reference=reference,
                order_id=order_id,
                note=note,
            ),
            name="redeem_store_credit",
            arguments={
                "customer_id": customer_id,
                "amount": amount,
                "reference": reference,
                "order_id": order_id,
                "note": note,
            },
            checks=_CREDIT,
            key=idempotency_key,
        )

    def store_credit_balance(self, customer_id: str, currency: str) -> Money:
        """A customer's store credit balance in ``currency`` (zero if never granted)."""
        return self._run(
            partial(credit.credit_balance, customer_id=customer_id, currency=currency),
            arguments={"customer_id": customer_id, "currency": currency},
            checks={"customer_id": check.an_id, "currency": check.an_id},
        )

    # -- selling: checkout holds, request policies, signals, shrinking, pickup (issue #17) ------

    request_policies: RequestPolicies = attrs.field(factory=RequestPolicies)
    """All or nothing, or allocate and backorder, per sales channel (``allocate_order``)."""
    preorders: PreorderCaps | None = None
    """Caps on units promised against incoming supply, per SKU and per channel."""
    signals: SignalSettings | None = None
    """With settings, each command records availability signals for the stock it changed."""
    default_location: str | None = None
    """Where ``receive_stock`` puts stock given no location (``None``: a location is needed)."""

    def hold_checkout(
        self,
        checkout_id: str,
        units: Mapping[str, int],
        *,
        ttl: timedelta | None = None,
        location: str | None = None,
        idempotency_key: str | None = None,
        channel: str | None = None,
    ) -> checkouts.CheckoutHold:
        """Hold ``units[sku]`` for a checkout (0 lets go of a SKU); its one hold per SKU adjusts.

        A new hold needs ``ttl``; an adjusted one keeps its expiry unless ``ttl`` is given.
        ``location`` keeps every hold to one store (a pickup). All SKUs are held or none.
        With ``preorders``, a SKU with a cap is held against incoming supply for what stock on
        hand cannot give, within what the caps leave. ``channel`` (the sales channel the
        checkout is on) holds as an order from it is allocated: within the channel's preorder
        cap, and short holds decided by its request policy (all or nothing refuses whole with
        ``ShortRequest``; allocate and backorder holds what is free and says what is short).
        """
        return self._run(
            partial(
                checkouts.hold_checkout,
                checkout_id=checkout_id,
                units=units,
                ttl=ttl,
                location=location,
                preorders=self.preorders,  # selling (#17): holds against incoming
                channel=channel,
                request_policies=self.request_policies,
            ),
            name="hold_checkout",
            arguments={
                "checkout_id": checkout_id,
                "units": units,
                "ttl": ttl,
                "location": location,
                "channel": channel,
            },
            checks={
                "checkout_id": check.an_id,
                "units": _cart,
                "ttl": check.Kind(timedelta, optional=True),
                "location": check.optional_id,
                "channel": check.optional_id,
            },
            key=idempotency_key,
        )

    def release_checkout(
        self, checkout_id: str, skus: Iterable[str], *, idempotency_key: str | None = None
    ) -> dict[str, int]:
        """Let go of a checkout's holds on ``skus``; returns the units given back per SKU."""
        return self._run(
            partial(checkouts.release_checkout, checkout_id=checkout_id, skus=skus),
            name="release_checkout",
            arguments={"checkout_id": checkout_id, "skus": skus},
            checks={"checkout_id": check.an_id, "skus": check.ids},
            key=idempotency_key,
        )

    def available_for_checkout(
        self, checkout_id: str, sku: str, location: str | None = None
    ) -> int:
        """The free units of ``sku`` a checkout sees: its own held units count as free."""
        return self._run(
            partial(
                checkouts.available_for_checkout,
                checkout_id=checkout_id,
                sku=sku,
                location=location,
            ),
            arguments={"checkout_id": checkout_id, "sku": sku, "location": location},
            checks={
                "checkout_id": check.an_id,
                "sku": check.an_id,
                "location": check.optional_id,
            },
        )

    def count_stock(
        self,
        sku: str,
        location: str,
        counted: int,
        *,
        lot: str | None = None,
        idempotency_key: str | None = None,
    ) -> shrinking.ShrinkResult:
        """Record a cycle count; lost reserved units are re-served elsewhere, else backordered."""
        return self._run(
            partial(shrinking.count_stock, sku=sku, location=location, counted=counted, lot=lot),
            name="count_stock",
            arguments={"sku": sku, "location": location, "counted": counted, "lot": lot},
            checks={
                "sku": check.an_id,
                "location": check.an_id,
                "counted": _count,
                "lot": check.optional_id,
            },
            key=idempotency_key,
        )

    def write_off(
        self,
        sku: str,
        location: str,
        units: int,
        reason: str,
        *,
        lot: str | None = None,
        idempotency_key: str | None = None,
    ) -> shrinking.ShrinkResult:
        """Scrap damaged or expired units; lost reserved units are re-served, else backordered."""
        return self._run(
            partial(
                shrinking.write_off,
                sku=sku,
                location=location,
                units=units,
                reason=reason,
                lot=lot,
            ),
            name="write_off",
            arguments={
                "sku": sku,
                "location": location,
                "units": units,
                "reason": reason,
                "lot": lot,
            },
            checks={
                "sku": check.an_id,
                "location": check.an_id,
                "units": check.a_quantity,
                "reason": check.text,
                "lot": check.optional_id,
            },
            key=idempotency_key,
        )

    def ready_for_pickup(
        self, order_id: str, store: str, *, idempotency_key: str | None = None
    ) -> str:
        """Pick and pack what is reserved for the order at ``store``; returns the shipment id."""
        return self._run(
            partial(pickup.ready_for_pickup, order_id=order_id, store=store),
            name="ready_for_pickup",
            arguments={"order_id": order_id, "store": store},
            checks={"order_id": check.an_id, "store": check.an_id},
            key=idempotency_key,
        )

    def collect(
        self,
        shipment_id: str,
        *,
        terms: PaymentTerms | None = None,
        idempotency_key: str | None = None,
    ) -> str | None:
        """The customer collected a ready pickup (shipped and delivered); the invoice id, if any."""
        return self._run(
            partial(
                pickup.collect,
                shipment_id=shipment_id,
                terms=self.b2b_terms if terms is None else terms,
            ),
            name="collect",
            arguments={
                "shipment_id": shipment_id,
                "terms": self.b2b_terms if terms is None else terms,
            },
            checks={
                "shipment_id": check.an_id,
                "terms": check.Kind(PaymentTerms),
            },
            key=idempotency_key,
        )

    # -- after the sale: the RMA on its way back (issue #16) ------------------------------------

    def ship_back_return(
        self,
        rma_id: str,
        carrier: str,
        *,
        tracking: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> None:
        """Record that the customer sent an authorized return with ``carrier`` and ``tracking``.

        The RMA moves from authorized to in transit; receiving it later works as before.
        """
        self._run(
            partial(returns.ship_back, rma_id=rma_id, carrier=carrier, tracking=tracking),
            name="ship_back_return",
            arguments={"rma_id": rma_id, "carrier": carrier, "tracking": tracking},
            checks={"rma_id": check.an_id, "carrier": check.text, "tracking": check.texts},
            key=idempotency_key,
        )

    # -- pickup orders remember their store (issue #17, sell2) ----------------------------------

    def choose_pickup(
        self, order_id: str, location: str | None, *, idempotency_key: str | None = None
    ) -> None:
        """Collect the order at store ``location`` (``None``: ship it); it takes stock only there.

        Refused while a unit is allocated elsewhere (``LineNotEditable``: release it first).
        """
        self._run(
            partial(requests.choose_pickup, order_id=order_id, location=location),
            name="choose_pickup",
            arguments={"order_id": order_id, "location": location},
            checks={"order_id": check.an_id, "location": check.optional_id},
            key=idempotency_key,
        )

    # -- the warehouse floor: box choice and label data (issue #15) ------------------------------

    boxes: tuple[Box, ...] = attrs.field(default=(), converter=_boxes)
    """The host's box catalogue: :meth:`choose_boxes` and :meth:`labels` choose from it."""
    sscc: SsccIssuer | None = None
    """Issues each label's SSCC-18 (the configured company prefix, serials from the host's
    injected sequence); ``None``: :meth:`labels` is refused."""

    def choose_boxes(
        self, shipment_id: str, *, idempotency_key: str | None = None
    ) -> Cartonization:
        """Choose boxes for the shipment's picked units from :attr:`boxes`.

        Sizes and weights come from the ``catalogue``; items that fit no box are in the
        result's ``unfit``, never dropped. Changes nothing.
        """
        return self._run(
            partial(
                labelling.choose_shipment_boxes,
                shipment_id=shipment_id,
                boxes=self.boxes,
                catalogue=self.catalogue,
            ),
            name="choose_boxes",
            arguments={"shipment_id": shipment_id},
            checks={"shipment_id": check.an_id},
            key=idempotency_key,
        )

    def labels(
        self,
        shipment_id: str,
        ship_from: Address,
        service: str,
        references: Iterable[str] = (),
        *,
        idempotency_key: str | None = None,
    ) -> list[Label]:
        """Label data for a packed shipment: one label per chosen box, each with a new SSCC.

        References start with the order's and the shipment's ids. A keyed repeat returns the
        first labels (the same SSCCs); refused while an item fits no box.
        """
        return self._run(
            partial(
                labelling.shipment_labels,
                shipment_id=shipment_id,
                boxes=self.boxes,
                catalogue=self.catalogue,
                issuer=self.sscc,
                ship_from=ship_from,
                service=service,
                references=references,
            ),
            name="labels",
            arguments={
                "shipment_id": shipment_id,
                "ship_from": ship_from,
                "service": service,
                "references": references,
            },
            checks={
                "shipment_id": check.an_id,
                "ship_from": check.Kind(Address),
                "service": check.text,
                "references": check.texts,
            },
            key=idempotency_key,
        )

    # -- after the sale: held stock, quarantine, repair and return to vendor (issue #16) --------

    def release_held_stock(
        self,
        sku: str,
        location: str,
        units: int,
        hold: HoldKind,
        *,
        lot: str | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Put held units of ``sku`` back in sellable stock at ``location`` (and ``lot``).

        Inspection passed (quarantine) or the repair is done: the units become available where
        they are. More than ``hold`` keeps there is refused (``NegativeStock``), nothing changes.
        """
        self._run(
            partial(
                returns.release_held_stock,
                sku=sku,
                location=location,
                units=units,
                hold=hold,
                lot=lot,
                reference=reference,
            ),
            name="release_held_stock",
            arguments={
                "sku": sku,
                "location": location,
                "units": units,
                "hold": hold,
                "lot": lot,
                "reference": reference,
            },
            checks={
                "sku": check.an_id,
                "location": check.an_id,
                "units": check.a_quantity,
                "hold": check.Kind(HoldKind),
                "lot": check.optional_id,
                "reference": check.optional_id,
            },
            key=idempotency_key,
        )

    def scrap_held_stock(
        self,
        sku: str,
        location: str,
        units: int,
        hold: HoldKind,
        *,
        lot: str | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Write held units of ``sku`` off at ``location`` (beyond repair, refused by the vendor).

        More than ``hold`` keeps there is refused (``NegativeStock``), and nothing changes.
        """
        self._run(
            partial(
                returns.scrap_held_stock,
                sku=sku,
                location=location,
                units=units,
                hold=hold,
                lot=lot,
                reference=reference,
            ),
            name="scrap_held_stock",
            arguments={
                "sku": sku,
                "location": location,
                "units": units,
                "hold": hold,
                "lot": lot,
                "reference": reference,
            },
            checks={
                "sku": check.an_id,
                "location": check.an_id,
                "units": check.a_quantity,
                "hold": check.Kind(HoldKind),
                "lot": check.optional_id,
                "reference": check.optional_id,
            },
            key=idempotency_key,
        )

    def ship_to_vendor(
        self,
        sku: str,
        location: str,
        units: int,
        *,
        hold: HoldKind = HoldKind.VENDOR,
        lot: str | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Ship held units of ``sku`` back to their vendor: they leave the building.

        From the vendor hold (``hold`` names another); more than it keeps is refused.
        """
        self._run(
            partial(
                returns.ship_to_vendor,
                sku=sku,
                location=location,
                units=units,
                hold=hold,
                lot=lot,
                reference=reference,
            ),
            name="ship_to_vendor",
            arguments={
                "sku": sku,
                "location": location,
                "units": units,
                "hold": hold,
                "lot": lot,
                "reference": reference,
            },
            checks={
                "sku": check.an_id,
                "location": check.an_id,
                "units": check.a_quantity,
                "hold": check.Kind(HoldKind),
                "lot": check.optional_id,
                "reference": check.optional_id,
            },
            key=idempotency_key,
        )

    # -- the warehouse floor: stock counted in bins (issue #15) ----------------------------------

    bin_locations: frozenset[str] = attrs.field(factory=frozenset, converter=_locations)
    """The locations whose stock is counted in bins too (``BinStock``, collection
    ``bin_stock``): receipts go into the receiving bin (or one the host names) to be put away
    (:meth:`put_away`), pick lists take
    from the bins that hold the units, and the units over a location's bins always equal its
    units on the shelf (on hand less picked), per SKU and lot. Other locations have no bins."""

    def _bin_floor(self) -> bins.BinFloor:
        """What the bin rows need: the binned locations, the slotting, the walk."""
        return bins.BinFloor(self.bin_locations, self.slotting, self.walk)

    def receive_into_bin(
        self,
        sku: str,
        bin: Bin,  # noqa: A002 - the floor's word for it
        units: int,
        *,
        lot: str | Lot | None = None,
        order_ids: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> restocking.FillResult:
        """Receive stock into a bin the host names (at the bin's location); fill backorders.

        A ``lot`` named by id alone must be one the SKU knows (give a ``Lot`` to register one).
        """
        return self._run(
            partial(
                bins.receive_into_bin,
                floor=self._bin_floor(),
                sku=sku,
                place=bin,
                units=units,
                lot=lot,
                order_ids=order_ids,
            ),
            name="receive_into_bin",
            arguments={
                "sku": sku,
                "bin": bin,
                "units": units,
                "lot": lot,
                "order_ids": order_ids,
            },
            checks={
                "sku": check.an_id,
                "bin": check.Kind(Bin),
                "units": check.a_quantity,
                "lot": _a_lot,
                "order_ids": check.ids,
            },
            key=idempotency_key,
        )

    def put_away(
        self,
        sku: str,
        bin: Bin,  # noqa: A002 - the floor's word for it
        units: int,
        *,
        lot: str | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, int]:
        """Move ``units`` from the location's receiving bin to ``bin``; both bins' units after."""
        return self._run(
            partial(
                bins.put_away,
                floor=self._bin_floor(),
                sku=sku,
                place=bin,
                units=units,
                lot=lot,
            ),
            name="put_away",
            arguments={"sku": sku, "bin": bin, "units": units, "lot": lot},
            checks={
                "sku": check.an_id,
                "bin": check.Kind(Bin),
                "units": check.a_quantity,
                "lot": check.optional_id,
            },
            key=idempotency_key,
        )

    def move_between_bins(
        self,
        sku: str,
        source: Bin | None,
        target: Bin,
        units: int,
        *,
        lot: str | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, int]:
        """Move ``units`` between two bins of one location (``None``: from the receiving bin).

        Returns the units of ``lot`` in each of the two bins afterwards, by bin code.
        """
        return self._run(
            partial(
                bins.move_between_bins,
                floor=self._bin_floor(),
                sku=sku,
                source=source,
                target=target,
                units=units,
                lot=lot,
            ),
            name="move_between_bins",
            arguments={
                "sku": sku,
                "source": source,
                "target": target,
                "units": units,
                "lot": lot,
            },
            checks={
                "sku": check.an_id,
                "source": check.Kind(Bin, optional=True),
                "target": check.Kind(Bin),
                "units": check.a_quantity,
                "lot": check.optional_id,
            },
            key=idempotency_key,
        )

    def count_bin(
        self,
        sku: str,
        bin: Bin,  # noqa: A002 - the floor's word for it
        counted: int,
        *,
        lot: str | None = None,
        idempotency_key: str | None = None,
    ) -> shrinking.ShrinkResult:
        """Record a count of one bin; the difference goes through ``count_stock``'s path."""
        return self._run(
            partial(
                bins.count_bin,
                floor=self._bin_floor(),
                sku=sku,
                place=bin,
                counted=counted,
                lot=lot,
            ),
            name="count_bin",
            arguments={"sku": sku, "bin": bin, "counted": counted, "lot": lot},
            checks={
                "sku": check.an_id,
                "bin": check.Kind(Bin),
                "counted": _count,
                "lot": check.optional_id,
            },
            key=idempotency_key,
        )

    # -- after the sale: moving units between holds (issue #16) ----------------------------------

    def move_held_stock(
        self,
        sku: str,
        location: str,
        units: int,
        from_hold: HoldKind,
        to_hold: HoldKind,
        *,
        lot: str | None = None,
        reference: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        """Move held units of ``sku`` at ``location`` from one hold to another (a ledger movement).

        Quarantine → repair, repair → vendor...: on hand and available do not change, the
        units are never available on the way. Refused, and nothing changes: an unknown hold
        (``WrongType``), the same hold twice (``ValidationError`` naming ``to_hold``), more
        than ``from_hold`` keeps there (``NegativeStock``).
        """
        self._run(
            partial(
                returns.move_held_stock,
                sku=sku,
                location=location,
                units=units,
                from_hold=from_hold,
                to_hold=to_hold,
                lot=lot,
                reference=reference,
            ),
            name="move_held_stock",
            arguments={
                "sku": sku,
                "location": location,
                "units": units,
                "from_hold": from_hold,
                "to_hold": to_hold,
                "lot": lot,
                "reference": reference,
            },
            checks={
                "sku": check.an_id,
                "location": check.an_id,
                "units": check.a_quantity,
                "from_hold": check.Kind(HoldKind),
                "to_hold": check.Kind(HoldKind),
                "lot": check.optional_id,
                "reference": check.optional_id,
            },
            key=idempotency_key,
        )


def _count(field: str, value: object) -> int:
    """``value`` as a count of units: a whole ``int`` >= 0 (a confirmation may pick none)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, value, "units are a whole number >= 0 (int, not bool)")
    return value


def _dispatch(field: str, value: object) -> Mapping[str, Dispatch] | None:
    """``None``, or each shipment id's :class:`Dispatch` (its cut-off, carrier, priority)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "dispatch maps shipment ids to Dispatch values")
    for shipment_id, chosen in value.items():
        check.an_id(field, shipment_id)
        check.an_instance(field, chosen, Dispatch)
    return value


def _cart(field: str, value: object) -> Mapping[str, int]:
    """A checkout's cart: SKU ids to whole units >= 0 (0 lets go of a SKU)."""
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a cart maps SKU ids to units")
    for sku, units in value.items():
        check.an_id(f"{field} key", sku)
        _count(f"{field}[{sku!r}]", units)
    return value
