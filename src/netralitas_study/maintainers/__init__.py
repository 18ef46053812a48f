"""Maintainers' derivations, not the student-facing API: coding the source extract into data/, seeded synthetic logs."""
