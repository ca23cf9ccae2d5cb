"""Reliability: faults around commits, junk at the public boundary, the defects of issue 13."""
