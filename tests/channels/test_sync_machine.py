from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ordercore.channels import ExternalRef, ExternalVersion, SyncDecision, SyncLedger
from ordercore.testing.strategies_channels import instant_versions

REFS = [
    ExternalRef("shopify", "retro-shop", "450789469"),
    ExternalRef("amazon", "seller-eu", "902-1845936-5435065"),
]


class WebhookDeliveries(RuleBasedStateMachine):
    """Payloads arrive late, twice and out of order; the host applies what the ledger says."""

    def __init__(self) -> None:
        super().__init__()
        self.ledger = SyncLedger()
        self.applied: dict[ExternalRef, ExternalVersion] = {}
        self.sent: dict[ExternalRef, list[ExternalVersion]] = {ref: [] for ref in REFS}
        self.events: dict[str, tuple[ExternalRef, ExternalVersion]] = {}

    def _deliver(self, ref: ExternalRef, version: ExternalVersion, event_id: str) -> SyncDecision:
        outcome = self.ledger.observe(ref, version, event_id=event_id)
        if outcome.decision.applies:
            self.applied[ref] = version
        self.ledger = outcome.ledger
        return outcome.decision

    @rule(ref=st.sampled_from(REFS), version=instant_versions())
    def a_new_webhook_arrives(self, ref: ExternalRef, version: ExternalVersion) -> None:
        event_id = f"evt-{len(self.events) + 1}"
        self.events[event_id] = (ref, version)
        self.sent[ref].append(version)
        self._deliver(ref, version, event_id)

    @rule(data=st.data())
    def a_webhook_is_delivered_again(self, data: st.DataObject) -> None:
        if not self.events:
            return
        event_id = data.draw(st.sampled_from(sorted(self.events)))
        ref, version = self.events[event_id]
        assert SyncDecision.DUPLICATE == self._deliver(ref, version, event_id)

    @rule(ref=st.sampled_from(REFS))
    def a_poll_returns_the_newest_payload_again(self, ref: ExternalRef) -> None:
        if ref in self.applied:
            assert SyncDecision.SAME == self.ledger.observe(ref, self.applied[ref]).decision

    @invariant()
    def the_host_holds_the_newest_version_sent(self) -> None:
        newest = {
            ref: max(versions, key=lambda v: v.rank).rank
            for ref, versions in self.sent.items()
            if versions
        }
        assert newest == {ref: v.rank for ref, v in self.applied.items()}

    @invariant()
    def the_ledger_agrees_with_the_host(self) -> None:
        assert self.applied == self.ledger.versions


TestWebhookDeliveries = WebhookDeliveries.TestCase
