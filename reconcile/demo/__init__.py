"""A synthetic, deterministic scenario with ground truth: `reconcile demo`.

No real person is named: people are drawn from pools of common Persian given and family
names, then written into seven lists the way the real sources wrote names.
"""

from reconcile.demo.scenario import DemoSummary, generate

__all__ = ["DemoSummary", "generate"]
