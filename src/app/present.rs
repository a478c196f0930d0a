//! Presentation: entering it on a story and showing a step (its time window and event). The
//! window goes full screen from `frame_ui` while a story is presented.

use super::ProxylineApp;

impl ProxylineApp {
    /// Enters presentation mode on a story (index into `case.stories`), at its first step.
    pub fn start_presenting(&mut self, story: usize) {
        let story = if story < self.case.stories.len() {
            story
        } else {
            0
        };
        let Some(s) = self.case.stories.get(story) else {
            "This case has no stories to present: open Stories to make one."
                .clone_into(&mut self.status);
            return;
        };
        if s.steps.is_empty() {
            self.status = format!("The story \"{}\" has no steps yet.", s.title);
            return;
        }
        self.stories.story = story;
        if self.presenting.is_none() {
            let tl = &self.timeline;
            self.before_presenting = Some((tl.from, tl.to, self.selected_event));
        }
        self.presenting = Some((story, 0));
        self.show_step(story, 0);
    }

    /// Restores a story step: its time window, its event (selected, so the side panel and the
    /// network's chain follow) and, when presenting, its caption and sources.
    pub(super) fn show_step(&mut self, story: usize, step: usize) {
        let Some(st) = self
            .case
            .stories
            .get(story)
            .and_then(|s| s.steps.get(step))
            .cloned()
        else {
            return;
        };
        let event = st.event.as_deref().and_then(|id| self.case.event_index(id));
        self.selected_event = event;
        self.timeline.reveal_lane_of(event);
        self.selected_actor = None;
        let tl = &mut self.timeline;
        match (
            st.start,
            st.end,
            event.and_then(|i| self.case.events.get(i)),
        ) {
            (Some(a), Some(b), _) => {
                tl.from = f64::from(a.first_day());
                tl.to = f64::from(b.last_day() + 1);
            }
            (_, _, Some(e)) => {
                let d = f64::from(e.first_day());
                tl.from = d - 365.25 * 3.0;
                tl.to = d + 365.25 * 3.0;
            }
            _ => {}
        }
    }
}
