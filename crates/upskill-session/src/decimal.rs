//! Decimals read into the whole units the engine keeps, never rounded silently.
//!
//! The engine keeps durations in milliseconds, hours of work in minutes, and
//! proportions in parts per million. A written decimal is read exactly; one
//! that is not a whole number of the unit is refused, with one allowance: a
//! unit count that has no finite decimal (one minute is 0.01666… hours) may
//! be written rounded, when the written precision is at least ten times finer
//! than the unit and the text is that count correctly rounded (`0.016667`
//! hours is one minute; `20.001` hours, 1200.06 minutes, is refused).
//! Every reader of the canonical formats and of the pledge uses these
//! functions, so the rule is the same everywhere (docs/formats.md).

/// Why a decimal could not be read as whole units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecimalError {
    /// Not a non-negative plain decimal (`45`, `22.5`, `.5`), or too large.
    #[error("not a non-negative decimal number")]
    NotANumber,
    /// A number, but not a whole number of units: reading it would round it.
    #[error("finer than the unit the engine keeps")]
    Finer,
}

/// Reads a non-negative plain decimal and returns it in whole `unit`s
/// (`unit` units make one of the written quantity): `whole_units("22.5",
/// 60_000)` is 1,350,000 (milliseconds in 22.5 minutes).
///
/// Trailing zeros are free (`22.500000`). A value that is not a whole number
/// of units is refused, unless `10^decimals >= 10 * unit` and the text is a
/// whole number of units correctly rounded to its decimals (see the module).
///
/// # Errors
///
/// [`DecimalError::NotANumber`] for anything but digits with at most one
/// `.` (no sign, no exponent) or a value beyond `u64` units;
/// [`DecimalError::Finer`] for a value the engine would have to round.
///
/// # Example
///
/// ```
/// use upskill_session::decimal::{DecimalError, whole_units};
///
/// assert_eq!(whole_units("37.5", 60), Ok(2250));
/// assert_eq!(whole_units("0.016667", 60), Ok(1));
/// assert_eq!(whole_units("20.001", 60), Err(DecimalError::Finer));
/// assert_eq!(whole_units("0.00001", 60_000), Err(DecimalError::Finer));
/// ```
pub fn whole_units(text: &str, unit: u64) -> Result<u64, DecimalError> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(DecimalError::NotANumber);
    }
    let whole_value: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| DecimalError::NotANumber)?
    };
    let fraction = fraction.trim_end_matches('0');
    // Past 24 significant decimals no u64 unit count can be meant: a rounded
    // one needs 10^24 >= 10 * unit only, and an exact one ends in a digit
    // that is not 0, so 10^digits must divide `unit` (below 2^64 < 10^20).
    if fraction.len() > 24 {
        return Err(DecimalError::Finer);
    }
    let digits = u32::try_from(fraction.len()).map_err(|_| DecimalError::Finer)?;
    let scale = 10u128.pow(digits);
    let fraction_value: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| DecimalError::NotANumber)?
    };
    let unit128 = u128::from(unit);
    // The written value is `written / scale`; in units, `written * unit / scale`.
    let written = whole_value
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction_value))
        .ok_or(DecimalError::NotANumber)?;
    let times_unit = written
        .checked_mul(unit128)
        .ok_or(DecimalError::NotANumber)?;
    let units = if times_unit % scale == 0 {
        times_unit / scale
    } else {
        // Rounded: allowed only when the precision is ten times finer than
        // one unit, and the text is the nearest decimal to a whole count.
        if scale < unit128.saturating_mul(10) {
            return Err(DecimalError::Finer);
        }
        let nearest = (times_unit + scale / 2) / scale;
        let distance = times_unit.abs_diff(nearest.saturating_mul(scale));
        if distance.saturating_mul(2) > unit128 {
            return Err(DecimalError::Finer);
        }
        nearest
    };
    u64::try_from(units).map_err(|_| DecimalError::NotANumber)
}

/// [`whole_units`] for a binary float (as JSON numbers arrive through serde):
/// the float is taken at its shortest decimal (`0.1`, not
/// `0.1000000000000000055…`), and a float computed as `units / unit` (as the
/// project's own writers produce) is read back as `units`.
///
/// # Errors
///
/// As [`whole_units`]; [`DecimalError::NotANumber`] for a negative or
/// non-finite float.
///
/// # Example
///
/// ```
/// use upskill_session::decimal::whole_units_of_f64;
///
/// assert_eq!(whole_units_of_f64(2251.0 / 60.0, 60), Ok(2251));
/// assert!(whole_units_of_f64(37.51, 60).is_err());
/// ```
pub fn whole_units_of_f64(value: f64, unit: u64) -> Result<u64, DecimalError> {
    if !value.is_finite() || value < 0.0 {
        return Err(DecimalError::NotANumber);
    }
    // Up to 2^53 units the float of `units / unit` is the correctly rounded
    // quotient, and `units` is held exactly.
    let units = (value * unit as f64).round();
    if units < 9_007_199_254_740_992.0 && units / unit as f64 == value {
        // Below 2^53 and non-negative by the checks above: the cast is exact.
        return Ok(units as u64);
    }
    whole_units(&value.to_string(), unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_decimals_are_read_exactly() {
        assert_eq!(whole_units("22.5", 60_000), Ok(1_350_000));
        assert_eq!(
            whole_units("22.500000000000000000000", 60_000),
            Ok(1_350_000)
        );
        assert_eq!(whole_units("0.1", 60_000), Ok(6_000));
        assert_eq!(whole_units("0.001", 60_000), Ok(60));
        assert_eq!(whole_units(".5", 60), Ok(30));
        assert_eq!(whole_units("7.", 60), Ok(420));
        assert_eq!(whole_units("20.05", 60), Ok(1203));
        assert_eq!(whole_units("0", 60), Ok(0));
    }

    #[test]
    fn finer_values_are_refused_not_rounded() {
        assert_eq!(whole_units("20.001", 60), Err(DecimalError::Finer));
        assert_eq!(whole_units("37.51", 60), Err(DecimalError::Finer));
        assert_eq!(whole_units("0.33", 60), Err(DecimalError::Finer));
        assert_eq!(whole_units("0.0000083", 60_000), Err(DecimalError::Finer));
        assert_eq!(whole_units("0.0000084", 60_000), Err(DecimalError::Finer));
        assert_eq!(whole_units("0.00001", 60_000), Err(DecimalError::Finer));
        assert_eq!(whole_units("20.0001", 60), Err(DecimalError::Finer));
        assert_eq!(
            whole_units("0.0000000000000000000000001", 60),
            Err(DecimalError::Finer)
        );
    }

    #[test]
    fn rounded_thirds_are_read_when_unambiguous() {
        assert_eq!(whole_units("0.016667", 60), Ok(1));
        assert_eq!(whole_units("0.333", 60), Ok(20));
        assert_eq!(whole_units("0.0167", 60), Ok(1));
        assert_eq!(whole_units("0.000017", 60_000), Ok(1));
        // Truncated, not rounded: 0.01666 hours is 0.9996 minutes, not within
        // half of its last digit of 1 minute.
        assert_eq!(whole_units("0.01666", 60), Err(DecimalError::Finer));
    }

    #[test]
    fn not_numbers() {
        for text in [
            "",
            ".",
            "-1",
            "1e3",
            "abc",
            "1.2.3",
            " 1",
            "99999999999999999999999",
        ] {
            assert_eq!(
                whole_units(text, 60),
                Err(DecimalError::NotANumber),
                "{text}"
            );
        }
    }

    #[test]
    fn floats_from_writers_round_trip() {
        for minutes in [1u32, 30, 1350, 2250, 2251, 10_079] {
            assert_eq!(
                whole_units_of_f64(f64::from(minutes) / 60.0, 60),
                Ok(u64::from(minutes))
            );
        }
        assert_eq!(whole_units_of_f64(0.1, 60_000), Ok(6_000));
        assert_eq!(whole_units_of_f64(37.51, 60), Err(DecimalError::Finer));
        assert_eq!(whole_units_of_f64(-1.0, 60), Err(DecimalError::NotANumber));
        assert_eq!(
            whole_units_of_f64(f64::NAN, 60),
            Err(DecimalError::NotANumber)
        );
    }

    proptest::proptest! {
        /// Any whole count written with enough decimals reads back as itself.
        #[test]
        fn whole_counts_written_to_six_places_read_back(minutes in 0u32..=10_080) {
            let text = format!("{:.6}", f64::from(minutes) / 60.0);
            proptest::prop_assert_eq!(whole_units(&text, 60), Ok(u64::from(minutes)));
        }
    }
}
