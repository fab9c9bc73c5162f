//! Shared topics: steps of different roadmaps that cover the same ground carry the same
//! topic id (`topics = ["http"]`). The index finds, for a step, its counterparts in the
//! other loaded roadmaps.

use super::roadmap::Roadmap;
// hashbrown with its default hasher: lookups by topic are on every start-up path, and
// SipHash was most of their cost.
use hashbrown::HashMap;

/// (roadmap index, step index) pairs by topic id, in load order.
#[derive(Debug, Clone, Default)]
pub struct TopicIndex {
    by_topic: HashMap<String, Vec<(u32, u32)>>,
}

impl TopicIndex {
    pub fn new<'a>(roadmaps: impl IntoIterator<Item = &'a Roadmap>) -> TopicIndex {
        let mut by_topic: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (r, roadmap) in roadmaps.into_iter().enumerate() {
            for (s, step) in roadmap.steps.iter().enumerate() {
                for t in &step.topics {
                    by_topic
                        .entry(t.clone())
                        .or_default()
                        .push((r as u32, s as u32));
                }
            }
        }
        TopicIndex { by_topic }
    }

    /// Steps of *other* roadmaps sharing a topic with `topics`, each once, in load order.
    pub fn counterparts(&self, roadmap: usize, topics: &[String]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = topics
            .iter()
            .filter_map(|t| self.by_topic.get(t))
            .flatten()
            .filter(|&&(r, _)| r as usize != roadmap)
            .map(|&(r, s)| (r as usize, s as usize))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::roadmap::{Phase, Step};

    /// One phase, step `si` sharing `topics[i]` (also used by the coverage tests).
    pub(crate) fn roadmap(id: &str, topics: &[&[&str]]) -> Roadmap {
        Roadmap {
            id: id.into(),
            title: id.into(),
            phases: vec![Phase::new("p", "P")],
            steps: topics
                .iter()
                .enumerate()
                .map(|(i, t)| Step {
                    id: format!("s{i}"),
                    title: format!("S{i}"),
                    topics: t.iter().map(|x| x.to_string()).collect(),
                    ..Step::default()
                })
                .collect(),
            ..Roadmap::default()
        }
    }

    #[test]
    fn counterparts_come_from_other_roadmaps_once() {
        let a = roadmap("a", &[&["http", "dns"], &["http"]]);
        let b = roadmap("b", &[&["sql"], &["http", "dns"]]);
        let c = roadmap("c", &[&["dns"]]);
        let index = TopicIndex::new([&a, &b, &c]);
        let topics = a.steps[0].topics.clone();
        // b/s1 shares both topics but is listed once; a's own steps are left out.
        assert_eq!(index.counterparts(0, &topics), vec![(1, 1), (2, 0)]);
        assert_eq!(index.counterparts(1, &["sql".to_string()]), vec![]);
        assert_eq!(index.counterparts(0, &[]), vec![]);
    }
}
