//! Sign-in throttling: failed attempts are counted per account and per client IP in a fixed
//! window; past the limit, sign-in is refused with 429 until the window ends. In-process (one
//! server); a restart forgets the counts.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Limits for failed sign-ins.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Failures allowed per account within the window.
    pub per_account: u32,
    /// Failures allowed per client IP within the window (higher: offices share an address).
    pub per_ip: u32,
    /// How long failures are remembered.
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_ip: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Counts of recent failures, keyed by account or IP.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    limits: Limits,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Most keys the limiter keeps before it sweeps out expired ones.
const SWEEP_AT: usize = 10_000;

impl SignInLimiter {
    /// A limiter with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(account: &str, ip: &str) -> [(String, u32); 2] {
        [(format!("account:{account}"), 0), (format!("ip:{ip}"), 1)]
    }

    /// `Some(wait)` when the account or the IP has used up its failures.
    pub fn blocked(&self, account: &str, ip: &str) -> Option<Duration> {
        let now = Instant::now();
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys(account, ip).into_iter().find_map(|(key, kind)| {
            let limit = if kind == 0 {
                self.limits.per_account
            } else {
                self.limits.per_ip
            };
            failures.get(&key).and_then(|(count, since)| {
                let elapsed = now.duration_since(*since);
                (*count >= limit && elapsed < self.limits.window)
                    .then(|| self.limits.window.saturating_sub(elapsed))
            })
        })
    }

    /// Records a failed attempt against the account and the IP.
    pub fn record_failure(&self, account: &str, ip: &str) {
        let now = Instant::now();
        let window = self.limits.window;
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > SWEEP_AT {
            failures.retain(|_, (_, since)| now.duration_since(*since) < window);
        }
        for (key, _) in Self::keys(account, ip) {
            let entry = failures.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= window {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// Forgets the account's failures after a successful sign-in (the IP's remain).
    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_an_account_after_its_failures_and_an_ip_after_its_own() {
        let limiter = SignInLimiter::new(Limits {
            per_account: 2,
            per_ip: 3,
            window: Duration::from_secs(60),
        });
        limiter.record_failure("a@x", "1.1.1.1");
        assert!(limiter.blocked("a@x", "1.1.1.1").is_none());
        limiter.record_failure("a@x", "1.1.1.1");
        assert!(
            limiter.blocked("a@x", "2.2.2.2").is_some(),
            "per account, any IP"
        );
        assert!(limiter.blocked("b@x", "1.1.1.1").is_none());
        limiter.record_failure("b@x", "1.1.1.1");
        assert!(
            limiter.blocked("c@x", "1.1.1.1").is_some(),
            "per IP, any account"
        );
        limiter.record_success("a@x");
        assert!(limiter.blocked("a@x", "9.9.9.9").is_none());
    }
}
