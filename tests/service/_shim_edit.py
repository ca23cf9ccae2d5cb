# scratch shim (not committed): Engine methods for the edit tests until wiring at 16:30
from ordercore.domain.billing import RefundPriority
from ordercore.service import Engine, editing


def _p(refund_to):
    return RefundPriority(methods=refund_to) if refund_to else None


Engine.change_line_quantity = lambda self, o, l, q, refund_to=(): self._run(
    lambda s: editing.change_line_quantity(s, o, l, q, priority=_p(refund_to))
)
Engine.add_order_line = lambda self, o, sku, q, price: self._run(
    lambda s: editing.add_line(s, o, sku, q, price)
)
Engine.remove_order_line = lambda self, o, l: self._run(lambda s: editing.remove_line(s, o, l))
Engine.change_ship_to = lambda self, o, a: self._run(lambda s: editing.change_ship_to(s, o, a))
from ordercore.service import credit, exchanges

Engine.exchange_return = lambda self, r, rep=None, **kw: self._run(
    lambda s: exchanges.exchange_return(s, r, rep, **kw)
)
Engine.refund_plan = lambda self, o, a, refund_to=(): self._run(
    lambda s: credit.refund_plan(s, o, a, _p(refund_to))
)


def _rr(self, o, a, ref, *, payment=1, rma_id=None):
    return self._run(lambda s: credit.record_refund(s, o, a, ref, payment, rma_id=rma_id))


Engine.record_refund = _rr
Engine.grant_store_credit = lambda self, c, a, ref, **kw: self._run(
    lambda s: credit.grant_credit(s, c, a, ref, **kw)
)
Engine.redeem_store_credit = lambda self, c, a, ref, **kw: self._run(
    lambda s: credit.redeem_credit(s, c, a, ref, **kw)
)
Engine.store_credit_balance = lambda self, c, cur: self._run(
    lambda s: credit.credit_balance(s, c, cur)
)
