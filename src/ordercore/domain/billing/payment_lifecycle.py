"""The payment lifecycle as a transition table: ``PAYMENT_LIFECYCLE`` (name ``"payment"``).

States follow the money, and a payment's state always agrees with its ledger:

* ``pending``: nothing recorded yet;
* ``authorized``: an authorization holds money and nothing is captured;
* ``partially_captured``: something is captured and part of the authorization is still open;
* ``captured``: the authorization is settled (captured in full, or its rest voided or expired)
  and nothing is refunded;
* ``partially_refunded``: part of what was captured is refunded;
* ``disputed``: a chargeback is open: its amount is withdrawn until the dispute is decided;
* ``charged_back``: a dispute was lost and nothing captured is kept;
* ``refunded``, ``voided``, ``expired``, ``failed``: final.

A dispute opens (``open_dispute``) on a settled payment, one at a time; ``submit_evidence``
keeps it open. Winning reinstates the amount: ``win_whole`` when nothing was ever given back
(``captured``), ``win_partial`` otherwise (``partially_refunded``). Losing keeps it withdrawn:
``lose_part`` when something captured is still kept (``partially_refunded``, which then means
part of what was captured went back, by refund or chargeback), ``lose_rest`` when nothing is.

Triggers that can end in two states are split by outcome, so that each row has one target:
``capture_part`` leaves part of the authorization open, ``capture_rest`` takes all of it;
``refund_part`` leaves something refundable, ``refund_rest`` refunds the remainder. ``void`` and
``expire`` from ``partially_captured`` release the open rest and settle the payment as ``captured``.
``authorize`` from ``authorized`` or ``partially_captured`` is an incremental authorization.
``sell`` records an authorization and capture at once (bank transfer, cash, automatic capture).
"""

from __future__ import annotations

import enum
from typing import Final

from ordercore.kernel.fsm import Lifecycle, Transition

__all__ = ["PAYMENT_LIFECYCLE", "PaymentState"]


class PaymentState(enum.StrEnum):
    """Where a payment stands; see the module docstring for what each state means."""

    PENDING = "pending"
    AUTHORIZED = "authorized"
    PARTIALLY_CAPTURED = "partially_captured"
    CAPTURED = "captured"
    PARTIALLY_REFUNDED = "partially_refunded"
    DISPUTED = "disputed"
    CHARGED_BACK = "charged_back"
    REFUNDED = "refunded"
    VOIDED = "voided"
    EXPIRED = "expired"
    FAILED = "failed"


_S = PaymentState
_OPEN = (_S.AUTHORIZED, _S.PARTIALLY_CAPTURED)
_SETTLED = (_S.CAPTURED, _S.PARTIALLY_REFUNDED)

PAYMENT_LIFECYCLE: Final[Lifecycle[PaymentState, object]] = Lifecycle(
    "payment",
    PaymentState,
    _S.PENDING,
    [
        Transition(_S.PENDING, "authorize", _S.AUTHORIZED),
        Transition(_S.PENDING, "sell", _S.CAPTURED),
        Transition(_S.PENDING, "fail", _S.FAILED),
        Transition(_S.AUTHORIZED, "authorize", _S.AUTHORIZED),
        Transition(_S.PARTIALLY_CAPTURED, "authorize", _S.PARTIALLY_CAPTURED),
        Transition(_OPEN, "capture_part", _S.PARTIALLY_CAPTURED),
        Transition(_OPEN, "capture_rest", _S.CAPTURED),
        Transition(_S.AUTHORIZED, "void", _S.VOIDED),
        Transition(_S.PARTIALLY_CAPTURED, "void", _S.CAPTURED),
        Transition(_S.AUTHORIZED, "expire", _S.EXPIRED),
        Transition(_S.PARTIALLY_CAPTURED, "expire", _S.CAPTURED),
        Transition(_SETTLED, "refund_part", _S.PARTIALLY_REFUNDED),
        Transition(_SETTLED, "refund_rest", _S.REFUNDED),
        Transition(_SETTLED, "open_dispute", _S.DISPUTED),
        Transition(_S.DISPUTED, "submit_evidence", _S.DISPUTED),
        Transition(_S.DISPUTED, "win_whole", _S.CAPTURED),
        Transition(_S.DISPUTED, "win_partial", _S.PARTIALLY_REFUNDED),
        Transition(_S.DISPUTED, "lose_part", _S.PARTIALLY_REFUNDED),
        Transition(_S.DISPUTED, "lose_rest", _S.CHARGED_BACK),
    ],
    terminal=[_S.CHARGED_BACK, _S.REFUNDED, _S.VOIDED, _S.EXPIRED, _S.FAILED],
)
"""The payment lifecycle (name ``"payment"``); render it with ``PAYMENT_LIFECYCLE.to_mermaid()``."""
