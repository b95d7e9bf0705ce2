"""The former name of :mod:`nqs.loaders.parse_standard_current`, kept while callers import it.

The parser of the current template now reads the Kazakh and the Russian text alike; these
names are aliases of ``looks_like_current_standard`` and ``parse_standard_current``.
"""

from __future__ import annotations

from nqs.loaders.parse_standard_current import (
    looks_like_current_standard as looks_like_kk_standard,
)
from nqs.loaders.parse_standard_current import parse_standard_current as parse_standard_kk

__all__ = ["looks_like_kk_standard", "parse_standard_kk"]
