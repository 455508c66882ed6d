"""Sentence prediction from a fact text: charges, quantities, circumstances, statutory tiers, fitted numbers."""

from __future__ import annotations

from pleaguard.predict.model import predict

__all__ = ["predict"]
