"""Knowledge graph of Kazakhstan's National Qualification System."""

__version__ = "0.1.0"
