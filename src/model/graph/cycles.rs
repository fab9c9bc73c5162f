//! Prerequisite cycles: linear time (iterative Tarjan, then one cycle per
//! strongly connected component), no recursion, so 100k-step files are fine.

use super::Rows;

/// One cycle per cyclic strongly connected component (including self-loops),
/// as node indexes `[a, b, c]` meaning `a → b → c → a`. Each cycle starts at
/// its smallest node; cycles come in order of that node.
pub fn find_cycles(adj: &Rows) -> Vec<Vec<usize>> {
    let n = adj.len();
    let comp = tarjan(adj);

    // Component sizes, to skip trivial ones quickly.
    let mut size = vec![0usize; n];
    for &c in &comp {
        size[c] += 1;
    }

    let mut cycles = Vec::new();
    let mut done = vec![false; n]; // component already handled
    let mut pos = vec![usize::MAX; n]; // position on the current walk
    for start in 0..n {
        let c = comp[start];
        if done[c] {
            continue;
        }
        let self_loop = adj.row(start).contains(&(start as u32));
        if size[c] < 2 && !self_loop {
            continue;
        }
        done[c] = true;
        // In a cyclic component every node has an edge into the component, so
        // following such edges must revisit a node; the loop from there is a cycle.
        let mut path = Vec::new();
        let mut cur = start;
        let cycle = loop {
            if pos[cur] != usize::MAX {
                break path[pos[cur]..].to_vec();
            }
            pos[cur] = path.len();
            path.push(cur);
            // Prefer an edge that leads back to the start; else any edge inside.
            cur = if adj.row(cur).contains(&(start as u32)) {
                start
            } else {
                adj.row(cur)
                    .iter()
                    .map(|&w| w as usize)
                    .find(|&w| comp[w] == c)
                    .expect("a node of a cyclic component has an edge inside it")
            };
        };
        for &v in &path {
            pos[v] = usize::MAX;
        }
        cycles.push(rotate_to_min(cycle));
    }
    cycles.sort_by_key(|c| c[0]);
    cycles
}

fn rotate_to_min(mut cycle: Vec<usize>) -> Vec<usize> {
    if let Some((i, _)) = cycle.iter().enumerate().min_by_key(|&(_, v)| *v) {
        cycle.rotate_left(i);
    }
    cycle
}

/// Strongly connected component id of every node (iterative Tarjan).
fn tarjan(adj: &Rows) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut call: Vec<(usize, usize)> = Vec::new(); // (node, next edge)
    let mut next = 0;
    let mut comps = 0;

    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        call.push((root, 0));
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if let Some(&w) = adj.row(v).get(*ei) {
                let w = w as usize;
                *ei += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = comps;
                        if w == v {
                            break;
                        }
                    }
                    comps += 1;
                }
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows from adjacency lists.
    fn rows(adj: &[Vec<usize>]) -> Rows {
        let mut r = Rows::with_capacity(adj.len(), 0);
        for targets in adj {
            for &t in targets {
                r.push(t);
            }
            r.close_node();
        }
        r
    }

    #[test]
    fn acyclic_has_no_cycles() {
        let adj = vec![vec![], vec![0], vec![0, 1], vec![2, 1]];
        assert!(find_cycles(&rows(&adj)).is_empty());
    }

    #[test]
    fn finds_each_cycle_once_starting_at_smallest() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 5 → 4, 6 → 0 (not in a cycle)
        let adj = vec![
            vec![1],
            vec![2],
            vec![0],
            vec![3],
            vec![5],
            vec![4],
            vec![0],
        ];
        assert_eq!(
            find_cycles(&rows(&adj)),
            vec![vec![0, 1, 2], vec![3], vec![4, 5]]
        );
    }

    #[test]
    fn cycle_reached_through_a_tail() {
        // 0 → 1 → 2 → 3 → 1: the component is {1,2,3}.
        let adj = vec![vec![1], vec![2], vec![3], vec![1]];
        assert_eq!(find_cycles(&rows(&adj)), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn dense_component_gives_one_real_cycle() {
        let adj = vec![vec![1, 2], vec![2, 0], vec![0, 1]];
        let cycles = find_cycles(&rows(&adj));
        assert_eq!(cycles.len(), 1);
        let c = &cycles[0];
        for i in 0..c.len() {
            let (a, b) = (c[i], c[(i + 1) % c.len()]);
            assert!(adj[a].contains(&b), "{a} → {b} is not an edge");
        }
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 200_000;
        let mut adj: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        adj[n - 1] = vec![0];
        let cycles = find_cycles(&rows(&adj));
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), n);
    }
}
