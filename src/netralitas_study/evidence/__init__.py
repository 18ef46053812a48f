"""Evidence: inference rules (stated versus inferred), worst/best bounds, and the documents that would decide open cases."""
