"""reconcile: link lists of people reported executed or disappeared with official replies.

Stages, one module each: load → normalize → block → compare → classify → cluster → report.
"""

from reconcile.config import Settings, load_settings
from reconcile.errors import ConfigError, InputError, ReconcileError

__all__ = ["ConfigError", "InputError", "ReconcileError", "Settings", "load_settings"]
__version__ = "0.1.0"
