# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A first look at ashore
#
# Fly a Nodong-class missile from Sunan (Pyongyang) to Tokyo, see whether the 2017 Aegis
# Ashore plan could engage it, and map what the two sites defend. Every number is public and
# notional (see `docs/sources.md`); open this file in Jupyter with jupytext, or run it with
# Python.

# %%
import matplotlib.pyplot as plt

import ashore

# %% [markdown]
# ## One threat
# A minimum-energy trajectory: the targeting solver chooses the launch azimuth, the pitch-over
# and the thrust cut-off that land the warhead on the aim.

# %%
flight = ashore.fly("nodong", launch=(39.224, 125.670), aim=(35.68, 139.69))
print(f"range {flight.range_km:.0f} km, apogee {flight.apogee_km:.0f} km, "
      f"flight time {flight.flight_time_s:.0f} s")
flight.plot()
plt.show()

# %% [markdown]
# ## One engagement
# The japan-2017 scenario: Araya and Mutsumi with SPY-7-class radars and SM-3 Block IIA-class
# interceptors, forward TPY-2-class radars, network cueing. The result names the defending
# site, the shots it can take (shoot-look-shoot) and, each shot re-flown, the miss.

# %%
engagement = ashore.engage(flight, scenario="japan-2017")
print(f"engageable: {engagement.engageable}, {engagement.shots} shot(s) from "
      f"{engagement.site}; first fire {engagement.first_fire_time_s} s after launch")
engagement.to_dataframe()[["launch_time_s", "time_s", "altitude_km", "reflown_miss_m"]]

# %%
fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7))
engagement.plot(ax=top)
engagement.plot(ax=bottom, kind="timeline")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## A coarse coverage map
# 50 km cells and the Nodong family alone keep this quick (about half a minute);
# `ashore.coverage("japan-2017")` gives every family on the 10 km cells. A cell is defended
# against a threat family only if it is defended against every class of the family that can
# reach it (launch places and shapes).

# %%
cov = ashore.coverage("japan-2017", grid_km=50, families=["nodong"])
for family, f in cov.families.items():
    print(f"{family}: people defended with 1+ shots {100 * f['population_fraction_one_shot']:.1f}"
          f" %, with 2+ shots {100 * f['population_fraction_two_shots']:.1f} %")
cov.plot()
plt.show()

# %%
cells = cov.to_dataframe()
cells[cells.threatened].groupby("threat_class")["shots"].describe()
