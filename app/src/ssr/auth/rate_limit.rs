//! Sign-in throttling: attempts are counted per account *and client IP* and per client IP in a
//! fixed window; past either limit, the attempt is refused with 429 until the window ends.
//! In-process (one server); a restart forgets the counts.
//!
//! - **Counted before the password is checked**, in one step with the check of the limit
//!   ([`SignInLimiter::begin`]): parallel attempts cannot all slip under the limit while their
//!   hashes are being computed. A success hands its attempt back ([`Attempt::succeeded`]).
//! - **Per account and IP**, not per account alone: a stranger guessing a member's password
//!   uses up their own allowance, and the member, signing in from their own address, is not
//!   locked out. The per-IP limit (higher: offices share an address) bounds one address's
//!   guessing across accounts; it counts failures only, once they are known, so a room of
//!   delegates signing in at once behind one conference Wi-Fi address is never refused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Limits for sign-in attempts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Failed attempts allowed per account from one IP within the window.
    pub per_account: u32,
    /// Failed attempts allowed per client IP within the window, across accounts.
    pub per_ip: u32,
    /// How long attempts are remembered.
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

/// Counts of recent attempts, keyed by account and IP, or by IP.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    limits: Limits,
    counts: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Most keys the limiter keeps before it sweeps out expired ones.
const SWEEP_AT: usize = 10_000;

/// An attempt counted by [`SignInLimiter::begin`]: it stays counted as a failure unless
/// [`Attempt::succeeded`] or [`Attempt::forget`] is called; a failure is added to the IP's count
/// when the attempt is dropped.
#[must_use = "call `succeeded` when the password was right"]
pub struct Attempt {
    limiter: Arc<SignInLimiter>,
    keys: [String; 2],
    settled: bool,
}

impl Attempt {
    /// The password was right: this attempt no longer counts, and neither do the account's
    /// earlier failures from this IP.
    pub fn succeeded(mut self) {
        self.settled = true;
        self.limiter.lock().remove(&self.keys[0]);
    }

    /// The attempt was refused for a reason that reveals nothing (a malformed form, say): it
    /// no longer counts; earlier attempts still do.
    pub fn forget(mut self) {
        self.settled = true;
        if let Some(entry) = self.limiter.lock().get_mut(&self.keys[0]) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

impl Drop for Attempt {
    /// Neither a success nor forgotten: a failure, which the IP's count now includes.
    fn drop(&mut self) {
        if !self.settled {
            let now = Instant::now();
            let window = self.limiter.limits.window;
            let mut counts = self.limiter.lock();
            let entry = counts.entry(self.keys[1].clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= window {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }
}

impl SignInLimiter {
    /// A limiter with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn keys(account: &str, ip: &str) -> [(String, u32); 2] {
        [
            (format!("account:{account}\nip:{ip}"), 0),
            (format!("ip:{ip}"), 1),
        ]
    }

    /// Counts an attempt on `account` from `ip`, before its password is checked: `Err(wait)`
    /// when the account from this IP, or this IP, has used up its attempts (nothing is
    /// counted then).
    pub fn begin(self: &Arc<Self>, account: &str, ip: &str) -> Result<Attempt, Duration> {
        let now = Instant::now();
        let window = self.limits.window;
        let keys = Self::keys(account, ip);
        let mut counts = self.lock();
        if counts.len() > SWEEP_AT {
            counts.retain(|_, (_, since)| now.duration_since(*since) < window);
        }
        for (key, kind) in &keys {
            let limit = if *kind == 0 {
                self.limits.per_account
            } else {
                self.limits.per_ip
            };
            if let Some((count, since)) = counts.get(key) {
                let elapsed = now.duration_since(*since);
                if *count >= limit && elapsed < window {
                    return Err(window.saturating_sub(elapsed));
                }
            }
        }
        // The account's count takes the attempt now (parallel guesses cannot slip under it);
        // the IP's takes it only as a failure, when the attempt is dropped.
        let entry = counts.entry(keys[0].0.clone()).or_insert((0, now));
        if now.duration_since(entry.1) >= window {
            *entry = (0, now);
        }
        entry.0 += 1;
        drop(counts);
        let [(account_key, _), (ip_key, _)] = keys;
        Ok(Attempt {
            limiter: Arc::clone(self),
            keys: [account_key, ip_key],
            settled: false,
        })
    }
}

/// The message for an attempt refused by the limiter, telling how long to wait.
pub fn too_many(what: &str, wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    format!(
        "Too many failed {what} attempts. Wait {minutes} minute{} and try again, or ask an admin for a password reset code.",
        if minutes == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_account: u32, per_ip: u32) -> Arc<SignInLimiter> {
        Arc::new(SignInLimiter::new(Limits {
            per_account,
            per_ip,
            window: Duration::from_secs(60),
        }))
    }

    #[test]
    fn a_stranger_cannot_lock_the_owner_out() {
        let limiter = limiter(2, 10);
        for _ in 0..2 {
            drop(limiter.begin("a@x", "6.6.6.6").expect("counted"));
        }
        assert!(
            limiter.begin("a@x", "6.6.6.6").is_err(),
            "the guesser waits"
        );
        limiter
            .begin("a@x", "1.1.1.1")
            .expect("the owner, from their own address")
            .succeeded();
        assert!(limiter.begin("b@x", "6.6.6.6").is_ok(), "other accounts");
    }

    #[test]
    fn many_members_signing_in_at_once_from_one_address_are_not_refused() {
        let limiter = limiter(5, 3);
        let in_flight: Vec<Attempt> = (0..50)
            .map(|i| {
                limiter
                    .begin(&format!("delegate{i}@x"), "10.0.0.1")
                    .expect("a sign-in still being checked is no failure")
            })
            .collect();
        for attempt in in_flight {
            attempt.succeeded();
        }
        assert!(limiter.begin("late@x", "10.0.0.1").is_ok());
    }

    #[test]
    fn an_ip_is_limited_across_accounts() {
        let limiter = limiter(5, 3);
        for account in ["a@x", "b@x", "c@x"] {
            drop(limiter.begin(account, "6.6.6.6").expect("counted"));
        }
        assert!(limiter.begin("d@x", "6.6.6.6").is_err());
        assert!(limiter.begin("d@x", "7.7.7.7").is_ok());
    }

    #[test]
    fn attempts_count_before_the_password_is_checked() {
        // Five attempts in flight at once: none has failed yet, the sixth is refused anyway.
        let limiter = limiter(5, 20);
        let in_flight: Vec<Attempt> = (0..5)
            .map(|_| limiter.begin("a@x", "6.6.6.6").expect("counted"))
            .collect();
        assert!(limiter.begin("a@x", "6.6.6.6").is_err());
        drop(in_flight);
    }

    #[test]
    fn a_success_clears_the_account_from_that_ip() {
        let limiter = limiter(2, 20);
        drop(limiter.begin("a@x", "1.1.1.1").expect("counted"));
        limiter
            .begin("a@x", "1.1.1.1")
            .expect("counted")
            .succeeded();
        drop(limiter.begin("a@x", "1.1.1.1").expect("counted"));
        assert!(limiter.begin("a@x", "1.1.1.1").is_ok());
    }

    #[test]
    fn a_forgotten_attempt_does_not_count() {
        let limiter = limiter(1, 20);
        limiter
            .begin("sign-up", "1.1.1.1")
            .expect("counted")
            .forget();
        drop(limiter.begin("sign-up", "1.1.1.1").expect("counted"));
        assert!(limiter.begin("sign-up", "1.1.1.1").is_err());
    }

    #[test]
    fn the_wait_is_said_in_minutes() {
        assert!(too_many("sign-in", Duration::from_secs(61)).contains("Wait 2 minutes"));
        assert!(too_many("sign-in", Duration::from_secs(5)).contains("Wait 1 minute "));
    }
}
