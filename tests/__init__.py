"""Tests for numbers."""
