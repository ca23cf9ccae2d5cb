"""Billing: payments, invoices and what an order has been paid."""
