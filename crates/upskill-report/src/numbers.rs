//! Numbers and instants as a report prints them, never seeming to say
//! what the verdict does not.
//!
//! A rate is decided exactly (`upskill-policy`: `met / eligible >= target`
//! on whole numbers), but printed rounded. Rounded naively, a week at
//! 49.97 % against a 50 % target would read `50.0%` and look met. The
//! helpers here round a figure *toward the side of the decision*: when the
//! usual rounding would put it on the other side of the threshold (or on
//! it, for a figure below), more decimals are shown until it does not, up
//! to [`MAX_EXTRA_DECIMALS`] more; past that the figure is cut toward its
//! side (down for a figure below, up for one at or above).

/// Most decimals added to a figure close to its threshold.
pub const MAX_EXTRA_DECIMALS: usize = 4;

/// Parts per million, the exact scale of pledge proportions (`upskill-pledge`).
const PPM: u128 = 1_000_000;

/// Whether `met / eligible` reaches `threshold` (a proportion in `0..=1`,
/// exact to six decimals as in the pledge), decided on whole numbers as the
/// engine decides it (DOMAIN.md, "Judging the organisation"). `None` when
/// nothing is eligible.
pub fn meets(met: u64, eligible: u64, threshold: f64) -> Option<bool> {
    if eligible == 0 {
        return None;
    }
    let ppm = (threshold.clamp(0.0, 1.0) * PPM as f64).round() as u128;
    Some(u128::from(met) * PPM >= ppm * u128::from(eligible))
}

/// `value` with `decimals` decimals, or more when needed so that the printed
/// figure compares with `threshold` the way `meets` says.
///
/// `decided(0.4997, 0.5, false, 3)` is `0.4997`, never `0.500`;
/// `decided(0.8, 0.8, true, 3)` is `0.800`.
pub fn decided(value: f64, threshold: f64, meets: bool, decimals: usize) -> String {
    for d in decimals..=decimals + MAX_EXTRA_DECIMALS {
        let text = format!("{value:.d$}");
        let shown = text.parse::<f64>().unwrap_or(value);
        if (shown >= threshold) == meets {
            return text;
        }
    }
    let d = decimals + MAX_EXTRA_DECIMALS;
    let scale = 10f64.powi(i32::try_from(d).unwrap_or(i32::MAX));
    let cut = if meets {
        (value * scale).ceil() / scale
    } else {
        (value * scale).floor() / scale
    };
    format!("{cut:.d$}")
}

/// A rate as a percentage with one decimal (`53.6%`), decided against
/// `threshold` as [`decided`] does; `-` without a rate.
pub fn decided_percent(rate: Option<f64>, threshold: f64, meets: bool) -> String {
    rate.map_or_else(
        || "-".to_string(),
        |r| format!("{}%", decided(r * 100.0, threshold * 100.0, meets, 1)),
    )
}

/// A threshold as it is: at least `decimals` decimals, up to six (the
/// pledge's precision), trailing zeros beyond `decimals` dropped
/// (`0.8` -> `0.800`, `0.8335` -> `0.8335`).
pub fn threshold(value: f64, decimals: usize) -> String {
    let full = format!("{value:.6}");
    let keep = full.find('.').map_or(full.len(), |dot| dot + 1 + decimals);
    let trimmed = full.trim_end_matches('0');
    if trimmed.len() > keep {
        trimmed.to_string()
    } else {
        full.get(..keep)
            .unwrap_or(&full)
            .trim_end_matches('.')
            .to_string()
    }
}

/// An RFC 3339 instant as people read it: to the second, without the
/// fraction (`2026-11-30T13:26:21.180243726+00:00` reads
/// `2026-11-30T13:26:21+00:00`). Text that is not such an instant is
/// returned as it is. The JSON report keeps the exact instant.
pub fn instant(rfc3339: &str) -> String {
    let Some(t) = rfc3339.find('T') else {
        return rfc3339.to_string();
    };
    let (date, time) = rfc3339.split_at(t);
    let Some(dot) = time.find('.') else {
        return rfc3339.to_string();
    };
    let (clock, fraction) = time.split_at(dot);
    let digits = fraction
        .char_indices()
        .skip(1)
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(fraction.len(), |(i, _)| i);
    if digits <= 1 {
        return rfc3339.to_string();
    }
    let zone = fraction.get(digits..).unwrap_or("");
    format!("{date}{clock}{zone}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_below_its_threshold_never_reads_as_meeting_it() {
        assert_eq!(decided(0.4997, 0.5, false, 3), "0.4997");
        assert_eq!(decided(49.97, 50.0, false, 1), "49.97");
        assert_eq!(decided(0.49999999, 0.5, false, 3), "0.4999999");
        assert_eq!(decided_percent(Some(0.4997), 0.5, false), "49.97%");
        assert_eq!(decided_percent(Some(0.497), 0.5, false), "49.7%");
        assert_eq!(decided_percent(None, 0.5, false), "-");
    }

    #[test]
    fn a_figure_at_or_above_keeps_the_usual_rounding() {
        assert_eq!(decided(0.8, 0.8, true, 3), "0.800");
        assert_eq!(decided(0.8123, 0.8, true, 3), "0.812");
        assert_eq!(decided(0.6, 0.8, false, 3), "0.600");
        assert_eq!(decided_percent(Some(0.536_4), 0.8, false), "53.6%");
    }

    #[test]
    fn a_figure_just_above_a_threshold_that_rounds_up_reads_above_it() {
        // threshold 0.8335 prints 0.834 (3 decimals); 0.8336 meets it.
        assert_eq!(decided(0.8336, 0.8335, true, 3), "0.834");
        // 0.8334 does not: printing 0.833 is below 0.834, true to the decision.
        assert_eq!(decided(0.8334, 0.8335, false, 3), "0.833");
    }

    #[test]
    fn thresholds_print_exactly() {
        assert_eq!(threshold(0.8, 3), "0.800");
        assert_eq!(threshold(0.8335, 3), "0.8335");
        assert_eq!(threshold(50.0, 1), "50.0");
        assert_eq!(threshold(1.0, 0), "1");
    }

    #[test]
    fn meeting_is_decided_on_whole_numbers() {
        assert_eq!(meets(4, 5, 0.8), Some(true));
        assert_eq!(meets(3_999_999, 5_000_000, 0.8), Some(false));
        assert_eq!(meets(0, 0, 0.8), None);
    }

    #[test]
    fn instants_print_to_the_second() {
        assert_eq!(
            instant("2026-11-30T13:26:21.180243726+00:00"),
            "2026-11-30T13:26:21+00:00"
        );
        assert_eq!(instant("2026-05-11T09:00:00.5Z"), "2026-05-11T09:00:00Z");
        assert_eq!(
            instant("2026-05-11T09:00:00+01:00"),
            "2026-05-11T09:00:00+01:00"
        );
        assert_eq!(instant("not an instant"), "not an instant");
    }
}
