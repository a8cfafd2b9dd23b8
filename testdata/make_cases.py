#!/usr/bin/env python3
"""Writes testdata/cases/*.json. The expectations below are computed by hand
(see each case's "why"); this script only saves typing the shared inputs.
Run: python3 testdata/make_cases.py"""
import json, os, copy

HERE = os.path.dirname(os.path.abspath(__file__))

def pledge(**kw):
    p = {"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"},
         "time_zone": "Europe/London", "minutes_per_week": 60, "pro_rata": "none",
         "target": {"learner_week_rate": 0.8}}
    p.update(kw)
    return p

def s(rid, learner, start, minutes=None, end=None, activity="e_learning", **kw):
    r = {"record_id": rid, "learner_id": learner, "start": start, "activity": activity}
    if minutes is not None: r["duration_minutes"] = minutes
    if end is not None: r["end"] = end
    r.update(kw)
    return r

E1 = [{"learner_id": "e1"}]
CLOSED = "2026-06-01T00:00:00Z"
W10_11 = {"first": "2026-W10", "last": "2026-W11"}

cases = {}
def case(name, why, expect, pledge_=None, roster=E1, leave=(), sessions=(), period=W10_11, as_of=CLOSED, options=None, time_totals=()):
    assert name not in cases
    cases[name] = {"description": why, "pledge": pledge_ or pledge(), "roster": list(roster),
                   "leave": list(leave), "sessions": list(sessions), "period": period,
                   "as_of": as_of, "expect": expect}
    if time_totals:
        cases[name]["time_totals"] = list(time_totals)
    if options:
        cases[name]["options"] = options

def t(rid, learner, minutes, date=None, week=None, activity="e_learning"):
    """A time-spent total: a day total (`date`) or a week total (`week`)."""
    r = {"record_id": rid, "learner_id": learner}
    if date is not None: r["date"] = date
    if week is not None: r["week"] = week
    r.update({"minutes": minutes, "activity": activity})
    return r

case("basic_met", "60 minutes in each of two weeks meets both; rate 1 >= 0.8",
     {"verdict": "met", "metrics.eligible_learner_weeks": 2, "metrics.met_learner_weeks": 2,
      "metrics.learner_week_rate": 1.0, "ledger.records_read": 2, "ledger.fates.credited": 2,
      "criteria[learner_week_rate].passed": True},
     sessions=[s("r1", "e1", "2026-03-03T12:00:00Z", 60), s("r2", "e1", "2026-03-10T12:00:00Z", 60)])

case("basic_not_met", "30 minutes in W11 leaves it short by 30; rate 0.5 < 0.8",
     {"verdict": "not_met", "metrics.met_learner_weeks": 1, "metrics.learner_week_rate": 0.5,
      "learners[e1].weeks[2026-W11].status": "short", "learners[e1].weeks[2026-W11].missing_minutes": 30,
      "learners[e1].missing_minutes": 30, "criteria[learner_week_rate].passed": False},
     sessions=[s("r1", "e1", "2026-03-03T12:00:00Z", 60), s("r2", "e1", "2026-03-10T12:00:00Z", 30)])

case("dst_london_spring", "2026-W13 ends at Monday 00:00 BST = 2026-03-29T23:00Z (a 167-hour week); a session from Sunday 23:30 BST splits 30/30",
     {"period.starts_at": "2026-03-23T00:00:00+00:00", "period.ends_at": "2026-04-05T23:00:00+00:00",
      "learners[e1].weeks[2026-W13].credited_minutes": 30, "learners[e1].weeks[2026-W14].credited_minutes": 30},
     sessions=[s("r1", "e1", "2026-03-29T23:30:00+01:00", 60)], period={"first": "2026-W13", "last": "2026-W14"})

case("dst_london_autumn", "2026-W43 lasts 169 hours, ending Monday 26 October 00:00 GMT; a session from Sunday 23:30 GMT splits 30/30",
     {"period.starts_at": "2026-10-18T23:00:00+00:00", "period.ends_at": "2026-11-02T00:00:00+00:00",
      "learners[e1].weeks[2026-W43].credited_minutes": 30, "learners[e1].weeks[2026-W44].credited_minutes": 30},
     sessions=[s("r1", "e1", "2026-10-25T23:30:00Z", 60)], period={"first": "2026-W43", "last": "2026-W44"},
     as_of="2027-01-01T00:00:00Z")

case("dst_new_york_spring", "New York clocks go forward on Sunday 8 March 2026; W11 starts Monday 00:00 EDT = 04:00Z; a session from Sunday 23:30 EDT splits 30/30",
     {"period.starts_at": "2026-03-02T05:00:00+00:00", "period.ends_at": "2026-03-16T04:00:00+00:00",
      "learners[e1].weeks[2026-W10].credited_minutes": 30, "learners[e1].weeks[2026-W11].credited_minutes": 30},
     pledge_=pledge(time_zone="America/New_York"),
     sessions=[s("r1", "e1", "2026-03-08T23:30:00-04:00", 60)])

case("dst_new_york_autumn", "New York falls back on Sunday 1 November 2026; W45 starts Monday 00:00 EST = 05:00Z; a two-hour session from Sunday 23:00 EST meets both weeks",
     {"verdict": "met", "learners[e1].weeks[2026-W44].credited_minutes": 60,
      "learners[e1].weeks[2026-W45].credited_minutes": 60, "period.ends_at": "2026-11-09T05:00:00+00:00"},
     pledge_=pledge(time_zone="America/New_York"),
     sessions=[s("r1", "e1", "2026-11-01T23:00:00-05:00", 120)], period={"first": "2026-W44", "last": "2026-W45"},
     as_of="2027-01-01T00:00:00Z")

case("sunday_to_monday_midnight", "90 minutes from Sunday 23:15 split 45/45 at midnight: both weeks short",
     {"verdict": "not_met", "metrics.met_learner_weeks": 0,
      "learners[e1].weeks[2026-W10].credited_minutes": 45, "learners[e1].weeks[2026-W11].credited_minutes": 45,
      "learners[e1].weeks[2026-W10].missing_minutes": 15},
     sessions=[s("r1", "e1", "2026-03-08T23:15:00Z", 90)])

case("far_offset_plus_14", "Monday 10:00 at +14:00 is Sunday 20:00Z: the week of the instant (W10), not of the wall clock (W11)",
     {"learners[e1].weeks[2026-W10].credited_minutes": 60, "learners[e1].weeks[2026-W11].credited_minutes": 0,
      "learners[e1].weeks[2026-W10].status": "met"},
     sessions=[s("r1", "e1", "2026-03-09T10:00:00+14:00", 60)])

case("far_offset_minus_11", "Sunday 20:00 at -11:00 is Monday 07:00Z: it falls in W11 though its wall clock says W10",
     {"learners[e1].weeks[2026-W10].credited_minutes": 0, "learners[e1].weeks[2026-W11].credited_minutes": 60},
     sessions=[s("r1", "e1", "2026-03-08T20:00:00-11:00", 60)])

case("overlapping_sessions", "09:00-09:45 and 09:30-10:00 overlap by 15 minutes: the union is 60, so the week is met",
     {"learners[e1].weeks[2026-W10].credited_minutes": 60, "learners[e1].weeks[2026-W10].status": "met",
      "ledger.fates.credited": 2, "ledger.detail.overlap_minutes": 15, "ledger.detail.recorded_minutes": 75},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 45), s("r2", "e1", "2026-03-03T09:30:00Z", 30)])

case("duplicate_records", "the same record twice and a copy under another id count once: 45 minutes, short",
     {"learners[e1].weeks[2026-W10].credited_minutes": 45, "ledger.records_read": 3, "ledger.fates.credited": 1,
      "ledger.fates.duplicate": 2, "ledger.detail.duplicate_ids": 1, "ledger.detail.duplicate_content": 1},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 45), s("r1", "e1", "2026-03-03T09:00:00Z", 45),
               s("r9", "e1", "2026-03-03T09:00:00Z", 45)])

case("conflicting_record_ids", "one id with two different intervals counts once: the earliest interval (09:00, 30 min) is kept",
     {"learners[e1].weeks[2026-W10].credited_minutes": 30, "ledger.fates.credited": 1, "ledger.fates.duplicate": 1,
      "ledger.detail.conflicting_ids": 1},
     sessions=[s("r1", "e1", "2026-03-03T10:00:00Z", 60), s("r1", "e1", "2026-03-03T09:00:00Z", 30)])

case("part_time_fte", "pro-rata by FTE: 0.5 owes 30 (met with 30); 0.6 owes 36 (short by 1 with 35)",
     {"learners[a].weeks[2026-W10].required_minutes": 30, "learners[a].weeks[2026-W10].status": "met",
      "learners[b].weeks[2026-W10].required_minutes": 36, "learners[b].weeks[2026-W10].missing_minutes": 1,
      "metrics.met_learner_weeks": 1, "metrics.eligible_learner_weeks": 2},
     pledge_=pledge(pro_rata="fte"), roster=[{"learner_id": "a", "fte": 0.5}, {"learner_id": "b", "fte": 0.6}],
     sessions=[s("r1", "a", "2026-03-03T09:00:00Z", 30), s("r2", "b", "2026-03-03T09:00:00Z", 35)],
     period={"first": "2026-W10", "last": "2026-W10"})

case("contracted_hours", "20 contracted hours of 40 full-time hours owe half of 60: 30 minutes",
     {"learners[a].weeks[2026-W10].required_minutes": 30, "verdict": "met"},
     pledge_=pledge(pro_rata="contracted_hours", full_time_hours=40), roster=[{"learner_id": "a", "contracted_hours": 20}],
     sessions=[s("r1", "a", "2026-03-03T09:00:00Z", 30)], period={"first": "2026-W10", "last": "2026-W10"})

case("joiner_mid_week", "joining on Wednesday 4 March leaves 3 of 5 working days: 36 minutes owed in W10",
     {"learners[a].weeks[2026-W10].required_minutes": 36, "learners[a].weeks[2026-W10].status": "met",
      "learners[a].weeks[2026-W11].required_minutes": 60, "learners[a].weeks[2026-W11].status": "short"},
     roster=[{"learner_id": "a", "start_date": "2026-03-04"}],
     sessions=[s("r1", "a", "2026-03-05T09:00:00Z", 36)])

case("leaver_mid_week", "leaving on Tuesday 10 March leaves 2 of 5 working days: 24 minutes owed in W11",
     {"learners[a].weeks[2026-W11].required_minutes": 24, "learners[a].weeks[2026-W11].status": "met",
      "verdict": "met", "metrics.met_learner_weeks": 2},
     roster=[{"learner_id": "a", "end_date": "2026-03-10"}],
     sessions=[s("r1", "a", "2026-03-03T09:00:00Z", 60), s("r2", "a", "2026-03-09T09:00:00Z", 24)])

case("not_employed_week", "a learner starting on 9 March is not employed in W10: one eligible week",
     {"learners[a].weeks[2026-W10].status": "not_employed", "learners[a].weeks[2026-W10].required_minutes": 0,
      "metrics.eligible_learner_weeks": 1, "verdict": "met"},
     roster=[{"learner_id": "a", "start_date": "2026-03-09"}],
     sessions=[s("r1", "a", "2026-03-10T09:00:00Z", 60)])

case("leave_whole_week", "annual leave Monday to Friday of W10 exempts the week; W11 is met",
     {"learners[e1].weeks[2026-W10].status": "exempt", "learners[e1].weeks[2026-W10].reason": "on_leave",
      "metrics.eligible_learner_weeks": 1, "metrics.exempt_learner_weeks": 1, "verdict": "met"},
     leave=[{"learner_id": "e1", "from": "2026-03-02", "to": "2026-03-06", "kind": "annual"}],
     sessions=[s("r1", "e1", "2026-03-10T09:00:00Z", 60)])

case("leave_part_week", "two days of sick leave leave 3 of 5 days: 36 minutes owed",
     {"learners[e1].weeks[2026-W10].required_minutes": 36, "learners[e1].weeks[2026-W10].status": "short",
      "learners[e1].weeks[2026-W10].missing_minutes": 6},
     leave=[{"learner_id": "e1", "from": "2026-03-02", "to": "2026-03-03", "kind": "sick"}],
     sessions=[s("r1", "e1", "2026-03-04T09:00:00Z", 30)], period={"first": "2026-W10", "last": "2026-W10"})

case("public_holiday", "a public holiday on Friday 6 March leaves 4 of 5 days: 48 minutes owed",
     {"learners[e1].weeks[2026-W10].required_minutes": 48, "learners[e1].weeks[2026-W10].status": "met"},
     pledge_=pledge(holidays=["2026-03-06"]),
     sessions=[s("r1", "e1", "2026-03-04T09:00:00Z", 48)], period={"first": "2026-W10", "last": "2026-W10"})

case("carry_forward_cap", "120 minutes in W10 leave a 60-minute surplus, banked up to the 30-minute cap; 30 learned + 30 carried meet W11",
     {"learners[e1].weeks[2026-W11].carried_in_minutes": 30, "learners[e1].weeks[2026-W11].credited_minutes": 30,
      "learners[e1].weeks[2026-W11].status": "met", "verdict": "met"},
     pledge_=pledge(counting={"carry_forward_cap_minutes": 30}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 120), s("r2", "e1", "2026-03-10T09:00:00Z", 30)])

case("carry_forward_off_by_default", "without carry-forward the W10 surplus is lost and W11 is short",
     {"learners[e1].weeks[2026-W11].carried_in_minutes": 0, "learners[e1].weeks[2026-W11].status": "short",
      "verdict": "not_met"},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 120), s("r2", "e1", "2026-03-10T09:00:00Z", 30)])

case("per_session_cap", "a 90-minute session under a 45-minute cap credits 45: short",
     {"learners[e1].weeks[2026-W10].credited_minutes": 45, "ledger.detail.capped": 1, "ledger.fates.credited": 1},
     pledge_=pledge(counting={"per_session_cap_minutes": 45}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 90)], period={"first": "2026-W10", "last": "2026-W10"})

case("daily_cap", "two 30-minute sessions on Tuesday are capped at 40 for the day; 20 on Wednesday make 60",
     {"learners[e1].weeks[2026-W10].credited_minutes": 60, "ledger.detail.daily_cap_minutes": 20, "verdict": "met"},
     pledge_=pledge(counting={"daily_cap_minutes": 40}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 30), s("r2", "e1", "2026-03-03T14:00:00Z", 30),
               s("r3", "e1", "2026-03-04T09:00:00Z", 20)], period={"first": "2026-W10", "last": "2026-W10"})

case("minimum_session", "a 5-minute session under a 10-minute minimum earns nothing and is not creditable",
     {"learners[e1].weeks[2026-W10].credited_minutes": 55, "ledger.fates.not_creditable": 1,
      "ledger.detail.too_short": 1, "ledger.fates.credited": 1},
     pledge_=pledge(counting={"minimum_session_minutes": 10}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 5), s("r2", "e1", "2026-03-04T09:00:00Z", 55)],
     period={"first": "2026-W10", "last": "2026-W10"})

case("non_creditable_kind", "reading is not on this pledge's list: kept, earning nothing",
     {"learners[e1].weeks[2026-W10].credited_minutes": 0, "ledger.fates.not_creditable": 1,
      "ledger.detail.kind_not_creditable": 1, "verdict": "not_met", "metrics.participation_rate": 0.0},
     pledge_=pledge(counting={"creditable_activities": ["e_learning", "course"]}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60, activity="reading")],
     period={"first": "2026-W10", "last": "2026-W10"})

case("unknown_learner", "a record for someone not in the roster is counted, listed and credits no one",
     {"ledger.fates.unknown_learner": 1, "ledger.unknown_learners[0].learner_id": "ghost",
      "ledger.unknown_learners[0].records": 1, "ledger.records_read": 2, "ledger.fates.credited": 1},
     sessions=[s("r1", "ghost", "2026-03-03T09:00:00Z", 60), s("r2", "e1", "2026-03-03T09:00:00Z", 60)],
     period={"first": "2026-W10", "last": "2026-W10"})

case("pledge_version_change", "from W11 the pledge asks 90 minutes: 60 meets W10 but leaves W11 short by 30",
     {"learners[e1].weeks[2026-W10].required_minutes": 60, "learners[e1].weeks[2026-W11].required_minutes": 90,
      "learners[e1].weeks[2026-W11].missing_minutes": 30, "weekly[2026-W11].pledge_version": 1,
      "weekly[2026-W10].pledge_version": 0},
     pledge_=pledge(versions=[{"effective_from": "2026-W11", "minutes_per_week": 90}]),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60), s("r2", "e1", "2026-03-10T09:00:00Z", 60)])

case("all_exempt", "everyone on leave for the whole period: nothing eligible",
     {"verdict": "insufficient_data", "metrics.eligible_learner_weeks": 0, "metrics.learner_week_rate": None,
      "criteria[learner_week_rate].passed": None, "bands.no_band": 1},
     leave=[{"learner_id": "e1", "from": "2026-03-01", "to": "2026-03-20", "kind": "parental"}])

case("running_at_risk", "as of Wednesday of W12, W10 and W11 are closed and unmet: 4 of 4 learner-weeks would be needed, only 2 remain",
     {"verdict": "at_risk", "period.closed": False, "period.closed_weeks": 2, "forecast.reachable": False,
      "forecast.met_learner_weeks_needed": 4, "forecast.remaining_learner_weeks": 2,
      "forecast.learners[e1].minutes_still_needed": 120, "learners[e1].weeks[2026-W12].open": True},
     period={"first": "2026-W10", "last": "2026-W13"}, as_of="2026-03-18T12:00:00Z")

case("running_on_track", "as of Wednesday of W12, both closed weeks are met; the last two must all be met (rate 1) to reach 4 of 4",
     {"verdict": "on_track", "forecast.reachable": True, "forecast.required_rate_remaining": 1.0,
      "metrics.learner_week_rate": 1.0, "forecast.open_weeks": 2},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60), s("r2", "e1", "2026-03-10T09:00:00Z", 60)],
     period={"first": "2026-W10", "last": "2026-W13"}, as_of="2026-03-18T12:00:00Z")

def weeks_sessions(learner, weeks_met):
    starts = ["2026-03-03T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-24T09:00:00Z"]
    return [s(f"{learner}-{i}", learner, starts[i], 60) for i in weeks_met]

case("band_boundaries", "3 of 4 weeks is exactly 0.75 (most_weeks); 1 of 4 exactly 0.25 (some_weeks); thresholds are inclusive",
     {"bands.most_weeks": 2, "bands.some_weeks": 1, "bands.rarely": 1, "learners[a].band": "most_weeks",
      "learners[b].band": "some_weeks", "learners[c].band": "rarely", "learners[d].band": "most_weeks",
      "learners[a].rate": 0.75},
     roster=[{"learner_id": x} for x in "abcd"],
     sessions=weeks_sessions("a", [0, 1, 2]) + weeks_sessions("b", [3]) + weeks_sessions("d", [0, 1, 2, 3]),
     period={"first": "2026-W10", "last": "2026-W13"})

case("rate_exactly_at_threshold", "4 of 5 learner-weeks is exactly 0.8: the target is met (no float rounding)",
     {"verdict": "met", "metrics.learner_week_rate": 0.8, "criteria[learner_week_rate].numerator": 4,
      "criteria[learner_week_rate].denominator": 5},
     roster=[{"learner_id": x} for x in "abcde"],
     sessions=[s(f"r{x}", x, "2026-03-03T09:00:00Z", 60) for x in "abcd"],
     period={"first": "2026-W10", "last": "2026-W10"})

case("outside_period", "a session in W09 is outside the period; one from Sunday 23:30 of W09 credits its 30 minutes in W10",
     {"ledger.fates.outside_period": 1, "ledger.fates.credited": 1, "ledger.detail.clipped_to_period": 1,
      "learners[e1].weeks[2026-W10].credited_minutes": 30},
     sessions=[s("r1", "e1", "2026-02-25T09:00:00Z", 60), s("r2", "e1", "2026-03-01T23:30:00Z", 60)])

case("future_record", "a session starting after as_of is rejected with code A001",
     {"ledger.fates.rejected": 1, "ledger.rejections[0].code": "A001", "ledger.fates.credited": 1,
      "ledger.records_read": 2},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60), s("r2", "e1", "2026-03-16T09:00:00Z", 60)],
     as_of="2026-03-16T00:00:00Z")

case("sunday_week_start", "Sunday weeks in New York: 2026-W11-sun (8-14 March) lasts 167 hours; a session from Saturday 23:30 EDT credits 30 minutes in it and is clipped at the period's end",
     {"period.starts_at": "2026-03-08T05:00:00+00:00", "period.ends_at": "2026-03-15T04:00:00+00:00",
      "learners[e1].weeks[2026-W11-sun].credited_minutes": 30, "ledger.detail.clipped_to_period": 1,
      "organisation.week_start": "sunday"},
     pledge_=pledge(time_zone="America/New_York", week_start="sunday"),
     sessions=[s("r1", "e1", "2026-03-14T23:30:00-04:00", 60)],
     period={"first": "2026-W11-sun", "last": "2026-W11-sun"})

case("rounding_increment", "59 minutes rounded down to quarter hours credit 45",
     {"learners[e1].weeks[2026-W10].credited_minutes": 45, "learners[e1].weeks[2026-W10].missing_minutes": 15},
     pledge_=pledge(counting={"rounding_increment_minutes": 15}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 59)], period={"first": "2026-W10", "last": "2026-W10"})

case("self_reported_not_counted", "the pledge does not count self-reported sessions: not creditable",
     {"ledger.fates.not_creditable": 1, "ledger.detail.self_reported_not_counted": 1,
      "learners[e1].weeks[2026-W10].credited_minutes": 0},
     pledge_=pledge(counting={"count_self_reported": False}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60, self_reported=True)],
     period={"first": "2026-W10", "last": "2026-W10"})

TEAMS_ROSTER = [{"learner_id": f"a{i}", "team": "A"} for i in range(5)] + [{"learner_id": f"d{i}", "team": "D"} for i in range(6)] + [{"learner_id": "b1", "team": "B"},
                {"learner_id": "b2", "team": "B"}, {"learner_id": "c1", "team": "C"}]
case("team_suppression", "default disclosure rule (counts rounded to 5, rates from rounded counts, minimum row size 5, no complementary suppression): B (2) and C (1) fold into other, which at 3 learners is withheld and published as 5 learners; A (5) and D (6, published as 5) are shown, their counts rounded: A has 5 eligible learner-weeks and 0 met",
     {"teams[A].learners": 5, "teams[A].suppressed": False, "teams[A].eligible_learner_weeks": 5, "teams[A].met_learner_weeks": 0,
      "teams[A].learner_week_rate": 0.0, "teams[D].suppressed": False, "teams[D].learners": 5, "teams[D].eligible_learner_weeks": 5,
      "teams[other].suppressed": True, "teams[other].teams_folded": 2, "teams[other].learners": 5, "teams[other].learner_week_rate": "absent"},
     roster=TEAMS_ROSTER, period={"first": "2026-W10", "last": "2026-W10"})

case("team_suppression_exact", "the exact rule (options.team_disclosure exact): B (2) and C (1) fold into other, which at 3 learners is withheld; A (5) would give other back by subtraction from the totals, so it is withheld too (complementary suppression); D (6) is shown",
     {"teams[A].learners": 5, "teams[A].suppressed": True, "teams[A].learner_week_rate": "absent",
      "teams[D].suppressed": False, "teams[D].learners": 6, "teams[other].suppressed": True,
      "teams[other].teams_folded": 2, "teams[other].learners": 3, "teams[other].learner_week_rate": "absent"},
     roster=TEAMS_ROSTER, period={"first": "2026-W10", "last": "2026-W10"}, options={"team_disclosure": "exact"})

case("detail_teams", "options.detail teams: no per-learner rows, no forecast learners, unknown learner ids counted (2 records of x9) but not listed; organisation figures and the team table stay",
     {"detail": "teams", "learners": [], "ledger.unknown_learners": [], "ledger.unknown_learners_not_listed": 2,
      "ledger.fates.unknown_learner": 2, "metrics.met_learner_weeks": 1},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60), s("r2", "x9", "2026-03-03T09:00:00Z", 60), s("r3", "x9", "2026-03-04T09:00:00Z", 60)],
     period={"first": "2026-W10", "last": "2026-W10"}, options={"detail": "teams"})

case("grace_weeks", "one grace week: a starter on Monday 2 March is exempt in W10 and owes 60 in W11",
     {"learners[a].weeks[2026-W10].status": "exempt", "learners[a].weeks[2026-W10].reason": "grace_period",
      "learners[a].weeks[2026-W11].required_minutes": 60},
     pledge_=pledge(grace_weeks=1), roster=[{"learner_id": "a", "start_date": "2026-03-02"}])

case("partial_week_threshold", "weeks with under 3 available days are exempt: a Thursday joiner (2 days) is exempt; full weeks owe 60",
     {"learners[a].weeks[2026-W10].status": "exempt", "learners[a].weeks[2026-W10].reason": "below_partial_week_threshold",
      "learners[a].weeks[2026-W11].required_minutes": 60},
     pledge_=pledge(partial_weeks={"rule": "exempt_below", "working_days": 3}),
     roster=[{"learner_id": "a", "start_date": "2026-03-05"}])

case("participation_target", "a participation target: 2 of 3 learners learned something (0.666667 < 0.8)",
     {"criteria[participation_rate].passed": False, "criteria[participation_rate].numerator": 2,
      "criteria[participation_rate].denominator": 3, "metrics.participation_rate": 0.666667, "verdict": "not_met"},
     pledge_=pledge(target={"learner_week_rate": None, "participation_rate": 0.8}),
     roster=[{"learner_id": x} for x in "abc"],
     sessions=[s("r1", "a", "2026-03-03T09:00:00Z", 10), s("r2", "b", "2026-03-03T09:00:00Z", 60)],
     period={"first": "2026-W10", "last": "2026-W10"})

case("lord_howe_half_hour_shift", "Lord Howe ends DST on Sunday 5 April 2026 (+11 -> +10:30): W14 lasts 168.5 hours, ending Monday 00:00 +10:30 = Sunday 13:30Z",
     {"period.ends_at": "2026-04-05T13:30:00+00:00", "learners[e1].weeks[2026-W14].credited_minutes": 60},
     pledge_=pledge(time_zone="Australia/Lord_Howe"),
     sessions=[s("r1", "e1", "2026-04-05T12:30:00Z", 60)], period={"first": "2026-W14", "last": "2026-W14"})

case("participation_counts_closed_weeks", "participation, like every criterion, counts closed weeks: learning in the open week W11 does not make W10's non-learner a participant",
     {"verdict": "at_risk", "criteria[participation_rate].numerator": 0, "criteria[participation_rate].denominator": 1,
      "learners[e1].credited_minutes": 60},
     pledge_=pledge(target={"learner_week_rate": None, "participation_rate": 1.0}),
     sessions=[s("r1", "e1", "2026-03-10T09:00:00Z", 60)], as_of="2026-03-11T12:00:00Z")

case("carry_forward_resets_when_not_employed", "learning before the start date is no surplus: the bank empties in a not-employed week, so W11 is short",
     {"learners[e1].weeks[2026-W10].status": "not_employed", "learners[e1].weeks[2026-W11].carried_in_minutes": 0,
      "learners[e1].weeks[2026-W11].status": "short"},
     pledge_=pledge(counting={"carry_forward_cap_minutes": 60}), roster=[{"learner_id": "e1", "start_date": "2026-03-09"}],
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 120)])

case("carry_forward_cap_of_receiving_week", "a version lowering the carry-forward cap from 120 to 30 limits what flows into its first week",
     {"learners[e1].weeks[2026-W11].carried_in_minutes": 30, "learners[e1].weeks[2026-W11].status": "short",
      "learners[e1].weeks[2026-W11].missing_minutes": 30},
     pledge_=pledge(counting={"carry_forward_cap_minutes": 120},
                    versions=[{"effective_from": "2026-W11", "counting": {"carry_forward_cap_minutes": 30}}]),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 180)])

case("running_still_needed", "as of W13, W10 is met and W11-W12 are not: 4 of 5 learner-weeks are needed, 3 more with 2 left: out of reach",
     {"verdict": "at_risk", "forecast.met_learner_weeks_needed": 4, "forecast.met_learner_weeks_still_needed": 3,
      "forecast.remaining_learner_weeks": 2, "forecast.reachable": False},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60)], period={"first": "2026-W10", "last": "2026-W14"},
     as_of="2026-03-23T00:00:00Z")

# Case field/workday-40h-fulltime: a 40-hour organisation, hours-only roster rows.
for mode in ("fte", "contracted_hours"):
    case("full_time_hours_" + mode, "pro_rata " + mode + " with full_time_hours 40: w1's 20 hours are half time, so w1 owes 60 x 20/40 = 30 minutes and meets W10 with 30 (it owed 32, from 20/37.5, under fte); w2 works 40 hours, owes 60 and learns nothing",
         {"learners[w1].weeks[2026-W10].required_minutes": 30, "learners[w1].weeks[2026-W10].status": "met",
          "learners[w2].weeks[2026-W10].required_minutes": 60, "learners[w2].weeks[2026-W10].status": "short",
          "metrics.met_learner_weeks": 1, "metrics.eligible_learner_weeks": 2},
         pledge_={"schema_version": 1, "organisation": {"id": "acme-us", "name": "Acme Inc"}, "time_zone": "America/Chicago",
                  "minutes_per_week": 60, "pro_rata": mode, "full_time_hours": 40, "target": {"learner_week_rate": 0.8}},
         roster=[{"learner_id": "w1", "start_date": "2020-01-01", "contracted_hours": 20, "team": "Ops"},
                 {"learner_id": "w2", "start_date": "2020-01-01", "contracted_hours": 40, "team": "Ops"}],
         sessions=[s("r1", "w1", "2026-03-03T10:00:00-06:00", 30, activity="course")],
         period={"first": "2026-W10", "last": "2026-W10"}, as_of="2026-03-10T00:00:00-05:00")

# --- Issue 15: rules that keep their word. Inputs copied from
# shared/cases/rules/<name>/ (UTC, team `t`); expectations are the hand
# computations in each case's expected.md.

def upledge(**kw):
    p = {"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "UTC"}
    p.update(kw)
    return p

def span(rid, learner, start, end, activity="course"):
    return {"record_id": rid, "learner_id": learner, "start": start, "end": end, "activity": activity}

A = [{"learner_id": "A", "team": "t"}]

case("carry_forward_capped_by_receiving_week_only",
     "rules case carry-forward-capped-by-earning-week: W10 has no carry-forward and banks 200 + 0 - 60 = 140; W11's version caps what flows in at 60, so W11 is met by carry (min(140, 60) = 60) and the rate is 2 of 2",
     {"learners[A].weeks[2026-W10].status": "met", "learners[A].weeks[2026-W11].carried_in_minutes": 60,
      "learners[A].weeks[2026-W11].credited_minutes": 0, "learners[A].weeks[2026-W11].status": "met",
      "metrics.met_learner_weeks": 2, "metrics.learner_week_rate": 1.0, "verdict": "met"},
     pledge_=upledge(target={"learner_week_rate": 0.8},
                     versions=[{"effective_from": "2026-W11", "counting": {"carry_forward_cap_minutes": 60}}]),
     roster=A, sessions=[span("a1", "A", "2026-03-03T09:00:00Z", "2026-03-03T12:20:00Z")])

case("carry_forward_cap_raised_by_version",
     "rules case carry-forward-capped-by-earning-week, variant pledge-cap-raised: W10's cap 30 does not limit the bank; W11's cap 120 lets min(140, 120) = 120 flow in",
     {"learners[A].weeks[2026-W11].carried_in_minutes": 120, "learners[A].weeks[2026-W11].status": "met",
      "verdict": "met"},
     pledge_=upledge(counting={"carry_forward_cap_minutes": 30}, target={"learner_week_rate": 0.8},
                     versions=[{"effective_from": "2026-W11", "counting": {"carry_forward_cap_minutes": 120}}]),
     roster=A, sessions=[span("a1", "A", "2026-03-03T09:00:00Z", "2026-03-03T12:20:00Z")])

FT_ROSTER = [{"learner_id": "A", "contracted_hours": 20, "team": "t"},
             {"learner_id": "B", "contracted_hours": 40, "team": "t"}]
FT_SESSIONS = [span("a1", "A", "2026-03-10T09:00:00Z", "2026-03-10T09:30:00Z"),
               span("b1", "B", "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z")]

case("full_time_hours_inherited_across_versions",
     "rules case full-time-hours-lost-across-versions: full_time_hours 40 is named under pro_rata none and inherited by the W11 version that switches to contracted_hours: A owes 60 x 20/40 = 30 and meets it; 2 of 4 = 0.5 meets 0.5",
     {"learners[A].weeks[2026-W10].required_minutes": 60, "learners[A].weeks[2026-W11].required_minutes": 30,
      "learners[A].weeks[2026-W11].status": "met", "learners[B].weeks[2026-W11].required_minutes": 60,
      "learners[B].weeks[2026-W11].status": "met", "metrics.met_learner_weeks": 2, "verdict": "met"},
     pledge_=upledge(pro_rata="none", full_time_hours=40, target={"learner_week_rate": 0.5},
                     versions=[{"effective_from": "2026-W11", "pro_rata": "contracted_hours"}]),
     roster=FT_ROSTER, sessions=FT_SESSIONS)

case("full_time_hours_inherited_from_fte_version",
     "rules case full-time-hours-lost-across-versions, variant pledge-fte-first: under fte, contracted hours scale over full_time_hours too (issue 11 item 7, case workday-40h-fulltime: A owes 60 x 20/40 = 30 in W10, not 32 from 37.5); the W11 contracted_hours version inherits full_time_hours 40, so A owes 30",
     {"learners[A].weeks[2026-W10].required_minutes": 30, "learners[A].weeks[2026-W11].required_minutes": 30,
      "learners[A].weeks[2026-W11].status": "met", "verdict": "met"},
     pledge_=upledge(pro_rata="fte", full_time_hours=40, target={"learner_week_rate": 0.5},
                     versions=[{"effective_from": "2026-W11", "pro_rata": "contracted_hours"}]),
     roster=FT_ROSTER, sessions=FT_SESSIONS)

FC_AS_OF = "2026-03-10T12:00:00Z"
case("forecast_rate_null_when_nothing_remains",
     "rules case forecast-rate-zero-denominator: W10 closed and met, open W11 already met; 0 unmet open learner-weeks remain, so the rate they must reach is 0/0: null, like every rate over 0",
     {"verdict": "on_track", "forecast.remaining_learner_weeks": 0, "forecast.met_learner_weeks_still_needed": 0,
      "forecast.required_rate_remaining": None, "forecast.reachable": True},
     pledge_=upledge(target={"learner_week_rate": 0.8}), roster=A,
     sessions=[span("a1", "A", "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z"),
               span("a2", "A", "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")], as_of=FC_AS_OF)

case("forecast_rate_null_when_out_of_reach",
     "rules case forecast-rate-zero-denominator, variant sessions-w10-missed: W10 short, W11 met; ceil(0.8 x 2) = 2 needed, 1 still needed, 0 remaining: null rate, not reachable, at_risk",
     {"verdict": "at_risk", "forecast.remaining_learner_weeks": 0, "forecast.met_learner_weeks_still_needed": 1,
      "forecast.required_rate_remaining": None, "forecast.reachable": False},
     pledge_=upledge(target={"learner_week_rate": 0.8}), roster=A,
     sessions=[span("a2", "A", "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")], as_of=FC_AS_OF)

# Case field/record-id-reused-across-learners (issue 11 item 7): an id is one record within its
# source system, so the same id for two learners is one record, not two.
L3 = [{"learner_id": "L001"}, {"learner_id": "L002"}, {"learner_id": "L003"}]
case("record_id_reused_across_learners",
     "S1 is used by L001 (2 March 09:00) and L003 (4 March 11:00): an export fault, one record. The first use (earliest start) keeps it: L001 is credited 30; L003's record is a duplicate, counted in ids_reused_across_learners, and credits nothing",
     {"ledger.records_read": 3, "ledger.fates.credited": 2, "ledger.fates.duplicate": 1,
      "ledger.detail.ids_reused_across_learners": 1, "ledger.detail.conflicting_ids": 0,
      "learners[L001].weeks[2026-W10].credited_minutes": 30, "learners[L002].weeks[2026-W10].credited_minutes": 45,
      "learners[L003].weeks[2026-W10].credited_minutes": 0},
     roster=L3,
     sessions=[s("S1", "L001", "2026-03-02T09:00:00Z", 30), s("S2", "L002", "2026-03-02T10:00:00Z", 45, activity="course"),
               s("S1", "L003", "2026-03-04T11:00:00Z", 20, activity="webinar")],
     period={"first": "2026-W10", "last": "2026-W10"})

case("record_id_unique_per_source",
     "the same id S1 from two source systems is two records (uniqueness is per (source, record_id)): L001 and L003 are both credited",
     {"ledger.fates.credited": 3, "ledger.fates.duplicate": 0, "ledger.detail.ids_reused_across_learners": 0,
      "learners[L003].weeks[2026-W10].credited_minutes": 20},
     roster=L3,
     sessions=[s("S1", "L001", "2026-03-02T09:00:00Z", 30, source="lms-a"), s("S2", "L002", "2026-03-02T10:00:00Z", 45, activity="course"),
               s("S1", "L003", "2026-03-04T11:00:00Z", 20, activity="webinar", source="lms-b")],
     period={"first": "2026-W10", "last": "2026-W10"})

case("zero_minimum_session_means_none",
     "rules case zero-caps-schema-mismatch: `minimum_session_minutes: 0`, which the schema allows, means no minimum: the 60-minute session is credited and W10 is met",
     {"learners[A].weeks[2026-W10].credited_minutes": 60, "learners[A].weeks[2026-W10].status": "met",
      "ledger.fates.credited": 1, "ledger.detail.too_short": 0, "verdict": "met"},
     pledge_=upledge(counting={"minimum_session_minutes": 0}), roster=A,
     sessions=[span("a1", "A", "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z")],
     period={"first": "2026-W10", "last": "2026-W10"})

case("zero_removes_a_cap_in_a_later_version",
     "a later version names `per_session_cap_minutes: 0` to remove the 30-minute cap of the version before: a 60-minute session credits 30 in W10 and 60 in W11",
     {"learners[A].weeks[2026-W10].credited_minutes": 30, "learners[A].weeks[2026-W10].status": "short",
      "learners[A].weeks[2026-W11].credited_minutes": 60, "learners[A].weeks[2026-W11].status": "met",
      "ledger.detail.capped": 1},
     pledge_=upledge(counting={"per_session_cap_minutes": 30},
                     versions=[{"effective_from": "2026-W11", "counting": {"per_session_cap_minutes": 0}}]),
     roster=A, sessions=[span("a1", "A", "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z"),
                         span("a2", "A", "2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z")])

# --- Issue 15 item 5: ambiguities settled in docs/rules.md, one case each.

case("hours_above_full_time_capped_under_fte",
     "settled: contracted hours above full time owe the full minutes under either rule. Under fte, 45 contracted hours scale over 37.5 and are capped at 1: 60, not 72; under contracted_hours (full time 40, from W11) 45 hours owe 60 too",
     {"learners[A].weeks[2026-W10].required_minutes": 60, "learners[A].weeks[2026-W11].required_minutes": 60},
     pledge_=upledge(pro_rata="fte",
                     versions=[{"effective_from": "2026-W11", "pro_rata": "contracted_hours", "full_time_hours": 40}]),
     roster=[{"learner_id": "A", "contracted_hours": 45, "team": "t"}])

case("record_across_versions_uses_starting_weeks_limits",
     "settled: minimum session and per-session cap come from the version of the week the record starts in, for the whole record. A (W10 cap 30; W11 cap removed) learns 120 minutes from Sunday 23:00: capped to 30, all in W10. B (W11 minimum 90) learns 30 minutes from Sunday 23:45: W10's version has no minimum, so 15 + 15 are credited",
     {"learners[A].weeks[2026-W10].credited_minutes": 30, "learners[A].weeks[2026-W11].credited_minutes": 0,
      "learners[B].weeks[2026-W10].credited_minutes": 15, "learners[B].weeks[2026-W11].credited_minutes": 15,
      "ledger.detail.capped": 1, "ledger.detail.too_short": 0},
     pledge_=upledge(counting={"per_session_cap_minutes": 30},
                     versions=[{"effective_from": "2026-W11",
                                "counting": {"per_session_cap_minutes": 0, "minimum_session_minutes": 90}}]),
     roster=[{"learner_id": "A", "team": "t"}, {"learner_id": "B", "team": "t"}],
     sessions=[span("a1", "A", "2026-03-08T23:00:00Z", "2026-03-09T01:00:00Z"),
               span("b1", "B", "2026-03-08T23:45:00Z", "2026-03-09T00:15:00Z")])

case("grace_weeks_of_the_judged_week",
     "settled: each week's grace is decided by the version judging that week, counting from the start date's week. A starts Monday 2 March (W10); W10's version gives 2 grace weeks, W11's gives none: W10 is exempt (grace_period), W11 owes 60",
     {"learners[A].weeks[2026-W10].status": "exempt", "learners[A].weeks[2026-W10].reason": "grace_period",
      "learners[A].weeks[2026-W11].status": "short", "learners[A].weeks[2026-W11].required_minutes": 60},
     pledge_=upledge(grace_weeks=2, versions=[{"effective_from": "2026-W11", "grace_weeks": 0}]),
     roster=[{"learner_id": "A", "start_date": "2026-03-02", "team": "t"}])

case("grace_weeks_granted_by_a_later_version",
     "settled: a version from W11 giving 2 grace weeks exempts W11 for a learner who started in W10 (week 2 of employment), though W10's version gave none",
     {"learners[A].weeks[2026-W10].status": "short", "learners[A].weeks[2026-W11].status": "exempt",
      "learners[A].weeks[2026-W11].reason": "grace_period"},
     pledge_=upledge(versions=[{"effective_from": "2026-W11", "grace_weeks": 2}]),
     roster=[{"learner_id": "A", "start_date": "2026-03-02", "team": "t"}])

case("participation_counts_credit_in_any_closed_week",
     "settled: participation counts credited minutes in the closed weeks only (an open week's learning does not count), but in any closed week, exempt ones included. A learns 30 minutes in W10 while on leave (exempt) and nothing in W11: A is participating. B learns only in the open W12: B is not",
     {"learners[A].weeks[2026-W10].status": "exempt", "learners[A].weeks[2026-W10].credited_minutes": 30,
      "metrics.learners_eligible": 2, "metrics.learners_participating": 1, "metrics.participation_rate": 0.5},
     pledge_=upledge(target={"learner_week_rate": 0.8, "participation_rate": 0.5}),
     roster=[{"learner_id": "A", "team": "t"}, {"learner_id": "B", "team": "t"}],
     leave=[{"learner_id": "A", "from": "2026-03-02", "to": "2026-03-06", "kind": "annual"}],
     sessions=[span("a1", "A", "2026-03-03T09:00:00Z", "2026-03-03T09:30:00Z"),
               span("b1", "B", "2026-03-17T09:00:00Z", "2026-03-17T10:00:00Z")],
     period={"first": "2026-W10", "last": "2026-W12"}, as_of="2026-03-18T12:00:00Z")

case("running_period_with_only_open_eligible_weeks",
     "settled: in a running period, insufficient_data needs no eligible learner-week in open weeks either. W10 (closed) is exempt (leave), W11 is open and eligible: the verdict is on_track (1 met learner-week needed, 1 remaining), not insufficient_data",
     {"verdict": "on_track", "metrics.eligible_learner_weeks": 0, "forecast.met_learner_weeks_needed": 1,
      "forecast.remaining_learner_weeks": 1, "forecast.required_rate_remaining": 1.0,
      "criteria[learner_week_rate].passed": None},
     pledge_=upledge(), roster=A,
     leave=[{"learner_id": "A", "from": "2026-03-02", "to": "2026-03-06", "kind": "annual"}],
     as_of="2026-03-10T12:00:00Z")

case("exemption_reason_for_leave_and_holidays",
     "settled: a week lost to a mix of leave and holidays is exempt `on_leave` when leave alone takes any working day; `public_holidays` when holidays take every working day (leave on a holiday is a holiday). Holidays: W10 Mon-Wed, all of W11. A on leave W10 Thu-Fri: on_leave; B on leave W11 Mon-Tue: public_holidays, and W10 owes 60 x 2/5 = 24",
     {"learners[A].weeks[2026-W10].reason": "on_leave", "learners[A].weeks[2026-W11].reason": "public_holidays",
      "learners[B].weeks[2026-W11].reason": "public_holidays", "learners[B].weeks[2026-W10].required_minutes": 24,
      "learners[B].weeks[2026-W10].status": "short"},
     pledge_=upledge(holidays=["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-09", "2026-03-10",
                               "2026-03-11", "2026-03-12", "2026-03-13"]),
     roster=[{"learner_id": "A", "team": "t"}, {"learner_id": "B", "team": "t"}],
     leave=[{"learner_id": "A", "from": "2026-03-05", "to": "2026-03-06", "kind": "annual"},
            {"learner_id": "B", "from": "2026-03-09", "to": "2026-03-10", "kind": "annual"}])

case("no_credit_all_outside_period",
     "trust: every record lies outside the period, so the data cannot support a verdict: insufficient_data with the cause, never a confident not_met",
     {"verdict": "insufficient_data", "ledger.fates.outside_period": 2, "ledger.fates.credited": 0,
      "explanation": "no record earns credit, so the data cannot support a verdict: of 2 records read, 2 outside the period"},
     sessions=[s("r1", "e1", "2025-11-03T09:00:00Z", 60), s("r2", "e1", "2025-11-10T09:00:00Z", 60)])

case("no_credit_unknown_and_rejected",
     "trust: the only records are of a learner not on the roster (ids in another case) and one past as_of: insufficient_data naming both causes",
     {"verdict": "insufficient_data", "ledger.fates.unknown_learner": 2, "ledger.fates.rejected": 1,
      "explanation": "no record earns credit, so the data cannot support a verdict: of 3 records read, 2 by learners not on the roster, 1 rejected"},
     sessions=[s("r1", "E1", "2026-03-03T09:00:00Z", 60), s("r2", "E1", "2026-03-10T09:00:00Z", 60),
               s("r3", "e1", "2026-03-20T09:00:00Z", 60)],
     as_of="2026-03-16T00:00:00Z")

case("no_credit_but_not_creditable_keeps_the_verdict",
     "trust: a record the pledge does not credit (kind excluded) is a judgement, not a data fault: the verdict stays not_met",
     {"verdict": "not_met", "ledger.fates.not_creditable": 1, "ledger.fates.outside_period": 1},
     pledge_=pledge(counting={"creditable_activities": ["course"]}),
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 60), s("r2", "e1", "2025-11-10T09:00:00Z", 60)])

os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
# Time-spent totals (docs/rules.md "Time-spent totals"): a total credits the
# week holding its date; a week with both totals and sessions is credited the
# larger of the two accounts, never their sum.
case("totals_only", "No sessions: a 60-minute day total on Tuesday 3 March meets W10; a 30-minute week total for 2026-W11 leaves W11 short by 30; rate 0.5",
     {"verdict": "not_met", "learners[e1].weeks[2026-W10].credited_minutes": 60,
      "learners[e1].weeks[2026-W10].status": "met", "learners[e1].weeks[2026-W11].credited_minutes": 30,
      "learners[e1].weeks[2026-W11].missing_minutes": 30, "ledger.fates.credited": 2,
      "ledger.detail.time_totals": 2, "ledger.detail.totals_within_sessions_minutes": "absent"},
     time_totals=[t("t1", "e1", 60, date="2026-03-03"), t("t2", "e1", 30, week="2026-W11")])

case("totals_and_sessions_the_larger_not_the_sum", "W10 holds 45 session minutes and a 60-minute day total: 60 (not 105); W11 holds 90 session minutes and a 30-minute week total: 90 (not 120); the smaller accounts, 45 + 30 = 75 minutes, are counted once",
     {"verdict": "met", "learners[e1].weeks[2026-W10].credited_minutes": 60,
      "learners[e1].weeks[2026-W11].credited_minutes": 90, "ledger.fates.credited": 4,
      "ledger.detail.time_totals": 2, "ledger.detail.totals_within_sessions_minutes": 75,
      "metrics.credited_minutes": 150},
     sessions=[s("r1", "e1", "2026-03-03T09:00:00Z", 45), s("r2", "e1", "2026-03-10T09:00:00Z", 90)],
     time_totals=[t("t1", "e1", 60, date="2026-03-03"), t("t2", "e1", 30, week="2026-W11")])

case("totals_outside_the_period", "A day total in W09 and a week total for W12 are outside W10-W11; the W10 day total counts, and its repeat (same id) is a duplicate: W10 gets 20 minutes",
     {"ledger.records_read": 4, "ledger.fates.outside_period": 2, "ledger.fates.credited": 1,
      "ledger.fates.duplicate": 1, "ledger.detail.duplicate_ids": 1,
      "learners[e1].weeks[2026-W10].credited_minutes": 20, "learners[e1].weeks[2026-W11].credited_minutes": 0},
     time_totals=[t("t1", "e1", 60, date="2026-02-24"), t("t2", "e1", 60, week="2026-W12"),
                  t("t3", "e1", 20, date="2026-03-04"), t("t3", "e1", 20, date="2026-03-04")])

case("totals_daily_cap", "Two day totals of 30 minutes on one day under a 40-minute daily cap credit 40; the 20 removed are counted in daily_cap_minutes",
     {"learners[e1].weeks[2026-W10].credited_minutes": 40, "ledger.detail.daily_cap_minutes": 20,
      "ledger.fates.credited": 2},
     pledge_=pledge(counting={"daily_cap_minutes": 40}),
     time_totals=[t("t1", "e1", 30, date="2026-03-05"), t("t2", "e1", 30, date="2026-03-05")])

for name, body in cases.items():
    with open(os.path.join(HERE, "cases", name + ".json"), "w") as f:
        json.dump(body, f, indent=2)
        f.write("\n")
print(len(cases), "cases")
