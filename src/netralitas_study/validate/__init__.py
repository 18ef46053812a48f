"""Validation: field rules and relations from the codebook, the personal-data guard, and ``load`` (read once, validate, type)."""
