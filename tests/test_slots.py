"""A unit's places (sim.slots) and journeys without a SimPy process (sim.steps_runner).

Places must hand out and queue exactly as SimPy's Resource and PriorityResource do, with events
only for a case that waits; a journey run by the steps runner must see the same clock as a process.
"""

from __future__ import annotations

import random

import pytest
import simpy

from sim.slots import Slots
from sim.steps_runner import run_steps_now, start_steps


def _grant_order(make, priorities: bool, seed: int) -> list[tuple[float, int]]:
    """Customers arrive and hold places for random times; (time, customer) at each grant."""
    rng = random.Random(seed)
    env = simpy.Environment()
    unit = make(env)
    granted: list[tuple[float, int]] = []

    def customer(number: int, priority: int, hold: float):
        place = unit.request(priority=priority) if priorities else unit.request()
        yield place
        granted.append((env.now, number))
        yield env.timeout(hold)
        unit.release(place)

    def arrivals():
        for number in range(300):
            yield env.timeout(rng.expovariate(2.0))
            env.process(customer(number, rng.randint(-1, 1), rng.expovariate(0.7)))

    env.process(arrivals())
    env.run()
    return granted


@pytest.mark.parametrize("priorities", [False, True])
def test_places_are_granted_in_the_same_order_and_at_the_same_times_as_simpy(priorities: bool) -> None:
    simpy_kind = simpy.PriorityResource if priorities else simpy.Resource
    for seed in range(3):
        ours = _grant_order(lambda env: Slots(env, 3, priorities=priorities), priorities, seed)
        theirs = _grant_order(lambda env: simpy_kind(env, capacity=3), priorities, seed)
        assert ours == theirs
        assert len({number for _, number in ours}) == 300


def _grant_order_with_impatience(make, priorities: bool, seed: int) -> list[tuple[float, int]]:
    """As ``_grant_order``, but a customer who waits longer than its patience leaves the queue."""
    rng = random.Random(seed)
    env = simpy.Environment()
    unit = make(env)
    granted: list[tuple[float, int]] = []

    def customer(number: int, priority: int, hold: float, patience: float):
        place = unit.request(priority=priority) if priorities else unit.request()
        yield place | env.timeout(patience)
        if not place.triggered:
            place.cancel()
            return
        granted.append((env.now, number))
        yield env.timeout(hold)
        unit.release(place)

    def arrivals():
        for number in range(400):
            yield env.timeout(rng.expovariate(3.0))
            env.process(customer(number, rng.randint(-1, 1), rng.expovariate(0.7), rng.expovariate(1.0)))

    env.process(arrivals())
    env.run()
    return granted


@pytest.mark.parametrize("priorities", [False, True])
def test_residents_who_leave_the_queue_leave_it_as_from_simpy(priorities: bool) -> None:
    simpy_kind = simpy.PriorityResource if priorities else simpy.Resource
    for seed in range(3):
        ours = _grant_order_with_impatience(
            lambda env: Slots(env, 3, priorities=priorities), priorities, seed
        )
        theirs = _grant_order_with_impatience(lambda env: simpy_kind(env, capacity=3), priorities, seed)
        assert ours == theirs
        assert 0 < len(ours) < 400  # some gave up


def test_the_queue_counts_and_lists_only_those_still_waiting() -> None:
    env = simpy.Environment()
    for priorities in (False, True):
        unit = Slots(env, 1, priorities=priorities)
        unit.request()
        waiting = [unit.request() for _ in range(5)]  # equal priorities and times: arrival order
        for place in (waiting[0], waiting[3], waiting[3]):  # the front one, one inside, one twice
            place.cancel()
        assert unit.waiting == 3 and unit.queue == [waiting[1], waiting[2], waiting[4]]
        unit.capacity = 3
        assert [w.triggered for w in waiting] == [False, True, True, False, False]
        assert unit.waiting == 1 and unit.queue == [waiting[4]]
        unit.clear_queue()
        waiting[4].cancel()  # let go at the end of a run: nothing happens
        assert unit.waiting == 0 and unit.queue == [] and not waiting[4].triggered


def test_a_free_place_costs_no_event_and_only_a_case_that_waits_does() -> None:
    env = simpy.Environment()
    unit = Slots(env, 1)
    first = unit.request()
    assert first.processed and unit.count == 1 and not env._queue  # granted at once, nothing scheduled
    second = unit.request()
    assert not second.triggered and unit.queue == [second]
    unit.release(first)
    assert second.triggered and unit.count == 1 and len(env._queue) == 1  # the waiting case's grant
    unit.release(second)
    unit.release(second)  # given back twice: nothing more happens
    assert unit.count == 0 and len(env._queue) == 1


def test_a_cancelled_request_leaves_the_queue_and_more_places_take_in_the_queue_in_order() -> None:
    env = simpy.Environment()
    unit = Slots(env, 1)
    unit.request()
    waiting = [unit.request() for _ in range(4)]
    waiting[1].cancel()
    assert unit.queue == [waiting[0], waiting[2], waiting[3]]
    unit.capacity = 3
    assert [w.triggered for w in waiting] == [True, False, True, False] and unit.count == 3
    with pytest.raises(ValueError, match="at least one place"):
        unit.capacity = 0


def test_a_place_in_a_with_block_is_given_back_at_its_end() -> None:
    env = simpy.Environment()
    unit = Slots(env, 1)

    def decide():
        with unit.request() as place:
            yield place
            yield env.timeout(2.0)

    env.process(decide())
    env.process(decide())
    env.run()
    assert env.now == 4.0 and unit.count == 0


def test_a_journey_run_by_the_steps_runner_sees_the_clock_as_a_process_does() -> None:
    def journey(env: simpy.Environment, seen: list[float]):
        yield env.timeout(1.5)
        seen.append(env.now)
        done = env.event()

        def succeed(_: simpy.Event) -> None:
            done.succeed("ok")

        env.timeout(0.5).callbacks.append(succeed)
        value = yield done
        seen.append(env.now)
        assert value == "ok"

    runs: dict[str, list[float]] = {"process": [], "start": [], "now": []}
    env = simpy.Environment()
    env.process(journey(env, runs["process"]))
    start_steps(env, journey(env, runs["start"]))
    run_steps_now(journey(env, runs["now"]))
    env.run()
    assert runs["process"] == runs["start"] == runs["now"] == [1.5, 2.0]


def test_a_failure_inside_a_journey_stops_the_run() -> None:
    def journey(env: simpy.Environment):
        yield env.timeout(1.0)
        raise RuntimeError("a step failed")

    env = simpy.Environment()
    start_steps(env, journey(env))
    with pytest.raises(RuntimeError, match="a step failed"):
        env.run()
