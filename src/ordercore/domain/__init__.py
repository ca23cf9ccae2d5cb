"""The domain: orders, billing, inventory, allocation; pure rules over the kernel."""
