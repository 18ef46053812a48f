"""netralitas-study: coding schema and compliance metrics for Bawaslu's handling of
ASN-neutrality violations.

Submodules are imported on demand (``from netralitas_study import validation``), so that
``import netralitas_study`` stays cheap for command-line use.
"""

__version__ = "0.1.0"
