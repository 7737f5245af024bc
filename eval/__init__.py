"""Evaluation and benchmark tools."""
