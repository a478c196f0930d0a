//! Layered layout of the actor graph: states on top, then organs, parties and militias, fronts,
//! people. Within a layer, nodes are ordered by the mean position of their neighbours in the
//! layers above (a barycentre sweep), which keeps crossings few on proxy graphs. A layer of
//! more than [`STAGGER_ABOVE`] nodes is staggered over two rows (alternate nodes half a layer
//! lower), so neighbours' labels have twice the room; a node that sponsors a peer in its own
//! layer takes the upper row and the peer the lower one.

use crate::model::{ActorKind, Case};

/// Layers with more nodes than this are staggered over two rows.
pub const STAGGER_ABOVE: usize = 5;
/// How far below its layer the lower row of a staggered layer sits (in layers, less than one so
/// every layer stays between the ones above and below it).
pub const STAGGER: f32 = 0.5;

/// The layer an actor kind sits in (0 = top).
#[must_use]
pub fn layer_of(case: &Case, index: usize) -> usize {
    let actor = &case.actors[index];
    match actor.kind {
        ActorKind::State => 0,
        ActorKind::StateOrgan => case.parent_chain(&actor.id).len().clamp(2, 3) - 1,
        ActorKind::PoliticalParty | ActorKind::Militia => 3,
        ActorKind::FrontGroup => 4,
        ActorKind::Person | ActorKind::Other => 5,
    }
}

/// Positions in a unit grid: `x` is the order within the layer, `y` the layer, plus
/// [`STAGGER`] for the lower row of a staggered layer.
#[must_use]
pub fn layered(case: &Case) -> Vec<[f32; 2]> {
    let n = case.actors.len();
    let index = case.actor_indices();
    let layers: Vec<usize> = (0..n).map(|i| layer_of(case, i)).collect();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    // Sponsorship within a layer: who sponsors a peer, who is sponsored by one.
    let mut sponsors_peer = vec![false; n];
    let mut sponsored_by_peer = vec![false; n];
    for t in case.ties.iter().filter(|t| t.kind.is_sponsorship()) {
        if let (Some(&a), Some(&b)) = (index.get(t.from.as_str()), index.get(t.to.as_str()))
            && a != b
            && layers[a] == layers[b]
        {
            sponsors_peer[a] = true;
            sponsored_by_peer[b] = true;
        }
    }
    let links = case
        .ties
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str()))
        .chain(
            case.actors
                .iter()
                .filter_map(|a| a.parent.as_deref().map(|p| (p, a.id.as_str()))),
        );
    for (a, b) in links {
        if let (Some(&a), Some(&b)) = (index.get(a), index.get(b)) {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let max_layer = layers.iter().copied().max().unwrap_or(0);
    let mut x = vec![0.0f32; n];
    let mut y: Vec<f32> = layers.iter().map(|&l| l as f32).collect();
    for layer in 0..=max_layer {
        let mut members: Vec<usize> = (0..n).filter(|&i| layers[i] == layer).collect();
        let key = |i: usize| {
            let above: Vec<f32> = neighbours[i]
                .iter()
                .filter(|&&j| layers[j] < layer)
                .map(|&j| x[j])
                .collect();
            if above.is_empty() {
                f32::MAX
            } else {
                above.iter().sum::<f32>() / above.len() as f32
            }
        };
        members.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
        let offset = (members.len() as f32 - 1.0) / 2.0;
        let stagger = members.len() > STAGGER_ABOVE;
        for (k, &i) in members.iter().enumerate() {
            x[i] = k as f32 - offset;
            if stagger {
                let lower = if sponsors_peer[i] {
                    false
                } else if sponsored_by_peer[i] {
                    true
                } else {
                    k % 2 == 1
                };
                if lower {
                    y[i] += STAGGER;
                }
            }
        }
    }
    (0..n).map(|i| [x[i], y[i]]).collect()
}
