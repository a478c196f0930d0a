//! Network metrics per actor: degree, betweenness centrality (Brandes' algorithm) and the number
//! of events the actor is assessed to have done. Pure Rust; no egui.
//!
//! The graph is read undirected and simple for betweenness: a tie and a parent link between two
//! actors are one connection, whichever way they point — betweenness here measures brokerage
//! (how many shortest connections between other actors pass through one), not command direction.

use crate::model::Case;

/// The metrics of one actor.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ActorMetrics {
    /// Ties and parent links touching the actor (each counted once per tie).
    pub degree: usize,
    /// Betweenness centrality: over unordered pairs of other actors, the share of their shortest
    /// paths that pass through this actor, summed.
    pub betweenness: f64,
    /// Events naming the actor as a perpetrator.
    pub events: usize,
}

/// Degree of every node of an undirected multigraph given as index pairs (loops ignored).
#[must_use]
pub fn degree(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut out = vec![0; n];
    for &(a, b) in edges {
        if a != b && a < n && b < n {
            out[a] += 1;
            out[b] += 1;
        }
    }
    out
}

/// Up to this many actors betweenness is exact; above, it is estimated from
/// [`SAMPLED_SOURCES`] evenly spread source nodes (Brandes and Pich 2007), so that opening a
/// large imported network does not stall the window.
pub const EXACT_BETWEENNESS_LIMIT: usize = 2000;

/// Source nodes used for the betweenness estimate of large graphs.
pub const SAMPLED_SOURCES: usize = 256;

/// Betweenness centrality of every node of an undirected, unweighted graph (Brandes 2001,
/// O(n·m)); estimated from a sample of sources above [`EXACT_BETWEENNESS_LIMIT`] nodes.
/// Parallel edges and loops are ignored; each unordered pair counts once.
#[must_use]
pub fn betweenness(n: usize, edges: &[(usize, usize)]) -> Vec<f64> {
    if n > EXACT_BETWEENNESS_LIMIT {
        let sources: Vec<usize> = (0..SAMPLED_SOURCES)
            .map(|i| i * n / SAMPLED_SOURCES)
            .collect();
        let mut estimate = betweenness_from(n, edges, &sources);
        let scale = n as f64 / SAMPLED_SOURCES as f64;
        for c in &mut estimate {
            *c *= scale;
        }
        return estimate;
    }
    let sources: Vec<usize> = (0..n).collect();
    betweenness_from(n, edges, &sources)
}

/// Brandes' accumulation from the given source nodes.
fn betweenness_from(n: usize, edges: &[(usize, usize)], sources: &[usize]) -> Vec<f64> {
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b && a < n && b < n {
            adjacency[a].push(b);
            adjacency[b].push(a);
        }
    }
    for list in &mut adjacency {
        list.sort_unstable();
        list.dedup();
    }
    let mut centrality = vec![0.0f64; n];
    // Buffers reused for every source.
    let mut stack: Vec<usize> = Vec::with_capacity(n);
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![-1i64; n];
    let mut dependency = vec![0.0f64; n];
    let mut queue = std::collections::VecDeque::with_capacity(n);
    for &s in sources {
        stack.clear();
        for p in &mut predecessors {
            p.clear();
        }
        paths.fill(0.0);
        distance.fill(-1);
        dependency.fill(0.0);
        paths[s] = 1.0;
        distance[s] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adjacency[v] {
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                    predecessors[w].push(v);
                }
            }
        }
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
            }
            if w != s {
                centrality[w] += dependency[w];
            }
        }
    }
    // Every unordered pair was counted from both ends.
    for c in &mut centrality {
        *c /= 2.0;
    }
    centrality
}

/// The undirected connections between actors: every tie, and every parent (organ) link.
#[must_use]
pub fn actor_edges(case: &Case) -> Vec<(usize, usize)> {
    let index = case.actor_indices();
    let ties = case.ties.iter().map(|t| (t.from.as_str(), t.to.as_str()));
    let parents = case
        .actors
        .iter()
        .filter_map(|a| a.parent.as_deref().map(|p| (p, a.id.as_str())));
    ties.chain(parents)
        .filter_map(|(a, b)| Some((*index.get(a)?, *index.get(b)?)))
        .collect()
}

/// Degree, betweenness and event count of every actor (parallel to `case.actors`).
#[must_use]
pub fn actor_metrics(case: &Case) -> Vec<ActorMetrics> {
    let n = case.actors.len();
    let edges = actor_edges(case);
    let degree = degree(n, &edges);
    let betweenness = betweenness(n, &edges);
    let index = case.actor_indices();
    let mut events = vec![0usize; n];
    for e in &case.events {
        for p in &e.perpetrators {
            if let Some(&i) = index.get(p.as_str()) {
                events[i] += 1;
            }
        }
    }
    (0..n)
        .map(|i| ActorMetrics {
            degree: degree[i],
            betweenness: betweenness[i],
            events: events[i],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn betweenness_of_a_large_star_is_estimated_closely() {
        // Centre 0 and n-1 leaves: every pair of leaves passes through the centre.
        let n = EXACT_BETWEENNESS_LIMIT + 1000;
        let edges: Vec<(usize, usize)> = (1..n).map(|i| (0, i)).collect();
        let b = betweenness(n, &edges);
        let exact = ((n - 1) * (n - 2) / 2) as f64;
        assert!((b[0] - exact).abs() / exact < 0.01, "{} vs {exact}", b[0]);
        assert!(b[1..].iter().all(|&x| x.abs() < 1e-9));
    }

    #[test]
    fn betweenness_on_a_path() {
        // 0 - 1 - 2 - 3 - 4
        let edges = [(0, 1), (1, 2), (2, 3), (3, 4)];
        assert_eq!(betweenness(5, &edges), vec![0.0, 3.0, 4.0, 3.0, 0.0]);
        assert_eq!(degree(5, &edges), vec![1, 2, 2, 2, 1]);
    }

    #[test]
    fn betweenness_on_a_star() {
        // Centre 0, four leaves: every pair of leaves passes through the centre.
        let edges = [(0, 1), (0, 2), (0, 3), (0, 4)];
        assert_eq!(betweenness(5, &edges), vec![6.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(degree(5, &edges), vec![4, 1, 1, 1, 1]);
    }

    #[test]
    fn split_shortest_paths_share_the_credit() {
        // A square 0-1-2-3-0: the pair (0, 2) has two shortest paths, through 1 and through 3.
        let edges = [(0, 1), (1, 2), (2, 3), (3, 0)];
        assert_eq!(betweenness(4, &edges), vec![0.5; 4]);
    }

    #[test]
    fn parallel_edges_and_loops_do_not_count_twice() {
        let edges = [(0, 1), (1, 0), (1, 2), (2, 2)];
        assert_eq!(betweenness(3, &edges), vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn the_built_in_case_has_metrics_for_every_actor() {
        let loaded = crate::model::load_text(
            crate::model::DEFAULT_CASE_NAME,
            crate::model::DEFAULT_CASE_RON,
        );
        let Ok(loaded) = loaded else {
            panic!("the built-in case loads");
        };
        let m = actor_metrics(&loaded.case);
        assert_eq!(m.len(), loaded.case.actors.len());
        assert!(m.iter().any(|a| a.betweenness > 0.0));
        assert!(m.iter().any(|a| a.events > 0));
    }
}
