"""The domain: orders, billing, inventory, allocation. Pure rules; imports only the kernel and itself."""
