//! Layered layout of the actor graph: states on top, then organs, parties and militias, fronts,
//! people. Within a layer, nodes are ordered by the mean position of their neighbours in the
//! layers above (a barycentre sweep), which keeps crossings few on proxy graphs.

use crate::model::{ActorKind, Case};

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

/// Positions in a unit grid: `x` is the order within the layer, `y` the layer.
#[must_use]
pub fn layered(case: &Case) -> Vec<[f32; 2]> {
    let n = case.actors.len();
    let index = case.actor_indices();
    let layers: Vec<usize> = (0..n).map(|i| layer_of(case, i)).collect();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
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
        for (k, &i) in members.iter().enumerate() {
            x[i] = k as f32 - offset;
        }
    }
    (0..n).map(|i| [x[i], layers[i] as f32]).collect()
}
