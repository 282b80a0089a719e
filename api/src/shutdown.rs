//! A shutdown signal that long-lived tasks and streams (subscriptions, jobs, calls) watch.

use std::sync::Arc;

use tokio::sync::watch;

/// A shutdown signal that long-lived streams (subscriptions) watch.
#[derive(Clone)]
pub struct Shutdown {
    tx: Arc<watch::Sender<bool>>,
}

impl Shutdown {
    pub fn new() -> Self {
        Self {
            tx: Arc::new(watch::channel(false).0),
        }
    }

    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    /// Resolves once shutdown has been triggered.
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(|down| *down).await;
    }
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}
