"""netralitas-study: coding schema and compliance metrics for Bawaslu's handling of
ASN-neutrality violations.

``from netralitas_study import load`` is the one way into the data (see :mod:`.loader`).
Submodules are imported on demand (``from netralitas_study import validation``), so that
``import netralitas_study`` stays cheap for command-line use.
"""

__version__ = "0.1.0"
__all__ = ["InvalidData", "load"]


def __getattr__(name: str):
    # lazy: pandas is imported only when the loader is first used
    if name in __all__:
        from netralitas_study.validate import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'netralitas_study' has no attribute {name!r}")
