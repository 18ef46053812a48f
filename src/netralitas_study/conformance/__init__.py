"""Conformance: each case's handling checked against a procedure, as codes; text is made from codes in one place."""
