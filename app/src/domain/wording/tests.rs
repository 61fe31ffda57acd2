//! Cross-cutting tests of the wording engine: round trips, realistic wording, snapshots.

use super::*;
