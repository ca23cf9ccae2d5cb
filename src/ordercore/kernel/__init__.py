"""The kernel every part of ordercore stands on: money, time, ids, errors, events and lifecycles.

It imports nothing else of ordercore.
"""
