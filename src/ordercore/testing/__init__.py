"""ordercore's exported test kit: hypothesis strategies, the contract kit, stateful machines.

Importing it needs the ``testing`` extra (hypothesis, pytest): ``pip install ordercore[testing]``.
Nothing is imported here, so each module costs only what it uses:

* ``ordercore.testing.contract`` -- ``AdapterContract`` and the ``RepositoryContract``,
  ``UnitOfWorkContract``, ``OutboxContract``, ``IdempotencyContract``, ``ConcurrencyContract``
  base classes an integrator subclasses (as ``Test...``) to prove an adapter
  (see ``docs/integrators-guide.md``);
* ``ordercore.testing.stateful_engine`` and ``stateful_shipping`` -- rule-based machines that drive
  the ``Engine`` with valid and invalid commands and check every invariant after each step;
* ``ordercore.testing.stateful`` -- ``AdapterAgreementMachine``, which drives an adapter and the
  memory oracle side by side;
* ``ordercore.testing.strategies_orders``, ``strategies_payments``, ``strategies_invoices``,
  ``strategies_inventory``, ``strategies_allocation``, ``strategies_fulfilment``,
  ``strategies_channels``, ``strategies_outbound`` -- hypothesis strategies for every domain value,
  consistent Shopify and Amazon payloads, shipped events and stock scripts; ordercore's own tests
  use them.
"""
