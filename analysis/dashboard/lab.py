"""The dashboard's simulation, without a browser: runs that warm up, play, change mid-run and compare.

One :class:`Lab` per browser tab. Only its engine loop (:meth:`Lab.run_forever`, or :meth:`Lab.tick`
in tests) touches the models: the page sends commands (play, a control moved, pin a baseline, reset)
that the loop carries out between weeks, and after every frame the loop publishes an immutable
:class:`Snapshot` that the page draws. A frame never sees a model half-way through a week.

A run starts warm: the scenario's warm-up (``run.warmup_years``) runs before week 0, so the town
opens in its steady state. A change of the staff or of the places in specialised care applies from
the current week on, to the same residents (the arrivals of a run are drawn up front from its seed);
any other change starts again at week 0. A pinned baseline is a second run replayed from the same
seed with the changes made before it was pinned, and it then goes on alongside without the later
ones: up to the first later change both runs meet the same residents and agree week for week.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from analysis.dashboard import collector
from analysis.dashboard.engine_view import (
    SPECIALISED,
    EngineView,
    UnitView,
    is_failed,
    mother_hours_per_week,
    team_targets,
)
from analysis.dashboard.settings import Settings, scenario_for
from sim.needs import Need
from sim.scenario.errors import ScenarioError
from sim.units import WEEKS_PER_YEAR

YEAR = int(WEEKS_PER_YEAR)
"""The window of the headline numbers, weeks."""

HOUR_CATEGORIES: tuple[str, ...] = (
    "with clients",
    "meetings",
    "registration",
    "consultation",
    "mother organisation & training",
    "free",
)
"""Where the teams' paid hours go, in the order the staff-hours chart stacks them."""

DROP_REASONS: tuple[str, ...] = ("gave_up_waiting", "lost_in_handoff", "stopped_support")

LIVE_FIELDS: frozenset[str] = frozenset({"staff_factor", "specialised_places"})
"""Controls that apply mid-run, from the current week on; any other control starts again at week 0."""

SPEEDS: tuple[int, ...] = (1, 2, 4, 8, 16)
"""Weeks simulated per frame: from watching single weeks to racing through decades."""
DEFAULT_SPEED = 8
FRAME_SECONDS = 0.2
"""A frame at most this often while playing (a faster model waits, a slower one does not)."""
CATCH_UP_SECONDS = 0.3
"""Work between two frames while the town warms up or a baseline catches up (each frame costs a redraw)."""
DRAW_TIMEOUT = 10.0
"""The longest a paced engine loop waits for the page to draw a frame before it sends the next, s.

A page reports every frame it takes, a hidden tab too, so only a tab gone without a goodbye waits
this long; a slow browser (4 times slowed Chromium at a load of 20) can take over 2 s for a frame.
"""
WARM_CHUNK = 26
"""Weeks of warm-up or baseline replay between two frames (so the page shows progress)."""


@dataclass(frozen=True)
class Headline:
    """The few numbers the class watches, over the last 52 weeks (or since week 0 if shorter)."""

    week: int
    waiting_now: int
    mean_wait_weeks: float
    """Mean weeks from request to first contact, of those first seen in the window; NaN if none."""
    requests: int
    dropped_out: int
    lost_in_handoff: int
    gave_up_waiting: int
    escalations: int
    """Referrals to specialised care in the window."""
    worsening: int
    """Of those, referrals because the need worsened while waiting."""
    outreach_found: int
    """Requests for needs that outreach found before the household asked (0 while outreach is off)."""
    overhead_share: float
    """Share of paid team hours not spent with or on a client."""


@dataclass(frozen=True)
class Arrow:
    """Hand-offs from one unit to another in the last 52 weeks, and how many of them failed."""

    source: str
    target: str
    total: int
    failed: int


class Recorder:
    """Weekly history of one run from week 0 (the end of the warm-up): waiting, hours and counts."""

    def __init__(self, view: EngineView):
        self.view = view
        self.start = view.now
        self.weeks: list[int] = [0]
        self.waiting: dict[str, list[int]] = {}
        self.waiting_total: list[int] = []
        self.stuck: list[int] = []
        """Cases on the teams' books that wait for specialised care, per week."""
        self.specialised_use: list[float] = []
        """Share of the places in specialised care in use, per week."""
        self.hours: dict[str, list[float]] = {c: [] for c in HOUR_CATEGORIES}
        self.paid_hours: list[float] = []
        self.cum: dict[str, list[float]] = {
            k: [0.0]
            for k in (
                "requests",
                "first_contacts",
                "first_wait",
                "dropped_out",
                "escalations",
                "worsening",
                "outreach_found",
                *DROP_REASONS,
            )
        }
        self.handoffs_by_week: list[Counter[tuple[str, str, str]]] = [Counter()]
        """Per week since week 0: hand-offs that ended then, by (from, to, outcome)."""
        self._rows_seen = len(view.ended_cases(0))
        self._handoffs_seen = len(view.ended_handoffs(0))
        self._snapshots_seen = len(view.snapshots(0))
        self._escalated = {case for case, _, _, escalation in view.open_cases() if escalation}
        self._last_t = view.now
        self._requests_seen = view.requests_so_far
        self._needs_seen = 0
        self._latent: list[Need] = []
        """Needs nobody has brought to a team yet (only kept while outreach is on)."""
        self._count_found()
        self.mother_per_week = mother_hours_per_week(view.scenario)
        self._read_state()

    @property
    def week(self) -> int:
        """The last recorded week."""
        return self.weeks[-1]

    def record(self) -> None:
        """Read the model after a step: call once per simulated week."""
        now = self.view.now
        self.weeks.append(round(now - self.start))
        self._read_state()
        self._count_cases(now)
        self._count_handoffs()
        self._read_snapshots()
        self._last_t = now

    def reread_state(self) -> None:
        """Read the units again for the last week: a change between weeks has just altered them."""
        for series in self.waiting.values():
            series.pop()
        self.waiting_total.pop()
        self.stuck.pop()
        self.specialised_use.pop()
        self._read_state()

    def _read_state(self) -> None:
        waiting = self.view.waiting_by_unit()
        for name, value in waiting.items():
            self.waiting.setdefault(name, []).append(value)
        self.waiting_total.append(sum(waiting.values()))
        units = self.view.units()
        self.stuck.append(sum(u.stuck for u in units))
        specialised = next((u for u in units if u.name == SPECIALISED), None)
        self.specialised_use.append(specialised.in_service / specialised.capacity if specialised else 0.0)

    def _count_cases(self, now: float) -> None:
        view, last = self.view, self._last_t
        step: defaultdict[str, float] = defaultdict(float)
        step["requests"] = view.requests_so_far - self._requests_seen
        self._requests_seen = view.requests_so_far
        rows = view.ended_cases(self._rows_seen)
        for row in rows:
            if last < row.first_contact_t <= now:
                step["first_contacts"] += 1
                step["first_wait"] += row.first_contact_t - row.request_t
            if row.outcome == "dropped_out":
                step["dropped_out"] += 1
                step[row.drop_reason] += 1
            if row.escalation:
                if row.case in self._escalated:
                    self._escalated.discard(row.case)
                else:
                    step["escalations"] += 1
                    step["worsening"] += row.escalation == "worsening"
        self._rows_seen += len(rows)
        for case, request_t, first_contact_t, escalation in self.view.open_cases():
            if last < first_contact_t <= now:
                step["first_contacts"] += 1
                step["first_wait"] += first_contact_t - request_t
            if escalation and case not in self._escalated:
                self._escalated.add(case)
                step["escalations"] += 1
                step["worsening"] += escalation == "worsening"
        step["outreach_found"] = self._count_found()
        for key, series in self.cum.items():
            series.append(series[-1] + step[key])

    def _count_found(self) -> int:
        """Latent needs that outreach brought to a team since the last call (0 while outreach is off)."""
        if not self.view.outreach_on:
            return 0
        new = self.view.needs(self._needs_seen)
        self._needs_seen = self.view.needs_opened
        found, still = 0, []
        for need in (*self._latent, *new):
            if need.found_by:
                found += need.found_by == "outreach"
            elif not need.done:
                still.append(need)
        self._latent = still
        return found

    def _count_handoffs(self) -> None:
        rows = self.view.ended_handoffs(self._handoffs_seen)
        self._handoffs_seen += len(rows)
        week: Counter[tuple[str, str, str]] = Counter()
        for row in rows:
            if row.t >= self.start:
                week[(row.from_unit, row.to_unit, row.outcome)] += 1
        self.handoffs_by_week.append(week)

    def _read_snapshots(self) -> None:
        rows = self.view.snapshots(self._snapshots_seen)
        self._snapshots_seen += len(rows)
        by_t: dict[float, list[float]] = {}
        for row in rows:
            if row.kind not in ("team", "expert"):
                continue
            acc = by_t.setdefault(row.t_weeks, [0.0] * 5)
            hours = (row.paid_hours, row.client_hours, row.meeting_hours, row.registration_hours)
            for i, value in enumerate((*hours, row.consultation_hours)):
                acc[i] += value
        interval = self.view.snapshot_interval
        for paid, client, meeting, registration, consultation in by_t.values():
            used = [client, meeting, registration, consultation, self.mother_per_week * interval]
            self.paid_hours.append(paid / interval)
            for category, value in zip(HOUR_CATEGORIES, [*used, max(paid - sum(used), 0.0)], strict=True):
                self.hours[category].append(value / interval)

    # --- reading ---------------------------------------------------------------------------------

    def headline(self, week: int | None = None) -> Headline:
        """The headline numbers at ``week`` (default: now), over the 52 weeks before it."""
        i = len(self.weeks) - 1 if week is None else min(max(week, 0), len(self.weeks) - 1)
        j = max(i - YEAR, 0)

        def window(key: str) -> float:
            series = self.cum[key]
            return series[i] - series[j]

        contacts = window("first_contacts")
        hours = {c: sum(self.hours[c][j:i]) for c in HOUR_CATEGORIES}
        paid = sum(hours.values())
        overhead = paid - hours["with clients"] - hours["free"]
        return Headline(
            week=self.weeks[i],
            waiting_now=self.waiting_total[i],
            mean_wait_weeks=window("first_wait") / contacts if contacts else math.nan,
            requests=int(window("requests")),
            dropped_out=int(window("dropped_out")),
            lost_in_handoff=int(window("lost_in_handoff")),
            gave_up_waiting=int(window("gave_up_waiting")),
            escalations=int(window("escalations")),
            worsening=int(window("worsening")),
            outreach_found=int(window("outreach_found")),
            overhead_share=overhead / paid if paid > 0 else math.nan,
        )

    def arrows(self) -> tuple[Arrow, ...]:
        """Hand-offs that started in the last 52 weeks: ended ones and those still open (pending)."""
        since = self.start + max(self.week - YEAR, 0)
        table: dict[tuple[str, str], list[int]] = {}
        for week in self.handoffs_by_week[-YEAR:]:
            for (src, dst, outcome), n in week.items():
                entry = table.setdefault((src, dst), [0, 0])
                entry[0] += n
                entry[1] += n if is_failed(outcome) else 0
        for handoff in self.view.open_handoffs():
            if handoff.t >= since:
                entry = table.setdefault((handoff.from_unit, handoff.to_unit), [0, 0])
                entry[0] += 1
                entry[1] += is_failed(handoff.outcome)
        return tuple(Arrow(src, dst, total, bad) for (src, dst), (total, bad) in table.items())

    def handoff_outcomes(self) -> dict[str, Counter[str]]:
        """Hand-offs of the last 52 weeks by boundary ("from → to"): a count per outcome."""
        out: dict[str, Counter[str]] = {}
        since = self.start + max(self.week - YEAR, 0)
        for week in self.handoffs_by_week[-YEAR:]:
            for (src, dst, outcome), n in week.items():
                out.setdefault(f"{src} → {dst}", Counter())[outcome] += n
        for handoff in self.view.open_handoffs():
            if handoff.t >= since:
                out.setdefault(f"{handoff.from_unit} → {handoff.to_unit}", Counter())[handoff.outcome] += 1
        return out


@dataclass(frozen=True)
class Change:
    """A change of controls made at ``week`` of a run (0: at the start)."""

    week: int
    settings: Settings
    fields: tuple[str, ...]
    """The controls that changed."""


def changed_fields(old: Settings, new: Settings) -> tuple[str, ...]:
    """The controls that differ between two settings."""
    return tuple(f.name for f in fields(Settings) if getattr(old, f.name) != getattr(new, f.name))


def applies_mid_run(old: Settings, new: Settings) -> bool:
    """Whether going from ``old`` to ``new`` can apply from the current week (staff, specialised places)."""
    changed = changed_fields(old, new)
    return bool(changed) and set(changed) <= LIVE_FIELDS


class Run:
    """One model from its warm-up on, its recorder, and the changes made to it mid-run.

    ``script``: changes to make at their weeks while the run is replayed (a baseline catching up).
    """

    def __init__(self, settings: Settings, script: tuple[Change, ...] = ()):
        self.start_settings = settings
        self.settings = settings
        self.view = EngineView(scenario_for(settings), settings.seed)
        self.recorder: Recorder | None = None
        self.changes: list[Change] = []
        self._script = list(script)

    @property
    def warm(self) -> bool:
        """Whether the warm-up is over (week 0 reached)."""
        return self.recorder is not None

    @property
    def week(self) -> int:
        """Weeks since week 0 (0 during the warm-up)."""
        return self.recorder.week if self.recorder is not None else 0

    @property
    def warm_share(self) -> float:
        """Share of the warm-up done."""
        total = self.view.warmup_weeks
        return 1.0 if total <= 0 or self.warm else min(self.view.now / total, 1.0)

    def warm_up(self, weeks: int) -> None:
        """Up to ``weeks`` weeks of the warm-up; at its end, week 0 is recorded."""
        for _ in range(weeks):
            if self.view.now + 1e-9 >= self.view.warmup_weeks:
                break
            self.view.step()
        if self.view.now + 1e-9 >= self.view.warmup_weeks and self.recorder is None:
            self.recorder = Recorder(self.view)
            self._play_script()

    def advance(self) -> bool:
        """One week (after the warm-up); False at the end of the horizon."""
        if self.recorder is None or not self.view.running:
            return False
        self.view.step()
        self.recorder.record()
        self._play_script()
        return True

    @property
    def latest_settings(self) -> Settings:
        """The settings after the changes still to be made (during the warm-up: at week 0)."""
        return self._script[-1].settings if self._script else self.settings

    def change_now(self, settings: Settings) -> None:
        """Apply staff and specialised places of ``settings`` from the current week on.

        During the warm-up the change waits for week 0, so the town still warms up as it is.
        """
        if not self.warm:
            fields_ = changed_fields(self.latest_settings, settings)
            self._script.append(Change(0, settings, fields_))
            return
        changed = changed_fields(self.settings, settings)
        scenario = scenario_for(settings)
        if "staff_factor" in changed:
            for name, (places, fte) in team_targets(scenario).items():
                self.view.set_unit_places(name, max(places, 1), fte)
            if self.recorder is not None:
                self.recorder.mother_per_week = mother_hours_per_week(scenario)
        if "specialised_places" in changed:
            self.view.set_unit_places(SPECIALISED, settings.specialised_places)
        if self.recorder is not None:
            self.recorder.reread_state()
        self.changes.append(Change(self.week, settings, changed))
        self.settings = settings

    def _play_script(self) -> None:
        while self._script and self._script[0].week <= self.week:
            self.change_now(self._script.pop(0).settings)

    def close(self) -> None:
        """Let the model go."""
        self.view.close()


@dataclass(frozen=True)
class Series:
    """A run's history as the charts draw it (one value per week since week 0)."""

    weeks: tuple[int, ...]
    waiting_total: tuple[int, ...]
    waiting: dict[str, tuple[int, ...]]
    stuck: tuple[int, ...]
    specialised_use: tuple[float, ...]
    hours: dict[str, tuple[float, ...]]
    paid_hours: tuple[float, ...]

    @staticmethod
    def of(recorder: Recorder) -> Series:
        """A copy of the recorder's history, safe to read while the run goes on."""
        return Series(
            tuple(recorder.weeks),
            tuple(recorder.waiting_total),
            {name: tuple(values) for name, values in recorder.waiting.items()},
            tuple(recorder.stuck),
            tuple(recorder.specialised_use),
            {name: tuple(values) for name, values in recorder.hours.items()},
            tuple(recorder.paid_hours),
        )


@dataclass(frozen=True)
class Snapshot:
    """Everything one frame of the page shows, taken between two weeks; never changed afterwards."""

    serial: int
    settings: Settings
    residents: int
    week: int
    warm_share: float
    """Share of the warm-up done: below 1 while the town warms up before week 0."""
    playing: bool
    speed: int
    pace: float
    """Simulated years per wall minute over the last frames (0 when paused)."""
    units: tuple[UnitView, ...]
    arrows: tuple[Arrow, ...]
    handoffs: dict[str, Counter[str]]
    series: Series | None
    headline: Headline | None
    changes: tuple[Change, ...]
    """The changes made to this run after it started, week 0 included (the charts mark them)."""
    sick_leave_fte: float | None = None
    """Team FTE on sick leave now; None when strain is off in the scenario."""
    outreach_on: bool = False
    """Whether the door teams reach out to latent needs in the scenario."""
    baseline: Series | None = None
    baseline_headline: Headline | None = None
    baseline_settings: Settings | None = None
    baseline_share: float = 1.0
    """Share of the baseline's replay done: below 1 while a newly pinned baseline catches up."""
    error: str = ""

    @property
    def ready(self) -> bool:
        """Whether the run is warm and the baseline (if any) has caught up."""
        return self.warm_share >= 1.0 and self.baseline_share >= 1.0


class Lab:
    """One dashboard session's simulation: the current run and, when pinned, a baseline beside it."""

    def __init__(self, settings: Settings):
        self.run = Run(settings)
        self.baseline: Run | None = None
        self.playing = False
        self.speed = DEFAULT_SPEED
        self.error = ""
        self.intended = settings
        """The controls as the page last set them (the run catches up with them between weeks)."""
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._played_last = True
        self._serial = 0
        self._pace: list[tuple[float, int]] = []
        self._published = 0
        """The serial of the last snapshot published to the page."""
        self._drawn = 0
        """The serial of the last snapshot the page reported drawn."""
        self.snapshot = self._take_snapshot()

    # --- commands: safe from any thread; carried out by the engine loop between weeks -------------

    def send(self, command: str, *args: object) -> None:
        """Queue a command: play(bool), speed(int), apply(Settings), pin(), unpin(), reset(), step()."""
        handler = getattr(self, f"_do_{command}")
        self._commands.put(lambda: handler(*args))
        self._wake.set()

    def propose(self, settings: Settings) -> None:
        """Set the controls: applied between weeks, mid-run if only staff or specialised places changed."""
        self.intended = settings
        self.send("apply", settings)

    def _do_play(self, on: bool) -> None:
        self.playing = bool(on)
        self._pace.clear()

    def _do_speed(self, weeks: int) -> None:
        self.speed = int(weeks)

    def _do_apply(self, settings: Settings) -> None:
        try:
            if settings == self.run.latest_settings:
                pass  # nothing changed (a slider released where it was)
            elif applies_mid_run(self.run.latest_settings, settings):
                scenario_for(settings)  # refuses a bad value before anything changes
                self.run.change_now(settings)
            else:
                self._restart(settings)
            self.error = ""
        except ScenarioError as exc:
            self.error = " ".join(exc.problems)
            self.intended = self.run.settings

    def _do_pin(self) -> None:
        if self.baseline is not None:
            self.baseline.close()
        run = self.run
        self.baseline = Run(run.start_settings, tuple(run.changes))

    def _do_unpin(self) -> None:
        if self.baseline is not None:
            self.baseline.close()
        self.baseline = None

    def _do_reset(self) -> None:
        self._restart(self.run.settings)

    def _do_step(self) -> None:
        if self._ready():
            self._advance(1)

    def _restart(self, settings: Settings) -> None:
        """Start again at week 0 (after a warm-up); a pinned baseline starts again too."""
        run = Run(settings)
        self.run.close()
        self.run = run
        if self.baseline is not None:
            start = self.baseline.start_settings
            script = tuple(c for c in self.baseline.changes if c.week == 0)
            self.baseline.close()
            self.baseline = Run(start, script)
        collector.full_collection()  # the old runs are gone, and the class waits for a warm-up anyway

    # --- the engine loop -------------------------------------------------------------------------

    def _ready(self) -> bool:
        baseline = self.baseline
        return self.run.warm and (baseline is None or (baseline.warm and baseline.week >= self.run.week))

    def _advance(self, weeks: int) -> int:
        done = 0
        for _ in range(weeks):
            if not self.run.advance():
                self.playing = False
                break
            if self.baseline is not None and self.baseline.warm:
                self.baseline.advance()
            done += 1
        return done

    def tick(self) -> Snapshot:
        """One frame: carry out the commands, or else one piece of work (warm-up, catch-up or play).

        A frame that carried out commands shows their effect at once, before any further week.
        """
        if self._carry_out_commands() and self._played_last:
            self._played_last = False  # show the commands' effect before any further week
        elif self._ready():
            if self.playing:
                # ``speed`` weeks, unless the machine is too busy to do them within a frame
                done, started = 0, time.perf_counter()
                while (
                    done < self.speed
                    and time.perf_counter() - started < FRAME_SECONDS
                    and (done == 0 or self._commands.empty())  # a control moved: show it soon
                ):
                    if not self._advance(1):
                        break
                    done += 1
                self._pace.append((time.perf_counter(), done))
                del self._pace[:-20]
                # a control moved during the frame: this frame shows its effect already
                self._played_last = not self._carry_out_commands()
        else:
            # warming up or catching up: a good piece of work, then show how far it got
            started = time.perf_counter()
            while not self._ready() and time.perf_counter() - started < CATCH_UP_SECONDS:
                self._catch_up()
        self.snapshot = self._take_snapshot()
        return self.snapshot

    def _carry_out_commands(self) -> int:
        """Carry out the commands sent so far, in order; returns how many."""
        done = 0
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return done
            command()
            done += 1

    def _catch_up(self) -> None:
        """A chunk of the warm-up of the run, or of the baseline's replay up to the run's week."""
        if not self.run.warm:
            self.run.warm_up(WARM_CHUNK)
            return
        baseline = self.baseline
        if baseline is None:
            return
        if not baseline.warm:
            baseline.warm_up(WARM_CHUNK)
            return
        for _ in range(min(WARM_CHUNK, self.run.week - baseline.week)):
            if not baseline.advance():
                break

    def settle(self, limit: int = 10_000) -> Snapshot:
        """Tick until the run is warm and the baseline has caught up, and the commands are done."""
        for _ in range(limit):
            snapshot = self.tick()
            if snapshot.ready and self._commands.empty():
                return snapshot
        raise RuntimeError("the lab did not settle")

    def advance(self, weeks: int) -> Snapshot:
        """Settle, then play ``weeks`` weeks at once (for tests and benchmarks)."""
        self.settle()
        self._advance(weeks)
        self.snapshot = self._take_snapshot()
        return self.snapshot

    def run_forever(
        self, keep_going: Callable[[], bool], publish: Callable[[Snapshot], None], paced: bool = False
    ) -> None:
        """The engine loop of a page: frames until ``keep_going()`` is False; each snapshot published.

        ``paced``: the page reports the frames it has drawn (:meth:`drawn`), and a frame is
        published only once the one before it is drawn (or :data:`DRAW_TIMEOUT` has passed). So at
        most one frame is on its way to a slow browser, and a control's effect never waits behind a
        queue of older frames. While the loop waits, it carries out the commands that arrive into
        the frame it holds, so their effect is the next thing the page draws.
        """
        while keep_going():
            started = time.perf_counter()
            catching_up = not self._ready()
            if not (catching_up or self.playing or not self._commands.empty()):
                self._wait(0.5)
                continue
            before = self.snapshot.serial
            snapshot = self.tick()
            if paced:
                snapshot = self._until_drawn(keep_going)
            if snapshot.serial != before:
                publish(snapshot)
                self._published = snapshot.serial
            collector.after_frame()
            pause = 0.005 if catching_up else FRAME_SECONDS - (time.perf_counter() - started)
            self._wait(pause)

    def drawn(self, serial: int) -> None:
        """The page has drawn the frame with this serial (safe from any thread)."""
        self._drawn = max(self._drawn, serial)
        self._wake.set()

    def _until_drawn(self, keep_going: Callable[[], bool]) -> Snapshot:
        """Wait until the page has drawn the last published frame; carry out commands meanwhile."""
        deadline = time.perf_counter() + DRAW_TIMEOUT
        while keep_going():
            self._wake.clear()
            if not self._commands.empty():
                if self._carry_out_commands():
                    self._played_last = False
                    self.snapshot = self._take_snapshot()
                continue
            left = deadline - time.perf_counter()
            if self._drawn >= self._published or left <= 0:
                break
            self._wake.wait(left)
        return self.snapshot

    def _wait(self, seconds: float) -> None:
        """Sleep up to ``seconds``; a command sent meanwhile wakes the loop at once."""
        if seconds > 0:
            self._wake.wait(seconds)
        self._wake.clear()

    def close(self) -> None:
        """Let the models go."""
        self.run.close()
        if self.baseline is not None:
            self.baseline.close()

    # --- snapshots -------------------------------------------------------------------------------

    def _pace_now(self) -> float:
        if not self.playing or len(self._pace) < 3:
            return 0.0
        seconds = self._pace[-1][0] - self._pace[0][0]
        weeks = sum(done for _, done in self._pace[1:])
        return weeks / WEEKS_PER_YEAR / seconds * 60 if seconds > 0 else 0.0

    def _take_snapshot(self) -> Snapshot:
        self._serial += 1
        run, baseline = self.run, self.baseline
        recorder = run.recorder
        snapshot = Snapshot(
            serial=self._serial,
            settings=run.settings,
            residents=run.view.residents,
            week=run.week,
            warm_share=run.warm_share,
            playing=self.playing,
            speed=self.speed,
            pace=self._pace_now(),
            units=tuple(run.view.units()),
            arrows=recorder.arrows() if recorder else (),
            handoffs=recorder.handoff_outcomes() if recorder else {},
            series=Series.of(recorder) if recorder else None,
            headline=recorder.headline() if recorder else None,
            changes=tuple(run.changes),
            sick_leave_fte=run.view.sick_leave_fte,
            outreach_on=run.view.outreach_on,
            error=self.error,
        )
        if baseline is None:
            return snapshot
        base = baseline.recorder
        share = 1.0
        if baseline.week < run.week or not baseline.warm:
            share = 0.5 * baseline.warm_share + 0.5 * (baseline.week / run.week if run.week else 1.0)
        return replace(
            snapshot,
            baseline=Series.of(base) if base else None,
            baseline_headline=base.headline(run.week) if base else None,
            baseline_settings=baseline.settings,
            baseline_share=share,
        )
