"""The scenario as a typed, frozen object: one model per section of the TOML file.

Every field carries its unit in its name or description, a default where a sensible one exists,
and its allowed range; `sim.scenario.reference` turns these same definitions into
``docs/scenario-reference.md``, so the reference cannot drift from what the loader accepts.
Unknown keys are refused (``extra="forbid"``); variants are made with ``model_copy(update=...)``,
never by mutating a shared object.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat

from sim.distributions import Distribution, Exponential, Fixed, Lognormal, Uniform

DOMAINS: tuple[str, ...] = ("youth", "wmo", "debt", "work_income", "mental_health")
"""Life domains a need can be in: youth and family (Jeugdwet), support for self-reliance (Wmo),
debt, work and income (Participatiewet), mental health."""

Domain = Literal["youth", "wmo", "debt", "work_income", "mental_health"]
Discipline = Literal["generalist", "youth", "wmo", "debt", "work_income", "mental_health"]
Contract = Literal["employed", "seconded"]
Form = Literal["A1", "A2", "B", "C"]
Role = Literal["door", "expert"]
COMPLEXITIES: tuple[str, ...] = ("single", "multiple", "multi_problem")
Complexity = Literal["single", "multiple", "multi_problem"]


class Section(BaseModel):
    """Base of every scenario section: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ByComplexity(Section):
    """A probability per complexity class (Heerlen's triage classes)."""

    single: float = Field(ge=0, le=1, description="single problem, one domain")
    multiple: float = Field(ge=0, le=1, description="several related domains, some problem awareness")
    multi_problem: float = Field(
        ge=0, le=1, description="no problem awareness, or an acute safety risk or threatened escalation"
    )

    def get(self, complexity: str) -> float:
        """The value for one complexity class."""
        return float(getattr(self, complexity))


class DistByComplexity(Section):
    """A distribution per complexity class."""

    single: Distribution = Field(description="for single-problem cases")
    multiple: Distribution = Field(description="for cases with multiple related problems")
    multi_problem: Distribution = Field(description="for multi-problem cases")

    def get(self, complexity: str) -> Distribution:
        """The distribution for one complexity class."""
        return getattr(self, complexity)


class RunSettings(Section):
    """How long to simulate and with which seed."""

    years: float = Field(5.0, gt=0, le=200, description="measured period after the warm-up, years")
    warmup_years: float = Field(
        1.0, ge=0, le=100, description="warm-up before measuring starts, years; metrics ignore it"
    )
    replications: int = Field(10, ge=1, le=100_000, description="default number of replications")
    seed: int = Field(20261122, ge=0, le=2**63 - 1, description="master seed of the replications")
    snapshot_interval_weeks: float = Field(
        1.0, ge=0.1, le=52, description="interval of the time-series snapshots, weeks"
    )


class AgeGroup(Section):
    """A band of ages with its share of the population."""

    min_age: int = Field(ge=0, le=120, description="youngest age in the group, years")
    max_age: int = Field(ge=0, le=120, description="oldest age in the group, years")
    share: float = Field(ge=0, le=1, description="share of residents in this group; shares sum to 1")


def _default_age_groups() -> dict[str, AgeGroup]:
    # CBS population by age, rounded (0-17 ~20%, 18-22 ~6%, 23-64 ~53%, 65+ ~21%).
    return {
        "children": AgeGroup(min_age=0, max_age=17, share=0.20),
        "young_adults": AgeGroup(min_age=18, max_age=22, share=0.06),
        "adults": AgeGroup(min_age=23, max_age=64, share=0.53),
        "seniors": AgeGroup(min_age=65, max_age=100, share=0.21),
    }


class Municipality(Section):
    """Who lives there. Only residents who ask for help become objects in the model."""

    residents: int = Field(ge=100, le=5_000_000, description="number of inhabitants")
    areas: dict[str, float] = Field(
        default_factory=lambda: {"whole": 1.0},
        max_length=1000,
        description="neighbourhood areas and their share of residents; shares sum to 1",
    )
    age_groups: dict[str, AgeGroup] = Field(
        default_factory=_default_age_groups,
        description="age bands with their share of residents; together they cover the ages that ask for help",
    )


class Severity(Section):
    """How problems worsen while a case waits."""

    initial: DistByComplexity = Field(
        default_factory=lambda: DistByComplexity(
            single=Uniform(dist="uniform", low=0.05, high=0.45),
            multiple=Uniform(dist="uniform", low=0.2, high=0.6),
            multi_problem=Uniform(dist="uniform", low=0.4, high=0.8),
        ),
        description="severity at the request, on a scale where the escalation threshold is 1 (assumption)",
    )
    growth_per_week_waiting: float = Field(
        0.01, ge=0, le=1, description="severity added per week spent waiting (assumption)"
    )
    escalation_threshold: float = Field(
        1.0, gt=0, description="severity at which a waiting case becomes a crisis for specialised care"
    )


class Demand(Section):
    """Requests for help: how many, of which kind, when in the year."""

    requests_per_1000_residents_per_year: dict[str, dict[Domain, float]] = Field(
        description="per age group (by name) and domain: new requests per 1,000 residents of that "
        "age group per year (0 to 1,000)"
    )
    complexity_mix: ByComplexity = Field(
        default_factory=lambda: ByComplexity(single=0.80, multiple=0.13, multi_problem=0.07),
        description="share of requests per complexity class; sums to 1 (SCP: 13% of households use "
        "provisions under more than one law; multi-problem share is an assumption)",
    )
    monthly_profile: list[float] = Field(
        default_factory=lambda: [1.0] * 12,
        min_length=12,
        max_length=12,
        description="twelve multipliers of the request rate, January first; their mean is the scale",
    )
    rate_factor: float = Field(
        1.0,
        gt=0,
        le=10,
        description="multiplies every request rate: more or less demand in one key, for sweeps",
    )
    severity: Severity = Field(default_factory=Severity)


class Pathway(Section):
    """The route of a case in a team: intake, assessment and plan, support, referral, closure."""

    assessment_weeks: DistByComplexity = Field(
        default_factory=lambda: DistByComplexity(
            single=Exponential(dist="exponential", mean=1.0),
            multiple=Exponential(dist="exponential", mean=2.0),
            multi_problem=Exponential(dist="exponential", mean=3.0),
        ),
        description="from first contact to an agreed plan (the 'keukentafelgesprek'), weeks",
    )
    support_weeks: DistByComplexity = Field(
        default_factory=lambda: DistByComplexity(
            single=Lognormal(dist="lognormal", mean=10.0, cv=0.8),
            multiple=Lognormal(dist="lognormal", mean=26.0, cv=0.7),
            multi_problem=Lognormal(dist="lognormal", mean=45.0, cv=0.6),
        ),
        description="support given by the team itself, weeks",
    )
    consultation_probability: ByComplexity = Field(
        default_factory=lambda: ByComplexity(single=0.05, multiple=0.3, multi_problem=0.6),
        description="chance that the coordinator consults a colleague of another discipline (assumption)",
    )
    consultation_delay_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=1.0),
        description="extra support time while waiting for and holding a consultation, weeks",
    )
    referral_probability: ByComplexity = Field(
        default_factory=lambda: ByComplexity(single=0.10, multiple=0.30, multi_problem=0.50),
        description="chance that the need is beyond the team and the case goes on to specialised care "
        "after the team's support (assumption; 15-50% overall is the plausible range)",
    )
    support_dropout_probability: float = Field(
        0.10,
        ge=0,
        le=1,
        description="chance that a resident stops during support, at a uniform point in it "
        "(Den Haag 2015: 11% of first-line trajectories)",
    )
    norm_weeks: float = Field(
        6.0, gt=0, description="legal norm from request to completed assessment, weeks (Wmo 2015)"
    )
    other_need_support_share: float = Field(
        0.0,
        ge=0,
        le=5,
        description="a household's need on the other side of the 18-/18+ line (split_teams."
        "mixed_household_probability) handled by a team serving both sides: extra support, as a share of "
        "the case's own (A; 0 = it costs nothing; split teams open a second case instead)",
    )


class Behaviour(Section):
    """What residents do: give up waiting, come back."""

    patience_weeks: Distribution | None = Field(
        None,
        description="how long a resident waits for a first contact before giving up, weeks; leave the "
        "key out for residents who never give up",
    )
    reentry_probability: float = Field(
        0.12,
        ge=0,
        le=1,
        description="chance that a household asks again after its case ended (SCP: 7-15% within a year)",
    )
    reentry_delay_weeks: Distribution = Field(
        default_factory=lambda: Uniform(dist="uniform", low=4.0, high=52.0),
        description="time from the end of a case to the household's new request, weeks",
    )


class Workforce(Section):
    """What a professional's time is worth in caseload and money."""

    hours_per_week_per_fte: float = Field(36.0, gt=0, le=60, description="paid hours per FTE per week")
    client_hours_per_case_per_week: float = Field(
        1.0, ge=0.01, description="direct client time one active case needs per week, hours"
    )
    cost_eur_per_fte_per_year: float = Field(
        80_000.0, ge=0, description="employer cost of one FTE per year, euros (assumption)"
    )
    fte_factor: float = Field(
        1.0,
        gt=0,
        le=10,
        description="multiplies the FTE of every team worker: more or fewer staff hours in one key, for "
        "sweeps (desk, front office and bridge worker keep their own FTE)",
    )
    youth_team_fte_share: float | None = Field(
        None,
        gt=0,
        lt=1,
        description="the share of the team workers' FTE in the teams that serve only residents under 18 "
        "(a split's youth team): their workers and the other teams' are scaled so the total stays the "
        "same (A; for sweeps; leave out for the staff lines as written; no effect without such a team)",
    )
    fractional_capacity: bool = Field(
        False,
        description="a team holds the whole-number part of its workers' summed caseload capacity, "
        "not the sum of each worker's capacity rounded down (sim.hours)",
    )


class Overhead(Section):
    """Hours not spent with or on a client."""

    meeting_share: float = Field(
        0.15, ge=0, lt=1, description="share of paid hours in team meetings (assumption; range 0.08-0.25)"
    )
    registration_hours_per_intake: float = Field(
        2.0, ge=0, description="registration when a case is taken on, hours"
    )
    registration_hours_per_case_per_week: float = Field(
        0.4, ge=0, description="ongoing registration per active case per week, hours"
    )
    consultation_hours: float = Field(
        1.5, ge=0, description="hours per consultation, for each of the two professionals"
    )
    meeting_share_per_extra_person: float = Field(
        0.0,
        ge=0,
        le=0.05,
        description="meeting share added per team member above meeting_base_people: more people, more "
        "to align (A; sim.hours)",
    )
    meeting_base_people: int = Field(
        8, ge=1, le=1000, description="team size whose meetings take meeting_share (Zaltbommel: 8-9 staff)"
    )
    case_conference_share_per_boundary: float = Field(
        0.0,
        ge=0,
        le=0.2,
        description="meeting share added per other team a team shares residents or cases with: case "
        "conferences and coordination ('regie') across the boundary (A; sim.hours)",
    )
    reserve_event_hours: bool = Field(
        False,
        description="caseload capacity leaves room for the hours of intakes, consultations and mandate "
        "decisions (their expected hours per case-week), so booked hours stay within paid hours",
    )


class StaffLine(Section):
    """One or more professionals of the same discipline, FTE and contract."""

    discipline: Discipline = Field(description="expertise: a domain, or 'generalist'")
    fte: float = Field(gt=0, le=1.2, description="FTE of each person")
    people: int = Field(1, ge=1, le=1000, description="number of people on this line")
    contract: Contract = Field(
        "employed", description="employed by the team's organisation, or seconded from a mother organisation"
    )
    breadth: list[Domain] = Field(
        default_factory=list,
        description="domains besides their discipline that the worker knows well (a T-shaped professional)",
    )


class Team(Section):
    """A neighbourhood team: which residents it serves and who works in it."""

    role: Role = Field(
        "door",
        description="door: requests reach it by area, age and domain (directly, or through a desk); "
        "expert: an expert team behind the door teams (form C), reached only by referral",
    )
    serves: list[str] | None = Field(
        None, description="expert team: the door teams it backs; leave out for all door teams"
    )
    areas: list[str] | None = Field(None, description="areas served; leave out for all areas")
    ages: tuple[int, int] = Field((0, 120), description="youngest and oldest age served, years")
    domains: list[Domain] | None = Field(None, description="domains served; leave out for all")
    staff: list[StaffLine] = Field(min_length=1, description="the professionals")


class SpecialisedCare(Section):
    """Second-line care: finite places with their own waiting list."""

    places: int = Field(ge=1, le=1_000_000, description="cases in specialised care at once")
    duration_weeks: Distribution = Field(
        default_factory=lambda: Lognormal(dist="lognormal", mean=40.0, cv=0.8),
        description="time in specialised care, weeks (CBS 2021: median ended trajectory 6-12 months)",
    )
    cost_eur_per_week: float = Field(
        500.0, ge=0, description="cost of one case-week in specialised care, euros (assumption)"
    )
    team_keeps_case_while_waiting: bool = Field(
        True, description="a referred case stays on its coordinator's caseload until a place is free"
    )
    intake_weeks: Distribution = Field(
        default_factory=lambda: Fixed(dist="fixed", value=0.0),
        description="a referral's time at the provider before it can take a place (its own intake, "
        "finding a provider that fits), weeks; counts as waiting for specialised care (A; Jeugdhulp "
        "Rijnmond 2022-23: mean wait 11-14 weeks)",
    )


class StartState(Section):
    """Start from today's situation instead of an empty system."""

    open_cases_csv: str | None = Field(
        None,
        description="CSV of cases open at the start (columns: team, state, weeks_in_state, and "
        "optionally age, domain, complexity); relative to the scenario file",
    )


class Ownership(Section):
    """Ownership of a case: what a worker knows of the resident's neighbourhood, network and partners."""

    pooled_support_factor: float = Field(
        0.0,
        ge=0,
        le=2,
        description="extra share of support time when the team serves more than one area: its workers "
        "know each neighbourhood, its network and partners less, and nobody owns the area (A; range "
        "0-0.25; Song, Tucker and Murrell 2015: ~17% longer stays with a pooled queue; sim.ownership)",
    )


class Handoffs(Section):
    """Transfers of a case between units: warm (coordinated) or cold (a new intake and a new wait)."""

    warm_delay_weeks: Distribution = Field(
        default_factory=lambda: Fixed(dist="fixed", value=0.5),
        description="from leaving one unit to joining the next unit's queue in a warm hand-off, weeks (A)",
    )
    cold_delay_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=3.0),
        description="the same in a cold hand-off (a letter, a file, a new appointment), weeks (A)",
    )
    warm_loss_probability: float = Field(
        0.02, ge=0, le=1, description="chance that the resident is lost in a warm hand-off (A)"
    )
    cold_loss_probability: float = Field(
        0.10,
        ge=0,
        le=1,
        description="chance that the resident is lost in a cold hand-off "
        "(A; early drop-out 11-14%: Den Haag)",
    )
    limit_weeks: float = Field(
        6.0,
        gt=0,
        description="a hand-off whose first contact in the next unit comes later than this counts as "
        "failed ('delayed'), weeks",
    )


class Desk(Section):
    """A desk in front of the teams: A2's triage desk, or B's shared front office."""

    servers: int = Field(10, ge=1, le=10_000, description="requests in hand at the desk at once (A)")
    service_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=0.2),
        description="time from taking a request up to routing it (a call-back, a short conversation), "
        "weeks (A)",
    )
    fte: float = Field(1.5, ge=0, le=1000, description="staff of the desk, FTE (counted in hours and cost)")


class Triage(Section):
    """Sorting requests into Heerlen's three classes (forms A2 and C); it can be wrong."""

    accuracy: float = Field(
        0.85,
        ge=0,
        le=1,
        description="chance that a case is put in its true class; a wrong class is a neighbouring one (A)",
    )


class FirstLine(Section):
    """Form A2's first line ('voorliggend veld'): GP, school social work, welfare, with its own capacity."""

    places: int = Field(200, ge=1, le=1_000_000, description="cases the first line helps at once (A)")
    support_weeks: Distribution = Field(
        default_factory=lambda: Lognormal(dist="lognormal", mean=8.0, cv=0.8),
        description="support in the first line, weeks (A)",
    )
    push_on_probability: float = Field(
        0.10,
        ge=0,
        le=1,
        description="chance that the first line pushes a case it could handle on to the team as "
        "'complex' (A)",
    )
    complex_push_after_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=4.0),
        description="time before the first line pushes on a complex case that triage sent it, weeks (A)",
    )
    cost_eur_per_week: float = Field(
        100.0, ge=0, description="cost of one case-week in the first line, euros (A)"
    )
    referral_probability: float = Field(
        0.0,
        ge=0,
        le=1,
        description="chance that the first line refers a case it helped on to specialised care "
        "(A; CBS 85096NED 2021: GPs refer 36% of youth care trajectories)",
    )


class ComplexTeam(Section):
    """Form A2's integral team for complex cases: specialists who refer on faster."""

    complexities: list[Complexity] = Field(
        default_factory=lambda: list[Complexity](["multiple", "multi_problem"]),
        description="classes the team takes; triage sends the others to the first line",
    )
    referral_probability_factor: float = Field(
        1.2,
        ge=0,
        le=10,
        description="referral probability to specialised care, relative to the pathway's (A; capped at 1)",
    )
    support_before_referral_factor: float = Field(
        0.6,
        gt=0,
        le=10,
        description="support time before a referral, relative to the drawn support time (A)",
    )


class SplitTeams(Section):
    """Form B: teams side by side by age or domain; residents choose a door themselves."""

    wrong_door_probability: float = Field(
        0.15,
        ge=0,
        le=1,
        description="chance that a resident goes to a team of their area that does not serve their need (A)",
    )
    bounce_delay_weeks: Distribution = Field(
        default_factory=lambda: Fixed(dist="fixed", value=2.0),
        description="time until the wrong team sends the resident on, weeks; also at A2's and C's wrong "
        "doors (wrong_doors) (A)",
    )
    bounce_loss_probability: float = Field(
        0.15,
        ge=0,
        le=1,
        description="chance that a bounced resident gives up; also at A2's and C's wrong doors (wrong_doors) "
        "(A)",
    )
    mixed_household_probability: ByComplexity = Field(
        default_factory=lambda: ByComplexity(single=0.0, multiple=0.25, multi_problem=0.5),
        description="chance that the household also has a need on the other side of the 18- / 18+ line, "
        "found at assessment: split teams open a second case in the other team (A)",
    )
    shared_methods: bool = Field(
        False, description="teams share working methods: fewer wrong doors and bounces, warm referrals"
    )
    shared_methods_factor: float = Field(
        0.5,
        ge=0,
        le=1,
        description="wrong doors and bounce losses with shared methods, relative to without (A)",
    )
    shared_front_office: bool = Field(
        False, description="one door for all teams: a desk routes every request (no wrong doors)"
    )
    front_office: Desk = Field(default_factory=Desk, description="the shared front office's desk")
    front_office_misroute_probability: float = Field(
        0.0,
        ge=0,
        le=1,
        description="chance that the shared front office's desk sends a request to a team that does not "
        "serve it, which sends it on (warm): the cost of one door that routes everyone (A; range "
        "0.02-0.10; 0: off)",
    )
    front_office_one_plan_probability: float = Field(
        0.0,
        ge=0,
        le=1,
        description="chance that the shared front office, having seen the household, makes a mixed "
        "household's second case one plan with the first (warm, no duplicate), as a bridge worker does "
        "(A; range 0.3-0.8; 0: off)",
    )
    front_office_books_intake: bool = Field(
        False,
        description="the shared front office books the first appointment in the team while the resident "
        "is at the desk (Gouda: the teams on one location): the hand-off to the team takes no time "
        "(its loss stays the warm hand-off's)",
    )


class WrongDoors(Section):
    """Residents who first ask a door that does not take their request, in forms A2 and C.

    Form B's wrong doors are split_teams' (``wrong_door_probability``); a wrong door in A2 or C sends
    the resident on after ``split_teams.bounce_delay_weeks``, and they give up there with
    ``split_teams.bounce_loss_probability``: the same cause, the same parameters.
    """

    enabled: bool = Field(
        False,
        description="wrong doors in forms A2 and C (form B always has them: split_teams.wrong_door_probability)",
    )
    first_line_probability: float = Field(
        0.10,
        ge=0,
        le=1,
        description="form A2: chance that a resident first asks the area team (which takes no direct "
        "requests) or a first-line provider that does not take the question, instead of the triage desk, "
        "which is where they are sent (A; range 0.05-0.25)",
    )
    front_probability: float = Field(
        0.05,
        ge=0,
        le=1,
        description="form C: chance that a resident first asks the wrong team: the expert team behind "
        "their front team (which sends them to the front) or another area's front team; lower than B's, "
        "as C has one access point per area (A; range 0.02-0.10)",
    )
    known_door_factor: float = Field(
        1.0,
        ge=0,
        le=1,
        description="chance of a wrong door for a household that was in contact with a team before (it "
        "knows the door), relative to a first request; acts in forms A2, B and C (A; range 0.3-0.8; "
        "1: off)",
    )


class BridgeWorker(Section):
    """Form B option: a bridge worker ('brugfunctionaris') attached to the youth and adult teams."""

    enabled: bool = Field(False, description="a bridge worker is there")
    fte: float = Field(1.0, gt=0, le=100, description="bridge workers' FTE (counted in hours and cost)")
    households_at_once: int = Field(
        20, ge=1, le=10_000, description="hand-overs the bridge worker(s) can coordinate at once (A)"
    )
    weeks_per_handover: Distribution = Field(
        default_factory=lambda: Fixed(dist="fixed", value=8.0),
        description="how long the bridge worker stays involved in one hand-over, weeks (A)",
    )
    ages: tuple[int, int] = Field(
        (18, 23),
        description="ages at which the bridge worker handles a move to the adult team, years "
        "(De Bilt: 18-23)",
    )


class Transition18(Section):
    """A youth case still open at the 18th birthday moves to the team for adults, if that is another team."""

    age: int = Field(18, ge=1, le=120, description="the age at which youth care ends, years")
    cold_delay_weeks: Distribution = Field(
        default_factory=lambda: Uniform(dist="uniform", low=4.0, high=26.0),
        description="from the birthday to joining the adult team's queue without a bridge, weeks "
        "(CBS 2019: follow-up often starts 'some months' later; 1-6 months, A)",
    )
    cold_loss_probability: float = Field(
        0.30,
        ge=0,
        le=1,
        description="chance that the young adult is lost without a bridge (CBS 2019: of youth in care at "
        "18, ~1/3 continue, ~1/4 move to adult care, the rest stop; A)",
    )


class ExpertTeams(Section):
    """Form C: generalist front teams with expert teams behind them."""

    coupling: bool = Field(
        False,
        description="each front worker is coupled to an expert (Heerlen): warm hand-offs up and back, and "
        "consultation without waiting for the meeting",
    )
    consultation_interval_weeks: float = Field(
        2.0, gt=0, le=52, description="expert consultation ('expertoverleg') is held every this many weeks"
    )
    aftercare_weeks: Distribution = Field(
        default_factory=lambda: Lognormal(dist="lognormal", mean=6.0, cv=0.8),
        description="support back in the front team after the expert team, weeks (A)",
    )
    late_recognition_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=10.0),
        description="time before a front team sees that an under-triaged case is multi-problem, weeks (A)",
    )
    bounce_delay_weeks: Distribution = Field(
        default_factory=lambda: Fixed(dist="fixed", value=1.0),
        description="time before an expert team sends back a case triaged too heavy, weeks (A)",
    )


class Staffing(Section):
    """Employed or seconded staff: what secondment costs in hours, and what each keeps of its expertise."""

    seconded_mother_hours_share: float = Field(
        0.10,
        ge=0,
        lt=1,
        description="share of a seconded worker's hours owed to the mother organisation: its meetings, "
        "training, intervision (A; seed 001, Heerlen)",
    )
    seconded_registration_factor: float = Field(
        2.0,
        ge=1,
        le=10,
        description="registration hours of a seconded worker, relative to an employed one (double "
        "registration, seed 003)",
    )
    seconded_claims_per_year: float = Field(
        0.5,
        ge=0,
        le=52,
        description="times a year the mother organisation claims a seconded worker back (A; seed 001)",
    )
    seconded_claim_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=2.0),
        description="how long a claim lasts; meanwhile the worker takes no new cases, weeks (A)",
    )
    seconded_cost_eur_per_fte_per_year: float = Field(
        85_000.0, ge=0, description="cost of one seconded FTE per year, euros (A)"
    )
    employed_knowledge_decay_per_year: float = Field(
        0.15,
        ge=0,
        le=10,
        description="rate at which an employed specialist's knowledge of their discipline falls towards "
        "a generalist's, per year, unless trained (A; seed 001, Medemblik, Diemen)",
    )
    employed_training_share: float = Field(
        0.0, ge=0, lt=1, description="share of an employed worker's hours spent in training (overhead)"
    )
    training_share_to_keep_up: float = Field(
        0.05,
        gt=0,
        le=1,
        description="training share at which an employed specialist's knowledge no longer decays (A)",
    )
    seconded_share: float | None = Field(
        None,
        ge=0,
        le=1,
        description="when set, this share of each team's workers is seconded and the rest employed, "
        "overriding the staff lines' contract (workers picked evenly across the lines); for sweeps",
    )


class Expertise(Section):
    """Breadth versus depth: whether the worker on a case knows its domain, and has a colleague who does."""

    enabled: bool = Field(False, description="switch the mechanism on")
    specialist_level: float = Field(
        0.95, ge=0, le=1, description="chance that a specialist recognises a need of their own domain in time"
    )
    breadth_level: float = Field(
        0.8, ge=0, le=1, description="... a need in one of a T-shaped worker's breadth domains (A)"
    )
    generalist_level: float = Field(
        0.6, ge=0, le=1, description="... a need in any other domain (A; 'heavier problems hang around')"
    )
    recognition_delay_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=8.0),
        description="how long an unrecognised need hangs around before it is seen; the problem worsens "
        "meanwhile, weeks (A)",
    )
    no_colleague_delay_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=4.0),
        description="extra support time when a consultation is needed and no colleague of the case's "
        "domain is in the team, weeks (A)",
    )
    specialist_referral_factor: float = Field(
        1.25,
        ge=0,
        le=10,
        description="referral probability when a specialist handles a case of their own domain, relative "
        "(A; seed 001: teams of specialists refer on too fast)",
    )
    match_discipline: bool = Field(
        True, description="a team gives a case to a worker who knows its domain, when one has room"
    )


class BackOffice(Section):
    """A desk that decides with its own queue: a municipal back office, or a level of mandate."""

    name: str = Field(min_length=1, description="who decides, e.g. worker, line_manager, unit_manager")
    servers: int | None = Field(
        None,
        ge=1,
        le=10_000,
        description="decisions in hand at once; leave out when the worker decides on the spot (no queue)",
    )
    decision_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=1.0),
        description="time to decide once the request is taken up, weeks (A)",
    )
    hours_per_decision: float = Field(0.5, ge=0, description="hours a decision costs (overhead)")


class ApprovalLevel(BackOffice):
    """One level of mandate: decisions up to an amount, with its own queue."""

    up_to_eur: float | None = Field(
        None, gt=0, description="largest provision this level may decide on, euros; leave out for no limit"
    )


def _alkmaar_levels() -> list[ApprovalLevel]:
    # Alkmaar (seed 001): worker up to EUR 1,000, line manager up to EUR 50,000, unit manager above.
    return [
        ApprovalLevel(name="worker", up_to_eur=1_000.0),
        ApprovalLevel(
            name="line_manager",
            up_to_eur=50_000.0,
            servers=3,
            decision_weeks=Exponential(dist="exponential", mean=1.0),
            hours_per_decision=0.5,
        ),
        ApprovalLevel(
            name="unit_manager",
            servers=1,
            decision_weeks=Exponential(dist="exponential", mean=2.0),
            hours_per_decision=1.0,
        ),
    ]


class Mandate(Section):
    """Who may decide on a provision ('beschikking'): levels by amount, and perhaps a back office."""

    enabled: bool = Field(False, description="switch the mechanism on")
    provision_probability: ByComplexity = Field(
        default_factory=lambda: ByComplexity(single=0.3, multiple=0.5, multi_problem=0.7),
        description="chance that a case needs an individual provision that must be decided on (A)",
    )
    provision_cost_eur: Distribution = Field(
        default_factory=lambda: Lognormal(dist="lognormal", mean=8_000.0, cv=2.0),
        description="cost of the provision, euros (A)",
    )
    levels: list[ApprovalLevel] = Field(
        default_factory=_alkmaar_levels,
        min_length=1,
        description="mandate levels in rising order of amount; the last has no limit (Alkmaar, seed 001)",
    )
    back_office: BackOffice | None = Field(
        None,
        description="a municipal back office that checks every decision for legality (IJsselstein, seed 001); "
        "it has no amount limit",
    )


class Costs(Section):
    """What outcomes cost besides staff and care places: individual provisions and crises (sim.costs)."""

    provision_eur_by_domain: dict[Domain, NonNegativeFloat] = Field(
        default_factory=dict,
        description="cost of the individual provisions ('maatwerkvoorzieningen') decided on for one "
        "assessed case, on average over the cases of the domain, euros (A; a domain left out costs 0)",
    )
    crisis_eur: float = Field(
        0.0, ge=0, description="cost of one crisis (escalation by worsening) beyond its care, euros (A)"
    )


class SeverityState(Section):
    """Severity as the state of a need: carried across every wait, it drives support, referral and drop-out.

    Off, severity only sets a crisis timer that restarts at every queue. On, a case's severity grows
    at ``demand.severity.growth_per_week_waiting`` whenever nobody helps it (queues, hand-offs on the
    way, wrong doors, waiting for specialised care, a need not recognised) and holds while it is
    helped; what it has grown beyond the severity drawn for the request lengthens support, raises
    the chance of referral and of drop-out, and a crisis comes when it crosses the threshold.
    """

    enabled: bool = Field(False, description="switch the mechanism on")
    support_factor_per_severity: float = Field(
        0.5,
        ge=0,
        le=20,
        description="support lasts this fraction longer per unit of severity above the severity drawn "
        "for the request (shorter below it, to at most half) (A; range 0-2)",
    )
    referral_per_severity: float = Field(
        0.5,
        ge=0,
        le=5,
        description="added chance of referral to specialised care per unit of severity above the drawn "
        "severity (A; range 0-1)",
    )
    dropout_per_severity: float = Field(
        0.2,
        ge=0,
        le=5,
        description="added chance of stopping during support per unit of severity above the drawn "
        "severity (A; range 0-0.5)",
    )


class HelpSeeking(Section):
    """Needs before requests: a need starts unseen and each week its household decides whether to ask.

    Only households with a latent or open need exist as agents. The weekly chance to ask is
    ``1 - exp(-h)`` with ``h = ask_rate_per_week * severity * awareness * door * trust``; a light need
    may be resolved by the household's own network, which also slows worsening (seed 000). Residents
    who gave up or were lost keep their need and its severity, and may ask again later.
    """

    enabled: bool = Field(False, description="switch the mechanism on (off: every request is drawn up front)")
    needs_per_request: float = Field(
        1.1,
        ge=1,
        le=10,
        description="needs that arise per request the demand section describes: some are resolved by "
        "the own network or never reach help (A; range 1-2)",
    )
    onset_severity_factor: float = Field(
        0.5,
        gt=0,
        le=1,
        description="severity at the onset of a need, relative to the severity drawn for a request (A; "
        "range 0.4-1)",
    )
    latent_growth_per_week: float = Field(
        0.03,
        ge=0,
        le=1,
        description="severity added per week while a need is latent (nobody knows of it yet); while it "
        "waits for a team it grows at demand.severity.growth_per_week_waiting (A; range 0.005-0.04)",
    )
    ask_rate_per_week: float = Field(
        0.5,
        gt=0,
        le=20,
        description="weekly hazard of asking for help at severity 1 (the escalation threshold), before "
        "the factors below (A; range 0.2-1)",
    )
    awareness: ByComplexity = Field(
        default_factory=lambda: ByComplexity(single=1.0, multiple=0.4, multi_problem=0.05),
        description="problem awareness per class: multiplies the hazard of asking (Heerlen's triage "
        "classes, seed 001: multi-problem households lack it; values A)",
    )
    unknown_door_factor: float = Field(
        0.7,
        ge=0,
        le=1,
        description="hazard of asking when the household has never been in contact with a team (A; "
        "range 0.5-0.9)",
    )
    several_doors_factor: float = Field(
        0.8,
        ge=0,
        le=1,
        description="... multiplied in when more than one door team serves the household's area and no "
        "shared front office routes (A; residents unsure where to go: Gouda, seed 001)",
    )
    trust_after_giving_up: float = Field(
        0.6, ge=0, le=1, description="trust (a factor on the hazard) after giving up waiting (A; 0.4-0.9)"
    )
    trust_after_lost: float = Field(
        0.5, ge=0, le=1, description="trust after being lost in a hand-off (A; range 0.3-0.9)"
    )
    network_share: float = Field(
        0.6,
        ge=0,
        le=1,
        description="share of households with an own network that helps (A; 'use the resident's own "
        "network', seed 000)",
    )
    network_resolves_single: float = Field(
        0.5,
        ge=0,
        le=1,
        description="chance that the own network resolves a single-problem need before it reaches help "
        "(A; range 0.2-0.6)",
    )
    network_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=6.0),
        description="time from onset until the own network resolves the need, weeks (A)",
    )
    network_growth_factor: float = Field(
        0.5,
        ge=0,
        le=1,
        description="worsening of a latent need with an own network, relative to without (A; 0.3-0.8)",
    )


class Outreach(Section):
    """Outreach ('outreachend werken'): the door teams spend hours a week finding latent needs.

    Acts on latent needs, so it needs ``help_seeking``. CPB found that active, outreaching wijkteams
    raise youth-care inflow; here a need found earlier is also lighter.
    """

    enabled: bool = Field(False, description="switch the mechanism on")
    hours_per_team_per_week: float = Field(
        4.0, ge=0, le=200, description="outreach hours of each door team per week (A; range 0-16)"
    )
    find_probability_per_hour: float = Field(
        0.02,
        ge=0,
        le=1,
        description="weekly chance that one outreach hour finds a given latent need in the team's area "
        "(A; range 0.005-0.04)",
    )


class Signalling(Section):
    """Early signalling: school, GP and youth doctor refer a household with a latent need to the team.

    Acts on latent needs, so it needs ``help_seeking``.
    """

    enabled: bool = Field(False, description="switch the mechanism on")
    youth_per_week: float = Field(
        0.03,
        ge=0,
        le=1,
        description="weekly chance that a latent need of someone under 18 is signalled (school, youth "
        "doctor; A; range 0.01-0.06)",
    )
    adult_per_week: float = Field(
        0.005,
        ge=0,
        le=1,
        description="weekly chance for an adult's latent need (GP; CBS: GPs refer 36% of youth care; A)",
    )


class Strain(Section):
    """Professionals under strain: sustained overload raises sick leave and turnover.

    Each week a team's pressure is (caseload + waiting) / capacity; a worker's strain is its
    exponentially weighted mean excess above ``pressure_threshold`` over ``memory_weeks``. Weekly
    hazards of falling ill and of leaving grow in proportion to strain (normal absence and turnover
    are inside the paid FTE already); a vacancy is filled after a recruitment delay and a newcomer
    takes fewer cases while onboarding.
    """

    enabled: bool = Field(False, description="switch the mechanism on")
    memory_weeks: float = Field(
        8.0, gt=0, le=520, description="how long overload is remembered (time constant), weeks (A; 4-26)"
    )
    pressure_threshold: float = Field(
        1.1,
        gt=0,
        le=10,
        description="pressure ((caseload + waiting) / caseload capacity) above which a team's workers "
        "build up strain (A; range 1-1.5)",
    )
    sick_per_year_at_strain_1: float = Field(
        2.0,
        ge=0,
        le=52,
        description="sick-leave spells per worker per year at strain 1, beyond the normal absence that "
        "the paid FTE already allow for (A; range 0.5-4; CBS/AZW: absence in care and welfare ~6-7%)",
    )
    sick_weeks: Distribution = Field(
        default_factory=lambda: Exponential(dist="exponential", mean=6.0),
        description="length of a sick-leave spell, weeks (A)",
    )
    leave_per_year_at_strain_1: float = Field(
        0.5,
        ge=0,
        le=10,
        description="workers leaving per worker per year at strain 1, beyond normal turnover (A; 0.2-1)",
    )
    recruitment_weeks: Distribution = Field(
        default_factory=lambda: Uniform(dist="uniform", low=8.0, high=26.0),
        description="time to fill a vacancy, weeks (A)",
    )
    onboarding_weeks: float = Field(
        12.0, ge=0, le=104, description="a newcomer's onboarding period, weeks (A; 8-26)"
    )
    onboarding_capacity_share: float = Field(
        0.5, ge=0, le=1, description="share of a full caseload a newcomer takes while onboarding (A)"
    )


class Adaptation(Section):
    """Teams that adapt under pressure: above a waiting-list threshold a team changes how it works."""

    enabled: bool = Field(False, description="switch the mechanism on (off in the validation scenarios)")
    policy: Literal["shorten_support", "first_line", "safety_first"] = Field(
        "shorten_support",
        description="shorten_support: shorter support; first_line: light single-problem requests go to "
        "the first line; safety_first: multi-problem cases are served first",
    )
    waiting_per_fte: float = Field(
        3.0, gt=0, le=100, description="the team adapts while residents waiting per FTE exceed this (A)"
    )
    support_factor: float = Field(
        0.75, gt=0, le=1, description="shorten_support: support time relative to the plan (A; 0.5-0.9)"
    )
    light_severity: float = Field(
        0.3, ge=0, le=10, description="first_line: a single-problem request below this severity is light (A)"
    )


class ColleagueLearning(Section):
    """Consulting a colleague teaches: the worker recognises needs of that domain better afterwards.

    Acts on the worker's knowledge, so it needs ``expertise`` (breadth versus depth) on.
    """

    enabled: bool = Field(False, description="switch the mechanism on")
    teach_probability: float = Field(
        0.5,
        ge=0,
        le=1,
        description="chance that a consultation teaches the worker something that lasts (A; range 0.2-0.8)",
    )
    gain_share: float = Field(
        0.2,
        ge=0,
        le=1,
        description="share of the gap to the best colleague's chance of recognition that one lesson "
        "closes (A; range 0.05-0.4)",
    )
    fade_per_year: float = Field(
        0.5,
        ge=0,
        le=10,
        description="what was learned fades at this rate without practice, per year (A; range 0-1)",
    )


class MetricObjective(Section):
    """How comparisons judge one metric; unset keys keep the defaults of ``analysis.objective``."""

    direction: Literal["lower", "higher", "none"] | None = Field(
        None, description="which way is better; none: describe the metric, do not judge it"
    )
    min_difference: float | None = Field(
        None, ge=0, description="least relevant difference, in the metric's unit (weeks, a share 0-1, euros)"
    )
    min_relative_difference: float | None = Field(
        None, ge=0, description="least relevant difference as a fraction of the larger of the two means"
    )


class Scenario(Section):
    """A whole wijksim scenario."""

    name: str = Field(min_length=1, description="a short title shown in tables and reports")
    description: str = Field("", description="what this scenario represents and where it comes from")
    name_nl: str = Field("", description="the title in Dutch, for Dutch reports (empty: the name is shown)")
    description_nl: str = Field(
        "", description="the description in Dutch, for Dutch reports (empty: the description)"
    )
    form: Form = Field(
        "A1",
        description="organisation form: A1 broad integral teams; A2 triage desk, first line and a team for "
        "complex cases; B teams side by side (youth / adults); C generalist front teams with expert teams",
    )
    run: RunSettings = Field(default_factory=RunSettings)
    municipality: Municipality
    demand: Demand
    pathway: Pathway = Field(default_factory=Pathway)
    behaviour: Behaviour = Field(default_factory=Behaviour)
    workforce: Workforce = Field(default_factory=Workforce)
    overhead: Overhead = Field(default_factory=Overhead)
    teams: dict[str, Team] = Field(min_length=1, max_length=1000, description="the teams, by name")
    specialised_care: SpecialisedCare
    start_state: StartState = Field(default_factory=StartState)
    handoffs: Handoffs = Field(default_factory=Handoffs)
    ownership: Ownership = Field(default_factory=Ownership)
    transition_18: Transition18 = Field(default_factory=Transition18)
    triage: Triage = Field(default_factory=Triage)
    desk: Desk = Field(default_factory=Desk, description="form A2's triage desk")
    first_line: FirstLine = Field(default_factory=FirstLine)
    complex_team: ComplexTeam = Field(default_factory=ComplexTeam)
    split_teams: SplitTeams = Field(default_factory=SplitTeams)
    wrong_doors: WrongDoors = Field(default_factory=WrongDoors)
    bridge_worker: BridgeWorker = Field(default_factory=BridgeWorker)
    expert_teams: ExpertTeams = Field(default_factory=ExpertTeams)
    staffing: Staffing = Field(default_factory=Staffing)
    expertise: Expertise = Field(default_factory=Expertise)
    mandate: Mandate = Field(default_factory=Mandate)
    costs: Costs = Field(default_factory=Costs)
    severity_state: SeverityState = Field(default_factory=SeverityState)
    help_seeking: HelpSeeking = Field(default_factory=HelpSeeking)
    outreach: Outreach = Field(default_factory=Outreach)
    signalling: Signalling = Field(default_factory=Signalling)
    strain: Strain = Field(default_factory=Strain)
    adaptation: Adaptation = Field(default_factory=Adaptation)
    colleague_learning: ColleagueLearning = Field(default_factory=ColleagueLearning)
    objective: dict[str, MetricObjective] = Field(
        default_factory=dict,
        description="per metric name, how a comparison with this scenario as A judges it (analysis.objective)",
    )


__all__ = [
    "Adaptation",
    "ColleagueLearning",
    "AgeGroup",
    "ApprovalLevel",
    "BackOffice",
    "Behaviour",
    "BridgeWorker",
    "ByComplexity",
    "COMPLEXITIES",
    "ComplexTeam",
    "Costs",
    "DOMAINS",
    "Demand",
    "Desk",
    "DistByComplexity",
    "ExpertTeams",
    "Expertise",
    "FirstLine",
    "Fixed",
    "Handoffs",
    "HelpSeeking",
    "Mandate",
    "MetricObjective",
    "Municipality",
    "Outreach",
    "Overhead",
    "Ownership",
    "Pathway",
    "RunSettings",
    "Scenario",
    "Section",
    "Severity",
    "SeverityState",
    "Signalling",
    "SpecialisedCare",
    "SplitTeams",
    "StaffLine",
    "Staffing",
    "Strain",
    "StartState",
    "Team",
    "Transition18",
    "Triage",
    "Workforce",
]
