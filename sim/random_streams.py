"""Named random streams, all spawned from one seed per replication.

Each mechanism draws from its own numpy Generator, so a change in one mechanism does not shift the
numbers another one sees. Two scenarios run with the same seed therefore get the same arrivals and
the same residents with the same needs: common random numbers. New streams are only ever added at
the end of ``STREAM_NAMES``, so existing streams keep their numbers.
"""

from __future__ import annotations

import numpy as np

STREAM_NAMES: tuple[str, ...] = (
    "arrivals",  # request times
    "needs",  # area, age, domain, complexity, initial severity
    "durations",  # assessment, support, consultation delay, specialised care
    "routing",  # consultation and referral decisions
    "behaviour",  # patience, drop-out during support, re-entry
    "reentry",  # the needs of households that come back
    "start_state",  # attributes of cases loaded from an open-cases CSV
    "structure",  # per-case uniforms for the organisation's mechanisms (doors, triage, hand-offs)
    "reentry_structure",  # ... of households that come back
    "start_state_structure",  # ... of cases loaded from an open-cases CSV
    "members",  # the needs of a household's second member (split teams)
    "members_structure",  # ... and their uniforms
    "staffing",  # when mother organisations claim their seconded workers back, and for how long
    "onsets",  # when needs arise before anyone knows (help seeking)
    "latent",  # the needs that arise (help seeking)
    "latent_structure",  # ... and their uniforms
    "agent_draws",  # per-case uniforms of the residents' and professionals' decisions (AGENT_DRAWS)
    "reentry_agent_draws",  # ... of households that come back
    "start_state_agent_draws",  # ... of cases loaded from an open-cases CSV
    "members_agent_draws",  # ... of a household's second member
    "latent_agent_draws",  # ... of needs that arise before a request
    "strain",  # weekly sick leave and turnover of professionals under strain, recruitment delays
    "learning",  # whether a consultation teaches the worker (consulting a colleague teaches)
    "door_draws",  # per-case uniforms of the doors' mechanisms (sim.demand.DOOR_DRAWS)
    "reentry_door_draws",  # ... of households that come back
    "start_state_door_draws",  # ... of cases loaded from an open-cases CSV
    "members_door_draws",  # ... of a household's second member
    "latent_door_draws",  # ... of needs that arise before a request
)


class RandomStreams:
    """One independent ``numpy.random.Generator`` per name in ``STREAM_NAMES``."""

    def __init__(self, seed: int):
        self.seed = seed
        children = np.random.SeedSequence(seed).spawn(len(STREAM_NAMES))
        self._streams = {
            name: np.random.Generator(np.random.PCG64(child))
            for name, child in zip(STREAM_NAMES, children, strict=True)
        }

    def __getitem__(self, name: str) -> np.random.Generator:
        return self._streams[name]


def replication_seeds(master_seed: int, replications: int) -> list[int]:
    """One reproducible 63-bit seed per replication, derived from the master seed.

    Replication ``r`` always gets the same seed whatever the number of replications, so adding
    replications extends a study without changing the ones already run.
    """
    seeds = []
    for r in range(replications):
        high, low = np.random.SeedSequence(master_seed, spawn_key=(r,)).generate_state(2, np.uint32)
        seeds.append(((int(high) << 32) | int(low)) & (2**63 - 1))
    return seeds
