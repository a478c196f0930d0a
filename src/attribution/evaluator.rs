//! The evaluator: everything that depends only on the case, the state and the as-of date is
//! computed once (the state's organs, the ties from its organs indexed by group, front names
//! indexed by front, each source's independence key), then each event is evaluated for each of
//! its candidates, and per standard the strongest case heads.
//!
//! [`Evaluator::verdicts`] gives only the headline verdicts (what the timeline colours and the
//! overview counts need) without building any text; [`Evaluator::evaluate_all`] gives the full,
//! explained findings. Both rest on the same weighed assessment, so they always agree.
//!
//! Speed on this 2-core machine (`cargo bench --bench verdicts`, medians of 3, one process):
//! for 1M synthetic events each with two graded items, the explained findings take 71 s on one
//! core, [`Evaluator::verdicts`] 3.1 s and [`Evaluator::verdicts_all`] (rayon) 1.8 s; 100k
//! events: 6.8 s / 0.32 s / 0.17 s. On the plain synthetic case without evidence that
//! `benches/timeline.rs` times, 1M events take 1.3 s (the counting engine took 24.1 s there).

use std::collections::{HashMap, HashSet};

use super::assess::{self, Item};
use super::{Finding, Standard, Verdict, finding};
use crate::graph;
use crate::model::{Case, Event, EventCategory, Evidence, Grade, PartialDate};

/// Above this many assessed perpetrators, an event's scope keeps them in a set (a scan per
/// candidate was quadratic with 100,000 perpetrators).
const PERPETRATOR_SET_FROM: usize = 16;

/// What one event's evaluation is scoped to.
#[derive(Clone, Debug)]
pub(super) struct Scope<'a> {
    /// The event.
    pub event: &'a Event,
    /// The evidence bar.
    pub bar: Grade,
    /// The event's first day (ties must hold on it).
    pub day: i32,
    /// The event lies after the as-of date.
    pub after_as_of: bool,
    /// The assessed perpetrators, when there are many (else empty: see [`Self::is_assessed`]).
    perpetrators: HashSet<&'a str>,
}

impl Scope<'_> {
    /// Whether the case assesses this actor as a perpetrator of the event.
    pub fn is_assessed(&self, actor: &str) -> bool {
        if self.event.perpetrators.len() > PERPETRATOR_SET_FROM {
            self.perpetrators.contains(actor)
        } else {
            self.event.perpetrators.iter().any(|p| p == actor)
        }
    }
}

/// Evaluates the standards of attribution for one state over any number of events, optionally
/// as known on a date.
#[derive(Clone, Debug)]
pub struct Evaluator<'a> {
    pub(super) case: &'a Case,
    pub(super) state: &'a str,
    pub(super) organs: HashSet<&'a str>,
    /// Last day known (inclusive), when evaluating as known on a date.
    as_of: Option<PartialDate>,
    /// Ties whose `from` is one of the organs, by `to`.
    ties_to: HashMap<&'a str, Vec<usize>>,
    /// Front-name ties by front.
    fronts: HashMap<&'a str, Vec<usize>>,
    /// Independence key per source id: its address when it has one, else its id.
    source_keys: HashMap<&'a str, &'a str>,
    /// Official attributions by event id (a scan per event was quadratic in a case with as
    /// many attributions as events, as an import can make).
    attributions: HashMap<&'a str, Vec<usize>>,
    /// Chains of ties from the state (each searched once, through its target's ancestors).
    pub(super) chains: graph::ChainFinder<'a>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for `state` in `case`, with everything known.
    #[must_use]
    pub fn new(case: &'a Case, state: &'a str) -> Self {
        let organs = graph::organs(case, state);
        let mut ties_to: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut fronts: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, t) in case.ties.iter().enumerate() {
            if organs.contains(t.from.as_str()) {
                ties_to.entry(t.to.as_str()).or_default().push(i);
            }
            if t.kind == crate::model::TieKind::FrontFor {
                fronts.entry(t.from.as_str()).or_default().push(i);
            }
        }
        let source_keys = case
            .sources
            .iter()
            .map(|s| (s.id.as_str(), s.url.as_deref().unwrap_or(s.id.as_str())))
            .collect();
        let mut attributions: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in case.attributions.iter().enumerate() {
            attributions.entry(a.event.as_str()).or_default().push(i);
        }
        Self {
            case,
            state,
            organs,
            as_of: None,
            ties_to,
            fronts,
            source_keys,
            attributions,
            chains: graph::ChainFinder::new(case),
        }
    }

    /// The official attributions of an event, in case order.
    fn attributions_of(&self, event: &str) -> impl Iterator<Item = &'a crate::model::Attribution> {
        let case = self.case;
        self.attributions
            .get(event)
            .into_iter()
            .flatten()
            .map(move |&i| &case.attributions[i])
    }

    /// The same evaluator, evaluating as known on `date` (everything when `None`).
    #[must_use]
    pub fn as_of(mut self, date: Option<PartialDate>) -> Self {
        self.as_of = date;
        self
    }

    /// The as-of date, if any.
    #[must_use]
    pub fn as_of_date(&self) -> Option<PartialDate> {
        self.as_of
    }

    /// The candidate state.
    #[must_use]
    pub fn state(&self) -> &'a str {
        self.state
    }

    fn known(&self, day: i32) -> bool {
        self.as_of.is_none_or(|d| day <= d.last_day())
    }

    pub(super) fn scope(&self, event: &'a Event, bar: Grade) -> Scope<'a> {
        Scope {
            event,
            bar,
            day: event.first_day(),
            after_as_of: !self.known(event.first_day()),
            perpetrators: if event.perpetrators.len() > PERPETRATOR_SET_FROM {
                event.perpetrators.iter().map(String::as_str).collect()
            } else {
                HashSet::new()
            },
        }
    }

    /// An evidence item as weighed, or `None` when it was not yet known on the as-of date (an
    /// item without a date is known from the event's date).
    pub(super) fn item(&self, scope: &Scope<'a>, ev: &'a Evidence) -> Option<Item<'a>> {
        let known_from = ev.date.map_or(scope.day, |d| d.first_day());
        if !self.known(known_from) {
            return None;
        }
        let grade = ev.parsed_grade();
        let counted = grade.is_some_and(|g| g.meets(scope.bar));
        let key = ev
            .originator
            .as_deref()
            .or_else(|| {
                ev.sources
                    .first()
                    .map(|s| self.source_keys.get(s.as_str()).copied().unwrap_or(s))
            })
            .unwrap_or(ev.id.as_str());
        let mut item = Item {
            ev,
            grade,
            counted,
            weight: 0.0,
            key,
            listed_only: false,
        };
        if let Some(g) = grade {
            item.weight = item.weight_at(g, scope.bar);
        }
        Some(item)
    }

    /// Ties from the state's organs to the candidate's names, of the kinds, holding on the
    /// event's date and known on the as-of date.
    pub(super) fn ties(
        &self,
        scope: &Scope<'a>,
        names: &[&'a str],
        kinds: &[crate::model::TieKind],
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for name in names {
            for &i in self.ties_to.get(name).into_iter().flatten() {
                let t = &self.case.ties[i];
                let known = t.start.is_none_or(|s| self.known(s.first_day()));
                if kinds.contains(&t.kind) && t.valid_on(scope.day) && known && !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }

    /// The known evidence of some ties.
    pub(super) fn tie_items<'s>(
        &'s self,
        scope: &'s Scope<'a>,
        ties: &'s [usize],
    ) -> impl Iterator<Item = Item<'a>> + 's {
        ties.iter().flat_map(move |&i| {
            self.case.ties[i]
                .evidence
                .iter()
                .filter_map(move |e| self.item(scope, e))
        })
    }

    /// The candidates of an event known on the as-of date, each with the names it acted under
    /// (see [`super::candidates`]): assessed perpetrators, claimants (claims dated after the
    /// as-of date left out) and the actors named by official attributions made by then.
    pub(super) fn candidates(&self, scope: &Scope<'a>) -> Vec<Vec<&'a str>> {
        if scope.event.kind.category() == EventCategory::LegalAct {
            return Vec::new();
        }
        let fronts_of = |p: &'a str| {
            self.fronts
                .get(p)
                .into_iter()
                .flatten()
                .map(|&i| &self.case.ties[i])
        };
        super::named_candidates(
            scope.event,
            self.attributions_of(&scope.event.id),
            |day| self.known(day),
            fronts_of,
        )
    }

    /// The candidates of the event, or one empty candidate when it has none (so every
    /// standard still has a finding to report).
    fn candidates_or_none(&self, scope: &Scope<'a>) -> Vec<Vec<&'a str>> {
        let mut candidates = self.candidates(scope);
        if candidates.is_empty() {
            candidates.push(Vec::new());
        }
        candidates
    }

    /// The headline verdict of one standard, keeping only the strongest assessment so far
    /// (the first of the strongest, as a headline finding picks it, without holding the column).
    fn headline_verdict(
        &self,
        scope: &Scope<'a>,
        candidates: &[Vec<&'a str>],
        standard: Standard,
    ) -> Verdict {
        let mut best: Option<(u8, f32, Verdict)> = None;
        for names in candidates {
            let a = assess::assess(self, scope, names, standard);
            let key = (rank(a.verdict), a.weights().0);
            if best.is_none_or(|(r, w, _)| stronger(key, (r, w))) {
                best = Some((key.0, key.1, a.verdict));
            }
        }
        best.map_or(Verdict::NotApplicable, |(_, _, v)| v)
    }

    /// The headline verdict of every standard for an event, without building any text (what the
    /// timeline colours and the overview counts use).
    #[must_use]
    pub fn verdicts(&self, event: &'a Event, bar: Grade) -> [Verdict; Standard::ALL.len()] {
        let scope = self.scope(event, bar);
        let candidates = self.candidates_or_none(&scope);
        let mut out = [Verdict::NotApplicable; Standard::ALL.len()];
        for (slot, standard) in out.iter_mut().zip(Standard::ALL) {
            *slot = self.headline_verdict(&scope, &candidates, standard);
        }
        out
    }

    /// The headline verdicts of many events, evaluated on all cores (what colouring a large
    /// case needs); the same as [`Self::verdicts`] for each event, in order.
    #[must_use]
    pub fn verdicts_all(
        &self,
        events: &'a [Event],
        bar: Grade,
    ) -> Vec<[Verdict; Standard::ALL.len()]> {
        use rayon::prelude::*;
        events
            .par_iter()
            .with_min_len(1024)
            .map(|e| self.verdicts(e, bar))
            .collect()
    }

    /// Evaluates one standard for an event at an evidence bar: the headline finding (the
    /// candidate with the strongest case), with the other candidates' findings inside it.
    #[must_use]
    pub fn evaluate(&self, event: &'a Event, standard: Standard, bar: Grade) -> Finding {
        let scope = self.scope(event, bar);
        let candidates = self.candidates_or_none(&scope);
        self.headline(&scope, &candidates, standard)
    }

    /// The headline finding of one standard over the candidates (see [`finding::headline`]).
    fn headline(
        &self,
        scope: &Scope<'a>,
        candidates: &[Vec<&'a str>],
        standard: Standard,
    ) -> Finding {
        finding::headline(self, scope, candidates.len(), |i| {
            let names = candidates.get(i).map_or(&[][..], Vec::as_slice);
            assess::assess(self, scope, names, standard)
        })
    }

    /// Evaluates every standard, in [`Standard::ALL`] order, for an event at an evidence bar
    /// (each a headline finding, see [`Self::evaluate`]). One standard is weighed at a time, so
    /// memory grows with the candidates, not with candidates times standards.
    #[must_use]
    pub fn evaluate_all(&self, event: &'a Event, bar: Grade) -> Vec<Finding> {
        let scope = self.scope(event, bar);
        let candidates = self.candidates_or_none(&scope);
        Standard::ALL
            .iter()
            .map(|s| self.headline(&scope, &candidates, *s))
            .collect()
    }

    /// The first date on which the event's headline verdict under `standard` is met, as known
    /// then (trying the event's date and every later date on which an item, claim, attribution
    /// or tie bearing on it became known); `None` when it is never met on what the case holds.
    #[must_use]
    pub fn first_met(
        &self,
        event: &'a Event,
        standard: Standard,
        bar: Grade,
    ) -> Option<PartialDate> {
        let mut dates: Vec<PartialDate> = vec![event.date];
        let ev_dates = event
            .evidence
            .iter()
            .chain(&self.case.evidence)
            .filter_map(|e| e.date);
        dates.extend(ev_dates);
        dates.extend(event.claims.iter().filter_map(|c| c.date));
        dates.extend(self.attributions_of(&event.id).map(|a| a.date));
        for t in &self.case.ties {
            dates.extend(t.start);
            dates.extend(t.evidence.iter().filter_map(|e| e.date));
        }
        let from = event.first_day();
        dates.retain(|d| d.last_day() >= from);
        dates.sort_by_key(PartialDate::last_day);
        dates.dedup_by_key(|d| d.last_day());
        dates.into_iter().find(|d| {
            let at = self.clone().as_of(Some(*d));
            let scope = at.scope(event, bar);
            let candidates = at.candidates_or_none(&scope);
            at.headline_verdict(&scope, &candidates, standard) == Verdict::Met
        })
    }
}

/// How strong a verdict is as a case for attributing the event: met, contested, insufficient
/// (not refuted), not met; a standard that does not apply last.
pub(super) fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Met => 4,
        Verdict::Contested => 3,
        Verdict::Insufficient => 2,
        Verdict::NotMet => 1,
        Verdict::NotApplicable => 0,
    }
}

/// Whether a case keyed (verdict rank, deciding weight) is stronger than another: a better
/// verdict, or the same verdict with clearly more weight for its deciding requirement (ties
/// keep the earlier candidate: assessed perpetrators come first).
pub(super) fn stronger(a: (u8, f32), b: (u8, f32)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 > b.1 + 1e-6)
}
