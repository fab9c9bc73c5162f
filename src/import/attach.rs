//! Reading order and parents: which topics form the main path, in what order, and
//! which topic each subtopic belongs to.
//!
//! The rules, tried in this order for every subtopic (docs/importing.md):
//! 1. **edge**: an edge joins it to a topic (either direction; a dashed one wins over
//!    a solid one, then the nearest topic), or to a subtopic already attached by an edge;
//! 2. **section**: it lies inside a `section` box, whose topic is the one joined to the
//!    box by an edge, else the one most of the box's subtopics hang off by edges, else
//!    the topic nearest the box;
//! 3. **label**: it is in the stack of subtopics right under a `label` caption, whose
//!    topic is found the same way as a section's;
//! 4. **adjacent**: it is stacked flush above or below an already attached subtopic;
//! 5. **nearest**: otherwise the nearest topic (counted in the summary, never dropped).
//!
//! Over 500 lines only with its unit tests, one per rule.

use super::chart::{Chart, NodeType, Rect};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// Boxes at most this far apart vertically count as stacked flush.
const FLUSH: f64 = 12.0;

/// How a subtopic found its topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Edge,
    Section,
    Label,
    Adjacent,
    Nearest,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::Edge,
        Rule::Section,
        Rule::Label,
        Rule::Adjacent,
        Rule::Nearest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Edge => "edge",
            Rule::Section => "section",
            Rule::Label => "label",
            Rule::Adjacent => "adjacent",
            Rule::Nearest => "nearest",
        }
    }
}

/// One topic of the main path and its subtopics, in reading order (indexes into
/// `Chart::nodes`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub topic: usize,
    pub children: Vec<(usize, Rule)>,
}

/// Topics along the main path, each with its subtopics.
pub fn attach(chart: &Chart) -> Vec<Group> {
    let usable =
        |i: usize, k: NodeType| chart.nodes[i].kind == k && !chart.nodes[i].label.is_empty();
    let topics: Vec<usize> = (0..chart.nodes.len())
        .filter(|&i| usable(i, NodeType::Topic))
        .collect();
    let subs: Vec<usize> = (0..chart.nodes.len())
        .filter(|&i| usable(i, NodeType::Subtopic))
        .collect();
    let index: HashMap<&str, usize> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let rect = |i: usize| chart.nodes[i].rect;
    let is = |i: usize, k: NodeType| chart.nodes[i].kind == k;

    // Every edge as (a, b, dashed), by node index, and each node's neighbours.
    let edges: Vec<(usize, usize, bool)> = chart
        .edges
        .iter()
        .filter_map(|e| {
            Some((
                *index.get(e.source.as_str())?,
                *index.get(e.target.as_str())?,
                e.dashed,
            ))
        })
        .collect();
    let mut adj: Vec<Vec<(usize, bool)>> = vec![Vec::new(); chart.nodes.len()];
    for &(a, b, dashed) in &edges {
        if a != b {
            adj[a].push((b, dashed));
            adj[b].push((a, dashed));
        }
    }
    let nearest_topic = |r: &Rect| -> usize {
        *topics
            .iter()
            .min_by(|&&a, &&b| {
                let (ra, rb) = (rect(a), rect(b));
                cmp(r.gap(&ra), r.gap(&rb))
                    .then(cmp(r.center_distance(&ra), r.center_distance(&rb)))
            })
            .expect("a chart has at least one topic")
    };
    // The topic joined to node `n` by an edge, if any: dashed first, then the nearest.
    let edge_topic = |n: usize| -> Option<usize> {
        adj[n]
            .iter()
            .filter(|&&(o, _)| usable(o, NodeType::Topic))
            .min_by(|x, y| {
                y.1.cmp(&x.1)
                    .then(cmp(rect(n).gap(&rect(x.0)), rect(n).gap(&rect(y.0))))
            })
            .map(|&(t, _)| t)
    };

    let mut parent: HashMap<usize, (usize, Rule)> = HashMap::new();

    // 1. Edges to a topic, then along subtopic–subtopic edges.
    for &s in &subs {
        if let Some(t) = edge_topic(s) {
            parent.insert(s, (t, Rule::Edge));
        }
    }
    let mut queue: Vec<usize> = subs
        .iter()
        .copied()
        .filter(|s| parent.contains_key(s))
        .collect();
    while let Some(s) = queue.pop() {
        let t = parent[&s].0;
        for &(other, _) in &adj[s] {
            if usable(other, NodeType::Subtopic) && !parent.contains_key(&other) {
                parent.insert(other, (t, Rule::Edge));
                queue.push(other);
            }
        }
    }

    // The topic of a group of subtopics framed by `frame`: an edge to the frame, else
    // the topic most members hang off by edge, else the topic nearest the frame.
    let owner = |frame: usize, members: &[usize], parent: &HashMap<usize, (usize, Rule)>| {
        edge_topic(frame).unwrap_or_else(|| {
            let mut votes: HashMap<usize, usize> = HashMap::new();
            for m in members {
                if let Some(&(t, Rule::Edge)) = parent.get(m) {
                    *votes.entry(t).or_default() += 1;
                }
            }
            votes
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| t)
                .unwrap_or_else(|| nearest_topic(&rect(frame)))
        })
    };

    // 2. Section boxes, smallest first so a nested box wins.
    let mut sections: Vec<usize> = (0..chart.nodes.len())
        .filter(|&i| is(i, NodeType::Section) && rect(i).area() > 0.0)
        .collect();
    sections.sort_by(|&a, &b| cmp(rect(a).area(), rect(b).area()).then(a.cmp(&b)));
    for sec in sections {
        let members: Vec<usize> = subs
            .iter()
            .copied()
            .filter(|&s| rect(sec).contains(rect(s).center()))
            .collect();
        if members.iter().all(|m| parent.contains_key(m)) {
            continue;
        }
        let t = owner(sec, &members, &parent);
        for m in members {
            parent.entry(m).or_insert((t, Rule::Section));
        }
    }

    // 3. Captions: the stack of subtopics right under a label.
    let mut labels: Vec<usize> = (0..chart.nodes.len())
        .filter(|&i| is(i, NodeType::Label))
        .collect();
    labels.sort_by(|&a, &b| by_position(&rect(a), &rect(b)));
    for lab in labels {
        let members = stack_below(rect(lab), &subs, &rect);
        if members.is_empty() || members.iter().all(|m| parent.contains_key(m)) {
            continue;
        }
        let t = owner(lab, &members, &parent);
        for m in members {
            parent.entry(m).or_insert((t, Rule::Label));
        }
    }

    // 4. Stacked flush against an attached subtopic, until nothing changes.
    let mut queue: Vec<usize> = subs
        .iter()
        .copied()
        .filter(|s| parent.contains_key(s))
        .collect();
    while let Some(s) = queue.pop() {
        let t = parent[&s].0;
        for &o in &subs {
            if !parent.contains_key(&o) && flush(&rect(s), &rect(o)) {
                parent.insert(o, (t, Rule::Adjacent));
                queue.push(o);
            }
        }
    }

    // 5. Whatever is left: the nearest topic.
    for &s in &subs {
        parent
            .entry(s)
            .or_insert_with(|| (nearest_topic(&rect(s)), Rule::Nearest));
    }

    let order = main_path(chart, &topics, &edges);
    let mut groups: Vec<Group> = order
        .iter()
        .map(|&t| Group {
            topic: t,
            children: Vec::new(),
        })
        .collect();
    let slot: HashMap<usize, usize> = order.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    for &s in &subs {
        let (t, rule) = parent[&s];
        groups[slot[&t]].children.push((s, rule));
    }
    // Children read left column first, then right, each top to bottom.
    for g in &mut groups {
        let tx = rect(g.topic).center().0;
        g.children.sort_by(|&(a, _), &(b, _)| {
            let (ra, rb) = (rect(a), rect(b));
            (ra.center().0 >= tx)
                .cmp(&(rb.center().0 >= tx))
                .then(by_position(&ra, &rb))
                .then(a.cmp(&b))
        });
    }
    groups
}

/// Topics in reading order: the solid topic→topic edges as drawn, ties (and topics off
/// the path) taken top to bottom, then left to right; a loop is cut at its topmost topic.
fn main_path(chart: &Chart, topics: &[usize], edges: &[(usize, usize, bool)]) -> Vec<usize> {
    let rect = |i: usize| chart.nodes[i].rect;
    let pos: HashMap<usize, usize> = topics.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); topics.len()];
    let mut indegree = vec![0usize; topics.len()];
    for &(a, b, dashed) in edges {
        if let (false, Some(&ia), Some(&ib)) = (dashed, pos.get(&a), pos.get(&b))
            && ia != ib
        {
            next[ia].push(ib);
            indegree[ib] += 1;
        }
    }
    let key = |i: usize| Key(rect(topics[i]).y, rect(topics[i]).x, i);
    let mut by_pos: Vec<usize> = (0..topics.len()).collect();
    by_pos.sort_by_key(|&i| key(i));
    let mut ready: BinaryHeap<std::cmp::Reverse<Key>> = (0..topics.len())
        .filter(|&i| indegree[i] == 0)
        .map(|i| std::cmp::Reverse(key(i)))
        .collect();
    let mut placed = vec![false; topics.len()];
    let mut order = Vec::with_capacity(topics.len());
    let mut cursor = 0;
    while order.len() < topics.len() {
        let i = match ready.pop() {
            Some(std::cmp::Reverse(Key(_, _, i))) => i,
            None => {
                // A loop: start again from the topmost topic not yet placed.
                while placed[by_pos[cursor]] {
                    cursor += 1;
                }
                by_pos[cursor]
            }
        };
        if placed[i] {
            continue;
        }
        placed[i] = true;
        order.push(topics[i]);
        for &j in &next[i] {
            indegree[j] = indegree[j].saturating_sub(1);
            if indegree[j] == 0 && !placed[j] {
                ready.push(std::cmp::Reverse(key(j)));
            }
        }
    }
    order
}

/// Position key ordered top to bottom, then left to right, then by index.
#[derive(Clone, Copy, PartialEq)]
struct Key(f64, f64, usize);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Key {
    fn cmp(&self, o: &Self) -> Ordering {
        cmp(self.0, o.0)
            .then(cmp(self.1, o.1))
            .then(self.2.cmp(&o.2))
    }
}

fn cmp(a: f64, b: f64) -> Ordering {
    a.total_cmp(&b)
}

fn by_position(a: &Rect, b: &Rect) -> Ordering {
    cmp(a.y, b.y).then(cmp(a.x, b.x))
}

/// `b` sits directly above or below `a`, touching or nearly, sharing at least half of
/// the narrower width.
fn flush(a: &Rect, b: &Rect) -> bool {
    let vertical_gap = (b.y - a.bottom()).max(a.y - b.bottom());
    let narrower = a.w.min(b.w);
    (-FLUSH..=FLUSH).contains(&vertical_gap) && narrower > 0.0 && a.overlap_x(b) >= narrower / 2.0
}

/// The subtopics stacked under a caption: the first directly below it, then each one
/// flush below the last.
fn stack_below(caption: Rect, subs: &[usize], rect: &impl Fn(usize) -> Rect) -> Vec<usize> {
    let mut members: Vec<usize> = Vec::new();
    let mut edge = caption;
    loop {
        let below = subs
            .iter()
            .copied()
            .filter(|s| !members.contains(s))
            .filter(|&s| {
                let r = rect(s);
                let gap = r.y - edge.bottom();
                (-FLUSH..=FLUSH * 2.0).contains(&gap) && r.overlap_x(&edge) > 0.0
            })
            .min_by(|&a, &b| by_position(&rect(a), &rect(b)));
        match below {
            Some(s) => {
                members.push(s);
                edge = rect(s);
            }
            None => return members,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::chart::{Edge, Node};
    use super::*;

    fn node(id: &str, kind: NodeType, x: f64, y: f64, w: f64, h: f64) -> Node {
        Node {
            id: id.into(),
            kind,
            rect: Rect { x, y, w, h },
            label: id.to_uppercase(),
            truncated: false,
            legend: None,
            legends: Vec::new(),
            links: Vec::new(),
        }
    }
    fn topic(id: &str, x: f64, y: f64) -> Node {
        node(id, NodeType::Topic, x, y, 200.0, 50.0)
    }
    fn sub(id: &str, x: f64, y: f64) -> Node {
        node(id, NodeType::Subtopic, x, y, 200.0, 40.0)
    }
    fn edge(s: &str, t: &str, dashed: bool) -> Edge {
        Edge {
            source: s.into(),
            target: t.into(),
            dashed,
        }
    }

    /// (topic id, [(child id, rule)]) in reading order.
    fn shape(chart: &Chart) -> Vec<(String, Vec<(String, Rule)>)> {
        attach(chart)
            .into_iter()
            .map(|g| {
                (
                    chart.nodes[g.topic].id.clone(),
                    g.children
                        .iter()
                        .map(|&(c, r)| (chart.nodes[c].id.clone(), r))
                        .collect(),
                )
            })
            .collect()
    }

    fn ids(groups: &[(String, Vec<(String, Rule)>)]) -> Vec<&str> {
        groups.iter().map(|g| g.0.as_str()).collect()
    }

    #[test]
    fn main_path_follows_solid_edges_not_positions_or_array_order() {
        // Drawn so that position order (a, c, b) differs from the path a → b → c.
        let chart = Chart {
            nodes: vec![
                topic("c", 0.0, 200.0),
                topic("b", 0.0, 300.0),
                topic("a", 0.0, 0.0),
            ],
            edges: vec![edge("a", "b", false), edge("b", "c", false)],
            ..Chart::default()
        };
        assert_eq!(ids(&shape(&chart)), ["a", "b", "c"]);
    }

    #[test]
    fn without_edges_topics_read_top_to_bottom_then_left_to_right() {
        let chart = Chart {
            nodes: vec![
                topic("low", 0.0, 500.0),
                topic("right", 400.0, 0.0),
                topic("left", 0.0, 0.0),
            ],
            ..Chart::default()
        };
        assert_eq!(ids(&shape(&chart)), ["left", "right", "low"]);
    }

    #[test]
    fn a_loop_in_the_path_is_cut_at_its_topmost_topic() {
        let chart = Chart {
            nodes: vec![
                topic("b", 0.0, 100.0),
                topic("a", 0.0, 0.0),
                topic("c", 0.0, 200.0),
            ],
            edges: vec![
                edge("a", "b", false),
                edge("b", "c", false),
                edge("c", "a", false),
            ],
            ..Chart::default()
        };
        assert_eq!(ids(&shape(&chart)), ["a", "b", "c"]);
    }

    #[test]
    fn edge_rule_either_direction_dashed_first_and_through_subtopics() {
        let chart = Chart {
            nodes: vec![
                topic("t1", 0.0, 0.0),
                topic("t2", 0.0, 400.0),
                sub("near-t2-but-linked-t1", 300.0, 400.0),
                sub("reverse", -300.0, 0.0),
                sub("chained", -300.0, 200.0),
                sub("both", 300.0, 200.0),
            ],
            edges: vec![
                edge("t1", "t2", false),
                edge("t1", "near-t2-but-linked-t1", true),
                edge("reverse", "t1", true),
                edge("reverse", "chained", true),
                edge("t2", "both", false),
                edge("t1", "both", true),
            ],
            ..Chart::default()
        };
        let s = shape(&chart);
        assert_eq!(
            s[0].1,
            [
                ("reverse".to_string(), Rule::Edge),
                ("chained".to_string(), Rule::Edge),
                ("both".to_string(), Rule::Edge),
                ("near-t2-but-linked-t1".to_string(), Rule::Edge),
            ]
        );
        assert!(s[1].1.is_empty());
    }

    #[test]
    fn section_box_takes_the_topic_its_linked_members_hang_off() {
        // One member is linked to t2; the other two sit in the same box unlinked,
        // nearer t1 than t2.
        let chart = Chart {
            nodes: vec![
                topic("t1", 0.0, 0.0),
                topic("t2", 0.0, 600.0),
                node("box", NodeType::Section, 300.0, 0.0, 260.0, 200.0),
                sub("a", 310.0, 10.0),
                sub("b", 310.0, 80.0),
                sub("linked", 310.0, 150.0),
            ],
            edges: vec![edge("t1", "t2", false), edge("t2", "linked", true)],
            ..Chart::default()
        };
        let s = shape(&chart);
        assert!(s[0].1.is_empty());
        assert_eq!(
            s[1].1,
            [
                ("a".to_string(), Rule::Section),
                ("b".to_string(), Rule::Section),
                ("linked".to_string(), Rule::Edge)
            ]
        );
    }

    #[test]
    fn an_unlinked_section_goes_to_the_topic_nearest_the_box() {
        let chart = Chart {
            nodes: vec![
                topic("t1", 0.0, 0.0),
                topic("t2", 0.0, 600.0),
                node("box", NodeType::Section, 300.0, 550.0, 260.0, 200.0),
                sub("a", 310.0, 560.0),
                sub("b", 310.0, 680.0),
            ],
            ..Chart::default()
        };
        let s = shape(&chart);
        assert_eq!(
            s[1].1,
            [
                ("a".to_string(), Rule::Section),
                ("b".to_string(), Rule::Section)
            ]
        );
    }

    #[test]
    fn label_caption_takes_its_stack_to_the_topic_it_is_joined_to() {
        // The caption is joined to t1 by an edge although t2 is nearer.
        let chart = Chart {
            nodes: vec![
                topic("t1", 0.0, 0.0),
                topic("t2", 0.0, 500.0),
                node("cap", NodeType::Label, 300.0, 400.0, 200.0, 30.0),
                sub("a", 300.0, 435.0),
                sub("b", 300.0, 477.0),
                sub("far", 300.0, 700.0),
            ],
            edges: vec![edge("t1", "t2", false), edge("t1", "cap", true)],
            ..Chart::default()
        };
        let s = shape(&chart);
        assert_eq!(
            s[0].1,
            [
                ("a".to_string(), Rule::Label),
                ("b".to_string(), Rule::Label)
            ]
        );
        assert_eq!(s[1].1, [("far".to_string(), Rule::Nearest)]);
    }

    #[test]
    fn flush_stack_follows_a_linked_subtopic_but_a_gap_breaks_it() {
        let chart = Chart {
            nodes: vec![
                topic("t1", 0.0, 0.0),
                topic("t2", 0.0, 300.0),
                sub("linked", 300.0, 100.0),
                sub("above", 300.0, 58.0),
                sub("below", 300.0, 142.0),
                sub("below2", 310.0, 184.0),
                sub("apart", 300.0, 260.0),
            ],
            edges: vec![edge("t1", "t2", false), edge("t1", "linked", true)],
            ..Chart::default()
        };
        let s = shape(&chart);
        assert_eq!(
            s[0].1,
            [
                ("above".to_string(), Rule::Adjacent),
                ("linked".to_string(), Rule::Edge),
                ("below".to_string(), Rule::Adjacent),
                ("below2".to_string(), Rule::Adjacent),
            ]
        );
        assert_eq!(s[1].1, [("apart".to_string(), Rule::Nearest)]);
    }

    #[test]
    fn children_read_left_column_then_right() {
        let chart = Chart {
            nodes: vec![
                topic("t", 0.0, 0.0),
                sub("r1", 300.0, -50.0),
                sub("l2", -300.0, 60.0),
                sub("l1", -300.0, 0.0),
            ],
            edges: vec![
                edge("t", "r1", true),
                edge("t", "l1", true),
                edge("t", "l2", true),
            ],
            ..Chart::default()
        };
        let s = shape(&chart);
        let kids: Vec<&str> = s[0].1.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(kids, ["l1", "l2", "r1"]);
    }

    #[test]
    fn every_subtopic_is_placed_exactly_once() {
        let mut nodes = vec![topic("t1", 0.0, 0.0), topic("t2", 0.0, 1000.0)];
        for i in 0..40 {
            nodes.push(sub(
                &format!("s{i}"),
                (i % 7) as f64 * 90.0,
                (i * 37 % 1100) as f64,
            ));
        }
        nodes.push(node("box", NodeType::Section, 0.0, 0.0, 400.0, 400.0));
        nodes.push(node("cap", NodeType::Label, 100.0, 500.0, 200.0, 20.0));
        let chart = Chart {
            nodes,
            edges: vec![
                edge("t1", "s3", true),
                edge("s3", "s9", true),
                edge("t2", "s20", true),
            ],
            ..Chart::default()
        };
        let mut placed: Vec<usize> = attach(&chart)
            .iter()
            .flat_map(|g| g.children.iter().map(|c| c.0))
            .collect();
        placed.sort_unstable();
        assert_eq!(placed, (2..42).collect::<Vec<_>>());
    }
}
