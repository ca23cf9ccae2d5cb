"""Tests of ordercore.domain.billing."""
