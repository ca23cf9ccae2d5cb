"""The domain: orders, billing, inventory, allocation, fulfilment, returns, warehouse (pure)."""
