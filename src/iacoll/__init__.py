"""iacoll: linked-open-data catalogue of the AI systems of French local authorities."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("iacoll")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
