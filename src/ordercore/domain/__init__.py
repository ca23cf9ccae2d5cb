"""The domain: orders, billing, inventory, allocation, fulfilment, returns; pure rules."""
