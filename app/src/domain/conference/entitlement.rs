//! Delegate entitlement: how many delegates a CLP may send to conference, from its membership
//! under the year's [`DelegateSettings`].
//!
//! DOMAIN.md: "one per CLP for the first 749 members and one more per further 250, capped at six
//! since 2022, plus possible extra women's and youth delegates; every second delegate must be a
//! woman". The Rule Book counts a part of a further 250 as a whole one ("or part thereof"), so
//! by default 750 members give two delegates; [`DelegateSettings::count_part_band`] turns that
//! off. A CLP always has at least one delegate, even with no members on record. The cap applies
//! to the membership delegates only; extra women's and youth delegates come on top of it.
//!
//! ```
//! use app::domain::conference::entitlement::{entitlement, DelegateSettings};
//! let e = entitlement(1_000, &DelegateSettings::default());
//! assert_eq!((e.membership_delegates, e.total, e.women_minimum), (3, 3, 1));
//! ```

use serde::{Deserialize, Serialize};

/// The year's rules for delegate entitlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DelegateSettings {
    /// Members covered by the first delegate (749).
    pub first_band: u32,
    /// Members per further delegate above the first band (250); 0 means no further delegates.
    pub per_further: u32,
    /// Whether a part of a further band earns a delegate ("or part thereof"; the default).
    pub count_part_band: bool,
    /// The most membership delegates a CLP may send (six since 2022); `None` for no cap.
    pub cap: Option<u32>,
    /// Additional women's delegates every CLP may send this year, on top of the cap.
    pub extra_women: u32,
    /// Additional youth delegates every CLP may send this year, on top of the cap.
    pub extra_youth: u32,
}

impl Default for DelegateSettings {
    /// The rule since 2022: 749, then one per further 250 or part, at most six; no extras
    /// unless the year's settings grant them.
    fn default() -> Self {
        DelegateSettings {
            first_band: 749,
            per_further: 250,
            count_part_band: true,
            cap: Some(6),
            extra_women: 0,
            extra_youth: 0,
        }
    }
}

/// A CLP's delegate entitlement with its breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    /// The membership the entitlement was worked out from.
    pub members: u32,
    /// Further delegates earned above the first band, before the cap.
    pub further: u32,
    /// Delegates lost to the cap (0 when under it).
    pub over_cap: u32,
    /// Delegates from membership: 1 + further − over_cap.
    pub membership_delegates: u32,
    /// Extra women's delegates.
    pub extra_women: u32,
    /// Extra youth delegates.
    pub extra_youth: u32,
    /// Every delegate the CLP may send.
    pub total: u32,
    /// The fewest women among them: every second membership delegate, and every extra women's
    /// delegate.
    pub women_minimum: u32,
}

/// The delegate entitlement of a CLP with `members` members.
pub fn entitlement(members: u32, settings: &DelegateSettings) -> Entitlement {
    let above = members.saturating_sub(settings.first_band);
    let further = match settings.per_further {
        0 => 0,
        n if settings.count_part_band => above.div_ceil(n),
        n => above / n,
    };
    let uncapped = further.saturating_add(1);
    // A cap of 0 would leave a CLP without a delegate; every CLP has at least one.
    let capped = settings
        .cap
        .map_or(uncapped, |cap| uncapped.min(cap.max(1)));
    let total = capped
        .saturating_add(settings.extra_women)
        .saturating_add(settings.extra_youth);
    Entitlement {
        members,
        further,
        over_cap: uncapped - capped,
        membership_delegates: capped,
        extra_women: settings.extra_women,
        extra_youth: settings.extra_youth,
        total,
        women_minimum: (capped / 2).saturating_add(settings.extra_women),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delegates(members: u32) -> u32 {
        entitlement(members, &DelegateSettings::default()).membership_delegates
    }

    #[test]
    fn every_clp_has_one_delegate() {
        assert_eq!(delegates(0), 1);
        assert_eq!(delegates(1), 1);
        assert_eq!(delegates(749), 1);
    }

    #[test]
    fn band_boundaries_count_part_of_250() {
        assert_eq!(delegates(750), 2);
        assert_eq!(delegates(999), 2);
        assert_eq!(delegates(1_000), 3);
        assert_eq!(delegates(1_249), 3);
        assert_eq!(delegates(1_250), 4);
        assert_eq!(delegates(1_749), 5);
    }

    #[test]
    fn whole_bands_only_when_set() {
        let s = DelegateSettings {
            count_part_band: false,
            ..DelegateSettings::default()
        };
        let d = |m| entitlement(m, &s).membership_delegates;
        assert_eq!((d(749), d(750), d(998), d(999), d(1_000)), (1, 1, 1, 2, 2));
        assert_eq!(d(1_249), 3);
    }

    #[test]
    fn cap_at_six() {
        let e = entitlement(1_750, &DelegateSettings::default());
        assert_eq!((e.further, e.over_cap, e.membership_delegates), (5, 0, 6));
        let e = entitlement(10_000, &DelegateSettings::default());
        assert_eq!((e.further, e.over_cap, e.membership_delegates), (38, 33, 6));
        let uncapped = DelegateSettings {
            cap: None,
            ..DelegateSettings::default()
        };
        assert_eq!(entitlement(10_000, &uncapped).membership_delegates, 39);
    }

    #[test]
    fn extras_come_on_top_of_the_cap_and_women_are_counted() {
        let s = DelegateSettings {
            extra_women: 1,
            extra_youth: 1,
            ..DelegateSettings::default()
        };
        let e = entitlement(5_000, &s);
        assert_eq!((e.membership_delegates, e.total), (6, 8));
        // Three of the six membership delegates and the extra women's delegate.
        assert_eq!(e.women_minimum, 4);
        let e = entitlement(100, &s);
        assert_eq!((e.total, e.women_minimum), (3, 1));
    }

    #[test]
    fn degenerate_settings_never_panic_or_leave_a_clp_without_a_delegate() {
        let s = DelegateSettings {
            first_band: 0,
            per_further: 0,
            cap: Some(0),
            ..DelegateSettings::default()
        };
        assert_eq!(entitlement(u32::MAX, &s).membership_delegates, 1);
        let s = DelegateSettings {
            first_band: 0,
            per_further: 1,
            cap: None,
            extra_women: u32::MAX,
            extra_youth: u32::MAX,
            count_part_band: true,
        };
        assert_eq!(entitlement(u32::MAX, &s).total, u32::MAX);
    }

    #[test]
    fn settings_read_with_defaults() {
        let s: DelegateSettings = serde_json::from_str(r#"{"cap":null}"#).unwrap_or_default();
        assert_eq!(s.cap, None);
        assert_eq!(s.first_band, 749);
    }
}
