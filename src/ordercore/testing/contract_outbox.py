"""Contract tests for the outbox: commit order, unique ids, nothing on rollback, at least once."""

from __future__ import annotations

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect

__all__ = ["OutboxContract"]


class OutboxContract(ContractBase):
    """What every outbox does (see :mod:`ordercore.ports.outbox`)."""

    def test_events_reach_the_outbox_in_commit_order_with_unique_ids(self, store: Store) -> None:
        """Each committed event appears once, in commit order, with increasing sequence numbers."""
        expected = []
        for specimen in self.specimens():
            for n in (21, 22):
                entity = specimen.new(n)
                expected.extend(entity.events)
                with store.unit_of_work() as uow:
                    uow.repository(specimen.collection).add(entity)
                    uow.commit()
            with store.unit_of_work() as uow:
                first = uow.repository(specimen.collection).get(specimen.key(specimen.new(21)))
                second = uow.repository(specimen.collection).get(specimen.key(specimen.new(22)))
                versions = first.version, second.version
                specimen.change(second)
                specimen.change(first)
                expected.extend(second.events + first.events)
                uow.repository(specimen.collection).save(second, versions[1])
                uow.repository(specimen.collection).save(first, versions[0])
                uow.commit()
        messages = store.pending(1000)
        expect(expected, [message.event for message in messages], "events in commit order")
        ids = [message.id for message in messages]
        expect(len(ids), len(set(ids)), "distinct message ids")
        sequences = [message.sequence for message in messages]
        expect(sorted(set(sequences)), sequences, "strictly increasing sequence numbers")

    def test_events_follow_commit_order_when_units_of_work_interleave(self, store: Store) -> None:
        """A unit of work that saved first but committed last has its events last."""
        for specimen in self.specimens():
            early, late = add_committed(store, specimen, 26), add_committed(store, specimen, 27)
            store.mark_delivered([message.id for message in store.pending(1000)])
            with store.unit_of_work() as slow, store.unit_of_work() as fast:
                mine = slow.repository(specimen.collection).get(specimen.key(early))
                specimen.change(mine)
                slow_events = list(mine.events)
                slow.repository(specimen.collection).save(mine, early.version)
                theirs = fast.repository(specimen.collection).get(specimen.key(late))
                specimen.change(theirs)
                fast_events = list(theirs.events)
                fast.repository(specimen.collection).save(theirs, late.version)
                fast.commit()
                seen = store.pending(1000)
                slow.commit()
            messages = store.pending(1000)
            expect(fast_events + slow_events, [m.event for m in messages], "commit order")
            highest = max(message.sequence for message in seen)
            expect(
                [True] * len(slow_events),
                [m.sequence > highest for m in messages[len(seen) :]],
                "a later commit's positions are above everything a reader saw before it",
            )
            store.mark_delivered([message.id for message in messages])

    def test_nothing_reaches_the_outbox_on_rollback(self, store: Store) -> None:
        """Events of a unit of work that was rolled back never reach the outbox."""
        for specimen in self.specimens():
            with store.unit_of_work() as uow:
                uow.repository(specimen.collection).add(specimen.new(23))
                uow.rollback()
        expect([], store.pending(100), "the outbox after a rollback")

    def test_offers_a_message_until_it_is_marked_delivered(self, store: Store) -> None:
        """At least once: pending() repeats undelivered messages; delivered ones leave."""
        for specimen in self.specimens():
            add_committed(store, specimen, 24)
            add_committed(store, specimen, 25)
        first = store.pending(1)
        expect(first, store.pending(1), "an undelivered message is offered again")
        everything = store.pending(1000)
        expect(first, everything[:1], "pending(limit) takes the oldest first")
        store.mark_delivered([first[0].id, "NOT-A-MESSAGE"])
        expect(everything[1:], store.pending(1000), "pending after one delivery")
        store.mark_delivered([first[0].id])
        expect(everything[1:], store.pending(1000), "marking twice is harmless")
