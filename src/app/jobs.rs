//! Background work, one mechanism for all of it: a job runs on its own thread (opening a large
//! file, importing datasets) or in a callback egui calls later (writing the PNG of a screenshot), and sends what it
//! produced, a [`JobOutput`], down one channel. The frame polls that channel once, before the
//! views, and the app applies each output in `command_handling`, beside the commands. While
//! jobs run, the status bar shows them with a spinner and the window keeps repainting to poll.
//!
//! Two kinds of work stay outside, on purpose: the verdicts of a large case are evaluated a
//! slice per frame on the UI thread (they read the open case, which a thread would have to
//! copy; the status bar shows their progress the same way), and the force layout runs as a
//! continuous simulation owned by the network view ([`crate::graph::force_task`]).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::import::{ImportError, Summary};
use crate::model::{Case, LoadError, Loaded};

/// What a finished job hands to the app.
#[derive(Debug)]
pub enum JobOutput {
    /// A file was read (or failed to be).
    Opened {
        /// The file.
        path: PathBuf,
        /// The case, or why not.
        result: Box<Result<Loaded, LoadError>>,
    },
    /// A PNG export finished; the status line to show.
    PngWritten(String),
    /// An import finished: the case with the imported events and what was done, or why not.
    Imported(Box<Result<(Case, Summary), ImportError>>),
    /// How far the job has come (0 to 1); the job goes on.
    Progress(f32),
    /// A large case's network layout and metrics, for a case of this many actors.
    NetworkLayout {
        /// How many actors the case had.
        actors: usize,
        /// Layered positions.
        positions: Vec<[f32; 2]>,
        /// Metrics per actor.
        metrics: Vec<crate::graph::metrics::ActorMetrics>,
    },
    /// A large case's lanes, arranged for a filter and lane mode (see `derived.rs`).
    Lanes {
        /// What they were arranged for.
        key: super::derived::LaneKey,
        /// The lanes.
        lanes: Vec<crate::query::Lane>,
    },
}

/// A job in progress: what the status bar says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobInfo {
    /// Job id (to match its output).
    pub id: u64,
    /// What it does, for the status bar.
    pub label: String,
    /// How far it has come (0 to 1), for jobs that say.
    pub progress: Option<f32>,
}

/// The running jobs and the channel their outputs arrive on.
#[derive(Debug)]
pub struct Jobs {
    tx: Sender<(u64, JobOutput)>,
    rx: Receiver<(u64, JobOutput)>,
    running: Vec<JobInfo>,
    next_id: u64,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            running: Vec::new(),
            next_id: 0,
        }
    }
}

/// Where a callback job sends its output (see [`Jobs::start_callback`]).
#[derive(Clone, Debug)]
pub struct JobSender {
    id: u64,
    tx: Sender<(u64, JobOutput)>,
}

impl JobSender {
    /// The job's id.
    #[must_use]
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Hands the job's output to the app (ignored if the app is gone).
    pub fn send(&self, output: JobOutput) {
        // The receiver lives as long as the app; if it is gone, nobody waits for this.
        let _ = self.tx.send((self.id, output));
    }
}

impl Jobs {
    /// Runs `work` on a thread of its own; its output arrives at [`Self::poll`]. Fails only if
    /// the system cannot start a thread.
    pub fn spawn(
        &mut self,
        label: String,
        work: impl FnOnce() -> JobOutput + Send + 'static,
    ) -> std::io::Result<u64> {
        let sender = self.start_callback(label);
        let id = sender.id;
        let spawned = std::thread::Builder::new()
            .name(format!("job-{id}"))
            .spawn(move || sender.send(work()));
        if let Err(e) = spawned {
            self.forget(id);
            return Err(e);
        }
        Ok(id)
    }

    /// Registers work that something else will call back (e.g. egui's screenshot callback):
    /// it sends its output through the returned sender.
    pub fn start_callback(&mut self, label: String) -> JobSender {
        let id = self.next_id;
        self.next_id += 1;
        self.running.push(JobInfo {
            id,
            label,
            progress: None,
        });
        JobSender {
            id,
            tx: self.tx.clone(),
        }
    }

    /// Forgets a job that could not start.
    pub fn forget(&mut self, id: u64) {
        self.running.retain(|j| j.id != id);
    }

    /// The outputs that arrived since the last poll, with their job ids. Progress reports
    /// update the job's progress instead (the job is still running).
    pub fn poll(&mut self) -> Vec<(u64, JobOutput)> {
        let mut done: Vec<(u64, JobOutput)> = Vec::new();
        for (id, output) in self.rx.try_iter() {
            if let JobOutput::Progress(p) = output {
                if let Some(job) = self.running.iter_mut().find(|j| j.id == id) {
                    job.progress = Some(p.clamp(0.0, 1.0));
                }
            } else {
                done.push((id, output));
            }
        }
        self.running
            .retain(|j| done.iter().all(|(id, _)| *id != j.id));
        done
    }

    /// The jobs still running.
    #[must_use]
    pub fn running(&self) -> &[JobInfo] {
        &self.running
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_job_and_a_callback_job_both_arrive_at_one_poll() {
        let mut jobs = Jobs::default();
        let id = jobs
            .spawn("write".to_owned(), || JobOutput::PngWritten("a".to_owned()))
            .unwrap();
        let cb = jobs.start_callback("png".to_owned());
        assert_eq!(jobs.running().len(), 2);
        cb.send(JobOutput::PngWritten("b".to_owned()));
        let mut got = Vec::new();
        let start = std::time::Instant::now();
        while got.len() < 2 && start.elapsed().as_secs() < 10 {
            got.extend(jobs.poll());
            std::thread::yield_now();
        }
        assert_eq!(got.len(), 2);
        assert!(got.iter().any(|(i, _)| *i == id));
        assert!(jobs.running().is_empty() && jobs.running().iter().all(|j| j.id != id));
    }

    #[test]
    fn progress_updates_a_running_job_without_ending_it() {
        let mut jobs = Jobs::default();
        let cb = jobs.start_callback("import".to_owned());
        cb.send(JobOutput::Progress(0.25));
        assert!(jobs.poll().is_empty());
        assert_eq!(jobs.running()[0].progress, Some(0.25));
        cb.send(JobOutput::PngWritten("done".to_owned()));
        assert_eq!(jobs.poll().len(), 1);
        assert!(jobs.running().is_empty());
    }
}
