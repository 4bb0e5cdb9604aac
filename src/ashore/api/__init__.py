"""The public Python API of ashore (re-exported by the package: ``ashore.fly``, ...).

Every function takes SI inside and degrees or km only where an argument's name says so, and
returns a frozen result with ``.to_dict()`` (exactly the command line's JSON), ``.plot(ax=None)``
(a matplotlib Axes) and, where the result is tabular, ``.to_dataframe()`` (pandas).
"""

from ashore.api.booster import BoosterDropResult, booster_drop
from ashore.api.catalog import interceptor, missile, names, radar
from ashore.api.coverage import Coverage, coverage
from ashore.api.engagement import Engagement, engage
from ashore.api.flight import Flight, fly
from ashore.api.flyout import Flyout, flyout
from ashore.errors import AshoreError, CatalogError, InputError, UnreachableError
from ashore.intercept.booster import Dispersion, Wind
from ashore.intercept.pip import FireControl
from ashore.scenario.schema import Scenario, load_scenario

__all__ = [
    "AshoreError", "BoosterDropResult", "CatalogError", "Coverage", "Dispersion", "Engagement",
    "FireControl", "Flight", "Flyout", "InputError", "Scenario", "UnreachableError", "Wind",
    "booster_drop", "coverage", "engage", "fly", "flyout", "interceptor", "load_scenario",
    "missile", "names", "radar",
]
