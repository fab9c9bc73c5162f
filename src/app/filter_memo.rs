//! The last few filters' matches on one roadmap, so typing into the filter prompt does
//! not match every step again on each key: a word typed further is matched only among
//! the steps the shorter word matched, and erasing a letter finds the earlier result.
//! Emptied whenever the roadmap's progress is recomputed (statuses decide `status:`,
//! `is:` and which steps count), so a remembered result is always the current one.

use crate::model::{Filter, Graph, Roadmap, Snapshot};
use std::collections::VecDeque;

/// How many filters are remembered: enough to erase a word back letter by letter.
const KEEP: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct FilterMemo {
    /// Most recently used first.
    entries: VecDeque<(Filter, Vec<usize>)>,
}

impl FilterMemo {
    /// The steps `filter` matches on `roadmap`, in order (as [`Filter::apply`]).
    pub fn matches(
        &mut self,
        filter: &Filter,
        roadmap: &Roadmap,
        graph: &Graph,
        snapshot: &Snapshot,
    ) -> &[usize] {
        if let Some(at) = self.entries.iter().position(|(f, _)| f == filter) {
            let hit = self.entries.remove(at).expect("position is in range");
            self.entries.push_front(hit);
        } else {
            // The narrowest remembered filter this one narrows: fewest steps to match.
            let within = self
                .entries
                .iter()
                .filter(|(f, _)| filter.narrows(f))
                .min_by_key(|(_, m)| m.len());
            let matched = match within {
                Some((_, candidates)) => filter.apply_within(roadmap, graph, snapshot, candidates),
                None => filter.apply(roadmap, graph, snapshot),
            };
            self.entries.truncate(KEEP - 1);
            self.entries.push_front((filter.clone(), matched));
        }
        &self.entries[0].1
    }

    /// Forgets every result (the progress they were computed on changed).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Phase, Step, StepRef};

    /// `n` steps "Step number i" over three phases and levels, each after the one before.
    fn numbered(n: usize) -> Roadmap {
        Roadmap {
            id: "numbered".into(),
            title: "Numbered".into(),
            phases: (0..3)
                .map(|p| Phase::new(format!("p{p}"), format!("Phase {p}")))
                .collect(),
            steps: (0..n)
                .map(|i| Step {
                    id: format!("s{i}"),
                    title: format!("Step number {i}"),
                    phase: i * 3 / n,
                    level: Some(Level::ALL[i % 3]),
                    requires: if i > 0 {
                        vec![StepRef::Local(i - 1)]
                    } else {
                        Vec::new()
                    },
                    ..Step::default()
                })
                .collect(),
            ..Roadmap::default()
        }
    }

    /// Typed letter by letter, erased, and typed differently: each answer is what a
    /// fresh match over the whole roadmap gives.
    #[test]
    fn every_answer_is_a_fresh_match() {
        let roadmap = numbered(600);
        let graph = Graph::new(&roadmap).unwrap();
        let statuses = vec![crate::model::Status::Todo; roadmap.steps.len()];
        let snapshot = Snapshot::new(&roadmap, &statuses);
        let mut memo = FilterMemo::default();
        let typed = [
            "n",
            "nu",
            "num",
            "numb",
            "number",
            "number 1",
            "number 12",
            "number 1",
            "number",
            "level:beginner number",
            "level:beginner number 5",
            "level:advanced number 5",
            "number 59",
            "numbe",
            "x",
            "",
            "is:next number",
            "is:next number 1",
        ];
        for text in typed {
            let filter = Filter::parse(text).unwrap();
            let fresh = filter.apply(&roadmap, &graph, &snapshot);
            assert_eq!(
                memo.matches(&filter, &roadmap, &graph, &snapshot),
                fresh,
                "{text:?}"
            );
        }
        assert!(memo.entries.len() <= KEEP);
    }

    #[test]
    fn narrowing_means_a_word_typed_further_or_one_more_word() {
        let f = |t: &str| Filter::parse(t).unwrap();
        assert!(f("tag:x numb").narrows(&f("tag:x num")));
        assert!(f("tag:x num step").narrows(&f("tag:x num")));
        assert!(f("num").narrows(&f("num")));
        assert!(!f("num").narrows(&f("numb")));
        assert!(!f("tag:y numb").narrows(&f("tag:x num")));
        assert!(!f("mun").narrows(&f("num")));
    }
}
