//! Shared topics settle steps across roadmaps: a step whose `topics` are each carried by
//! a step you marked done in *another* roadmap is *covered* ([`Effective::Covered`]).
//!
//! Rules (docs/roadmap-format.md, "Shared topics"):
//! - only steps marked done count as covering; a covered step covers nothing itself, so
//!   coverage never chains and never depends on load order;
//! - a step with no topics is never covered;
//! - a status set explicitly (done, in progress, skipped, or a reset to todo — any stored
//!   status change) wins over coverage; only a step never set follows its counterparts.
//!
//! The index is built once per change of any status (not per frame), from every loaded
//! roadmap's stored statuses; asking whether a step is covered is a hash lookup per topic.
//!
//! [`Effective::Covered`]: super::progress::Effective::Covered

use super::roadmap::{Roadmap, Status};
// hashbrown with its default hasher: lookups by topic are on every start-up path, and
// SipHash was most of their cost.
use hashbrown::HashMap;

/// For each topic, the done steps carrying it: (roadmap index, step index), load order.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    done_by_topic: HashMap<String, Vec<(u32, u32)>>,
}

impl Coverage {
    /// `roadmaps` in load order, each with its stored statuses (missing entries are todo).
    pub fn new<'a>(roadmaps: impl IntoIterator<Item = (&'a Roadmap, &'a [Status])>) -> Coverage {
        let mut done_by_topic: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (r, (roadmap, statuses)) in roadmaps.into_iter().enumerate() {
            for (s, step) in roadmap.steps.iter().enumerate() {
                if statuses.get(s) != Some(&Status::Done) {
                    continue;
                }
                for t in &step.topics {
                    done_by_topic
                        .entry(t.clone())
                        .or_default()
                        .push((r as u32, s as u32));
                }
            }
        }
        Coverage { done_by_topic }
    }

    fn done_elsewhere<'s>(
        &'s self,
        roadmap: usize,
        topic: &str,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        self.done_by_topic
            .get(topic)
            .into_iter()
            .flatten()
            .filter(move |&&(r, _)| r as usize != roadmap)
            .map(|&(r, s)| (r as usize, s as usize))
    }

    /// Whether every one of `topics` is done in a roadmap other than `roadmap`.
    pub fn covers(&self, roadmap: usize, topics: &[String]) -> bool {
        !topics.is_empty()
            && topics
                .iter()
                .all(|t| self.done_elsewhere(roadmap, t).next().is_some())
    }

    /// The done steps of other roadmaps that cover `topics`, each once, in load order;
    /// empty when some topic is not covered.
    pub fn covering(&self, roadmap: usize, topics: &[String]) -> Vec<(usize, usize)> {
        if !self.covers(roadmap, topics) {
            return Vec::new();
        }
        let mut out: Vec<(usize, usize)> = topics
            .iter()
            .flat_map(|t| self.done_elsewhere(roadmap, t))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `covered[i]` for each step of `roadmap` (at index `r`): covered and never set
    /// explicitly (`explicit[i]`; missing entries are not explicit).
    pub fn covered_steps(&self, r: usize, roadmap: &Roadmap, explicit: &[bool]) -> Vec<bool> {
        roadmap
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                !explicit.get(i).copied().unwrap_or(false) && self.covers(r, &step.topics)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::{Effective, Snapshot};
    use crate::model::roadmap::Group;

    /// The topics tests' roadmap, with 2 hours a step.
    fn roadmap(id: &str, topics: &[&[&str]]) -> Roadmap {
        let mut r = crate::model::topics::tests::roadmap(id, topics);
        r.steps.iter_mut().for_each(|s| s.hours = Some(2.0));
        r
    }

    fn topics(t: &[&str]) -> Vec<String> {
        t.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_step_is_covered_when_every_topic_is_done_elsewhere() {
        let a = roadmap("a", &[&["http", "tls"], &["dns"]]);
        let b = roadmap("b", &[&["http"], &["tls"], &["http", "tls"], &[]]);
        let cov = Coverage::new([(&a, &[Status::Done, Status::Todo][..]), (&b, &[][..])]);
        assert!(cov.covers(1, &topics(&["http"])));
        assert!(cov.covers(1, &topics(&["http", "tls"])));
        assert_eq!(cov.covering(1, &topics(&["http", "tls"])), vec![(0, 0)]);
        // dns is only todo in a; a step without topics is never covered.
        assert!(!cov.covers(1, &topics(&["http", "dns"])));
        assert!(cov.covering(1, &topics(&["http", "dns"])).is_empty());
        assert!(!cov.covers(1, &[]));
        // A roadmap's own done steps do not cover its steps.
        assert!(!cov.covers(0, &topics(&["http"])));
        assert_eq!(cov.covered_steps(1, &b, &[]), vec![true, true, true, false]);
    }

    #[test]
    fn only_done_counts_and_coverage_does_not_chain() {
        let a = roadmap("a", &[&["x"]]);
        let b = roadmap("b", &[&["x", "y"]]);
        let c = roadmap("c", &[&["y"]]);
        for s in [Status::InProgress, Status::Skipped, Status::Todo] {
            let cov = Coverage::new([(&a, &[s][..]), (&b, &[][..]), (&c, &[][..])]);
            assert!(!cov.covers(1, &b.steps[0].topics), "{s:?} covered");
        }
        // c/s0 done covers y; a/s0 done covers x: b/s0 is covered by two steps.
        let cov = Coverage::new([
            (&a, &[Status::Done][..]),
            (&b, &[][..]),
            (&c, &[Status::Done][..]),
        ]);
        assert_eq!(cov.covering(1, &b.steps[0].topics), vec![(0, 0), (2, 0)]);
        // b being covered (not done) does not cover anything in a or c.
        let cov = Coverage::new([(&a, &[][..]), (&b, &[][..]), (&c, &[Status::Done][..])]);
        assert!(!cov.covers(0, &a.steps[0].topics));
    }

    #[test]
    fn an_explicit_status_wins_and_covered_counts_as_done() {
        let a = roadmap("a", &[&["http"], &["dns"]]);
        let b = roadmap("b", &[&["http"], &["dns"], &["sql"]]);
        let cov = Coverage::new([(&a, &[Status::Done, Status::Done][..]), (&b, &[][..])]);
        // b/s1 was reset explicitly (stored todo with a change): it stays todo.
        let covered = cov.covered_steps(1, &b, &[false, true, false]);
        assert_eq!(covered, vec![true, false, false]);
        let snap = Snapshot::with_covered(&b, &[Status::Todo, Status::Todo], &covered);
        assert_eq!(
            snap.effective,
            vec![Effective::Covered, Effective::Todo, Effective::Todo]
        );
        let t = snap.summary.total;
        assert_eq!((t.done, t.covered, t.counted()), (1, 1, 3));
        assert_eq!((t.hours_done, t.hours_left()), (2.0, 4.0));
        assert!(snap.settled[0]);
        // A stored status other than todo is never replaced by covered.
        let snap = Snapshot::with_covered(&b, &[Status::Skipped], &[true]);
        assert_eq!(snap.effective[0], Effective::Skipped);
    }

    #[test]
    fn a_covered_member_settles_its_pick_one_group() {
        let a = roadmap("a", &[&["go"]]);
        let mut b = roadmap("b", &[&["go"], &["rust"]]);
        b.groups = vec![Group {
            id: "lang".into(),
            title: "Language".into(),
            pick: 1,
            steps: vec![0, 1],
            ..Group::default()
        }];
        let cov = Coverage::new([(&a, &[Status::Done][..]), (&b, &[][..])]);
        let covered = cov.covered_steps(1, &b, &[]);
        let snap = Snapshot::with_covered(&b, &[], &covered);
        assert_eq!(
            snap.effective,
            vec![Effective::Covered, Effective::NotNeeded]
        );
    }
}
