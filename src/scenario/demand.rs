//! Demand on the interval grid: weekly profiles shifted from the customers' local time
//! into one UTC week, or a dated forecast CSV.

use std::path::Path;

use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::diagnostic::names_words;
use super::load::{Unreadable, read_user_text};
use super::model::*;
use super::raw::{self, Num};
use super::validate::{
    Cx, DAY_NAMES, MAX_PROFILE_WEIGHT, SHARE_TOL, WEEK_S, index_by_name, round6,
};
use crate::limits::{MAX_DURATION_S, MIN_DIST_MEAN_S};

#[allow(clippy::too_many_arguments)]
pub(super) fn demand(
    cx: &mut Cx,
    d: &Spanned<raw::Demand>,
    interval_s: f64,
    channels: &[String],
    langs: &[String],
    languages: &[Language],
    dir: &Path,
) -> Option<Demand> {
    let r = d.get_ref();
    let profile_keys = r.monthly_contacts.is_some()
        || r.weekly_contacts.is_some()
        || r.channel_mix.is_some()
        || r.day_of_week.is_some()
        || r.time_of_day.is_some()
        || r.time_of_day_by_channel.is_some()
        || r.time_of_day_by_day.is_some();
    if let Some(f) = &r.forecast {
        if profile_keys {
            cx.err(f.span(), "the demand gives both a forecast file and profiles", "keep either forecast = \"file.csv\" or the profile keys (monthly_contacts, channel_mix, day_of_week, time_of_day)");
            return None;
        }
        return forecast(cx, f, interval_s, channels, langs, dir);
    }
    let too_many = |cx: &mut Cx, v: &Spanned<Num>, what: &str| {
        if v.get_ref().0 > crate::limits::MAX_CONTACTS {
            cx.err(
                v.span(),
                format!(
                    "{what} is {}: more than a centre can take",
                    crate::dist::num_words(v.get_ref().0)
                ),
                "give at most 10,000,000 contacts (about 250 times the reference centre's week)",
            );
            true
        } else {
            false
        }
    };
    for v in [&r.monthly_contacts, &r.weekly_contacts]
        .into_iter()
        .flatten()
    {
        if too_many(
            cx,
            v,
            if r.monthly_contacts.is_some() {
                "monthly_contacts"
            } else {
                "weekly_contacts"
            },
        ) {
            return None;
        }
    }
    let weekly = match (&r.monthly_contacts, &r.weekly_contacts) {
        (Some(m), None) => cx
            .non_negative(
                m,
                "monthly_contacts",
                "write the expected contacts of an average month, zero or more",
            )
            .map(|m| m * 7.0 / 30.4375),
        (None, Some(w)) => cx.non_negative(
            w,
            "weekly_contacts",
            "write the expected contacts of a week, zero or more",
        ),
        (Some(m), Some(_)) => {
            cx.err(
                m.span(),
                "the demand gives both monthly_contacts and weekly_contacts",
                "keep one of the two (a week is 7 / 30.4375 of a month)",
            );
            None
        }
        (None, None) => {
            cx.err(
                d.span(),
                "the demand gives no volume",
                "add monthly_contacts = 165000 (or weekly_contacts), or forecast = \"file.csv\"",
            );
            None
        }
    };
    let slots = (86400.0 / interval_s).round() as usize;
    let channel_index = index_by_name(channels);
    let mut mix = vec![0.0; channels.len()];
    let mut mix_bad = false;
    match &r.channel_mix {
        Some(m) => {
            for (name, v) in m.get_ref() {
                match channel_index.get(name.as_str()).copied() {
                    Some(ci) => match cx.share(v, &format!("channel_mix {name}")) {
                        Some(x) => mix[ci] = x,
                        None => mix_bad = true,
                    },
                    None => {
                        mix_bad = true;
                        cx.err(
                            v.span(),
                            format!("channel_mix names `{name}`, which is not a channel"),
                            format!("use the channel names: {}", names_words(channels)),
                        )
                    }
                }
            }
            for c in channels {
                if !m.get_ref().contains_key(c) {
                    cx.err(
                        m.span(),
                        format!("channel_mix has no share for {c}"),
                        format!("add {c} = ... to channel_mix (0 if it gets no contacts)"),
                    );
                }
            }
            let sum: f64 = mix.iter().sum();
            if !mix_bad && (sum - 1.0).abs() > SHARE_TOL {
                cx.err(
                    m.span(),
                    format!("channel_mix shares add up to {}, not 1", round6(sum)),
                    "make the channel shares sum to 1",
                );
            }
        }
        None if channels.len() == 1 => mix[0] = 1.0,
        None if channels.is_empty() => {} // reported with the channels
        None => cx.err(
            d.span(),
            "the demand has no channel_mix",
            "add channel_mix = { voice = 0.3, chat = 0.5, email = 0.2 } (shares summing to 1)",
        ),
    }
    let profile = |cx: &mut Cx,
                   v: &Spanned<Vec<Spanned<Num>>>,
                   len: usize,
                   what: &str,
                   help: &str|
     -> Option<Vec<f64>> {
        let vals = v.get_ref();
        if vals.len() != len {
            cx.err(
                v.span(),
                format!("{what} has {} values but needs {len}", vals.len()),
                help.to_string(),
            );
            return None;
        }
        let mut out = Vec::with_capacity(len);
        for x in vals {
            out.push(cx.up_to(
                x,
                &format!("a {what} weight"),
                MAX_PROFILE_WEIGHT,
                "profile weights are relative volumes, from 0 to 1e9",
            )?);
        }
        if out.iter().sum::<f64>() <= 0.0 {
            cx.err(
                v.span(),
                format!("{what} is all zeros"),
                "give at least one positive weight",
            );
            return None;
        }
        Some(out)
    };
    let dow = match &r.day_of_week {
        Some(v) => profile(
            cx,
            v,
            7,
            "day_of_week",
            "give 7 relative weights, Monday to Sunday, in the customers' local days",
        ),
        None => Some(vec![1.0; 7]),
    };
    let tod_help = format!(
        "give {slots} relative weights, one per {} of the customers' local day",
        crate::duration::format_duration_s(interval_s)
    );
    let tod = match &r.time_of_day {
        Some(v) => profile(cx, v, slots, "time_of_day", &tod_help),
        None => Some(vec![1.0; slots]),
    };
    let mut tod_by: Vec<Option<Vec<f64>>> = vec![None; channels.len()];
    if let Some(by) = &r.time_of_day_by_channel {
        for (name, v) in by.get_ref() {
            match channel_index.get(name.as_str()).copied() {
                Some(ci) => {
                    tod_by[ci] = profile(
                        cx,
                        v,
                        slots,
                        &format!("time_of_day_by_channel {name}"),
                        &tod_help,
                    )
                }
                None => cx.err(
                    v.span(),
                    format!("time_of_day_by_channel names `{name}`, which is not a channel"),
                    format!("use the channel names: {}", names_words(channels)),
                ),
            }
        }
    }
    // a day's own shape, for every channel: [demand.time_of_day_by_day] fri = [...]
    let mut tod_day: Vec<Option<Vec<f64>>> = vec![None; 7];
    if let Some(by) = &r.time_of_day_by_day {
        for (key, v) in by.get_ref() {
            let days = match super::validate::days_of(&super::raw::Days::Text(key.clone())) {
                Ok(days) => days,
                Err(_) => {
                    cx.err(
                        v.span(),
                        format!("time_of_day_by_day names `{}`, which is not a day", crate::trace::clip(key)),
                        "name days as shifts do: mon, tue, … sun, a range such as \"sun-thu\", \"weekdays\" or \"weekend\"",
                    );
                    continue;
                }
            };
            let shape = profile(
                cx,
                v,
                slots,
                &format!("time_of_day_by_day {key}"),
                &tod_help,
            );
            let again: Vec<&str> = (0..7)
                .filter(|&day| days[day] && tod_day[day].is_some())
                .map(|day| DAY_NAMES[day])
                .collect();
            if !again.is_empty() {
                cx.err(
                    v.span(),
                    format!(
                        "time_of_day_by_day gives {} a second time (in `{}`)",
                        again.join(", "),
                        crate::trace::clip(key)
                    ),
                    "give each day one shape: split the ranges so they do not overlap",
                );
            }
            for (day, on) in days.iter().enumerate() {
                if *on {
                    tod_day[day] = shape.clone();
                }
            }
        }
    }
    let (weekly, dow, tod) = (weekly?, dow?, tod?);
    let n = (WEEK_S / interval_s).round() as usize;
    if too_many_cells(cx, d.span(), n, channels.len(), languages.len()) {
        return None;
    }
    let (nc, nl) = (channels.len(), languages.len());
    let mut contacts = vec![0.0; n * nc * nl];
    let dow_sum: f64 = dow.iter().sum();
    for c in 0..nc {
        let tod_c = tod_by[c].as_ref().unwrap_or(&tod);
        let tod_sum: f64 = tod_c.iter().sum();
        for (l, lang) in languages.iter().enumerate() {
            let volume = weekly * mix[c] * lang.share;
            if volume <= 0.0 {
                continue;
            }
            for (day, wd) in dow.iter().enumerate() {
                // the day's own shape, if any, else the channel's
                let (shape, shape_sum) = match &tod_day[day] {
                    Some(t) => (t, t.iter().sum::<f64>()),
                    None => (tod_c, tod_sum),
                };
                for (slot, ws) in shape.iter().enumerate() {
                    let v = volume * (wd / dow_sum) * (ws / shape_sum);
                    if v == 0.0 {
                        continue;
                    }
                    // local slot start → UTC, wrapped around the week
                    let utc = (day as f64 * 86400.0 + slot as f64 * interval_s
                        - lang.utc_offset_h * 3600.0)
                        .rem_euclid(WEEK_S);
                    let pos = utc / interval_s;
                    let i0 = pos.floor() as usize % n;
                    let frac = pos - pos.floor();
                    contacts[(i0 * nc + c) * nl + l] += v * (1.0 - frac);
                    if frac > 0.0 {
                        contacts[(((i0 + 1) % n) * nc + c) * nl + l] += v * frac;
                    }
                }
            }
        }
    }
    let labels = (0..n)
        .map(|i| {
            let t = i as f64 * interval_s;
            let day = (t / 86400.0) as usize;
            let sec = t - day as f64 * 86400.0;
            format!(
                "{} {:02}:{:02}",
                DAY_NAMES[day % 7],
                (sec / 3600.0) as u32,
                ((sec % 3600.0) / 60.0) as u32
            )
        })
        .collect();
    Some(Demand {
        n_intervals: n,
        n_channels: nc,
        n_languages: nl,
        contacts,
        aht_s: vec![f64::NAN; n * nc * nl],
        labels,
        weekday: (0..n)
            .map(|i| ((i as f64 * interval_s / 86400.0) as usize % 7) as u8)
            .collect(),
        time_of_day_s: (0..n).map(|i| (i as f64 * interval_s) % 86400.0).collect(),
        calendar: Calendar::RepeatingWeek,
    })
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) `z` days after 1970-01-01 (inverse of
/// [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `YYYY-MM-DDTHH:MM` (or a space for the T), UTC → seconds since 1970.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', ' '])?;
    let mut dp = date.split('-');
    let (y, m, d): (i64, u32, u32) = (
        dp.next()?.parse().ok()?,
        dp.next()?.parse().ok()?,
        dp.next()?.parse().ok()?,
    );
    if dp.next().is_some() || !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let days_in = [
        31,
        if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            29
        } else {
            28
        },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d > days_in[(m - 1) as usize] {
        return None;
    }
    let mut tp = time.split(':');
    let (hh, mm): (i64, i64) = (tp.next()?.parse().ok()?, tp.next()?.parse().ok()?);
    let ss: i64 = match tp.next() {
        Some(x) => x.parse().ok()?,
        None => 0,
    };
    if hh > 23 || mm > 59 || ss > 59 || tp.next().is_some() {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss)
}

/// Most cells (intervals × channels × languages) a demand grid may have.
const MAX_CELLS: usize = 20_000_000;

fn too_many_cells(
    cx: &mut Cx,
    span: std::ops::Range<usize>,
    n: usize,
    nc: usize,
    nl: usize,
) -> bool {
    let cells = n.saturating_mul(nc).saturating_mul(nl);
    if cells > MAX_CELLS {
        cx.err(
            span,
            format!("the demand has {n} intervals x {nc} channels x {nl} languages: {cells} cells, more than ccsim handles"),
            "keep intervals x channels x languages below 20,000,000: a shorter horizon, a coarser interval or fewer languages",
        );
        return true;
    }
    false
}

/// Why `s` is not a `YYYY-MM-DDTHH:MM` timestamp, in a user's words.
fn timestamp_problem(s: &str) -> String {
    let Some((date, time)) = s.split_once(['T', ' ']) else {
        return format!("`{s}` is not a date and time");
    };
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) {
            if !(1..=12).contains(&m) {
                return format!("`{s}`: there is no month {m}");
            }
            if parse_timestamp(&format!("{date}T00:00")).is_none() {
                return format!("`{s}`: {y:04}-{m:02} has no day {d}");
            }
            return format!("`{s}`: `{time}` is not a time of day HH:MM");
        }
    }
    format!("`{s}` is not a date and time")
}

fn forecast(
    cx: &mut Cx,
    f: &Spanned<String>,
    interval_s: f64,
    channels: &[String],
    langs: &[String],
    dir: &Path,
) -> Option<Demand> {
    let path = dir.join(f.get_ref());
    let text = match read_user_text(&path, "the forecast file") {
        // a byte-order mark (spreadsheets write one) is not part of the header
        Ok(t) => match t.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => t,
        },
        Err(Unreadable::Io(why)) => {
            cx.err(
                f.span(),
                format!("cannot read the forecast file {}: {why}", path.display(),),
                "give the forecast's path relative to the scenario file",
            );
            return None;
        }
        Err(Unreadable::Problem(d)) => {
            cx.problems.push(*d);
            return None;
        }
    };
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = match lines.next() {
        Some((_, h)) => h
            .split(',')
            .map(|x| x.trim().to_ascii_lowercase())
            .collect(),
        None => {
            cx.problems.push(Diagnostic::whole(
                &path,
                "the forecast file is empty",
                "start it with the header interval_start,channel,language,contacts[,aht]",
            ));
            return None;
        }
    };
    let expected = ["interval_start", "channel", "language", "contacts"];
    if header.len() < 4
        || header[..4] != expected
        || header.len() > 5
        || (header.len() == 5 && header[4] != "aht")
    {
        cx.problems.push(Diagnostic::at_line(&path, &text, 1, 1, text.lines().next().map_or(1, str::len), "the forecast's header is not interval_start,channel,language,contacts[,aht]", "write the header line exactly as interval_start,channel,language,contacts,aht (aht optional, in seconds)"));
        return None;
    }
    let step = interval_s as i64;
    let mut rows: Vec<(i64, usize, usize, f64, Option<f64>)> = Vec::new();
    let mut first_seen: std::collections::HashMap<(i64, usize, usize), usize> =
        std::collections::HashMap::new();
    let before = cx.problems.len();
    let (channel_index, language_index) = (index_by_name(channels), index_by_name(langs));
    for (i, line) in lines {
        let ln = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        let col_of = |k: usize| -> usize {
            fields[..k]
                .iter()
                .map(|s| s.chars().count() + 1)
                .sum::<usize>()
                + 1
        };
        let mut bad = |k: usize, msg: String, help: &str| {
            let width = fields.get(k).map_or(1, |s| s.chars().count());
            cx.problems.push_with("problems in forecast rows", || {
                Diagnostic::at_line(
                    &path,
                    &text,
                    ln,
                    if k < fields.len() {
                        col_of(k)
                    } else {
                        line.len() + 1
                    },
                    width,
                    msg,
                    help,
                )
            });
        };
        if fields.len() < 4 || fields.len() > header.len() {
            bad(
                fields.len().min(4),
                format!(
                    "this row has {} fields, the header {}",
                    fields.len(),
                    header.len()
                ),
                "write interval_start,channel,language,contacts[,aht] on every row",
            );
            continue;
        }
        let Some(t) = parse_timestamp(fields[0]) else {
            bad(
                0,
                timestamp_problem(fields[0].trim()),
                "write the interval start as YYYY-MM-DDTHH:MM in UTC, e.g. 2019-01-07T09:30",
            );
            continue;
        };
        if t.rem_euclid(step) != 0 {
            bad(
                0,
                format!(
                    "{} is not on the {} grid",
                    fields[0].trim(),
                    crate::duration::format_duration_s(interval_s)
                ),
                "interval starts must fall on the scenario's planning grid",
            );
            continue;
        }
        let Some(&c) = channel_index.get(fields[1].trim()) else {
            bad(
                1,
                format!("unknown channel `{}`", fields[1].trim()),
                &format!("use one of: {}", names_words(channels)),
            );
            continue;
        };
        let Some(&l) = language_index.get(fields[2].trim()) else {
            bad(
                2,
                format!("unknown language `{}`", fields[2].trim()),
                &format!("use one of: {}", names_words(langs)),
            );
            continue;
        };
        let contacts = match fields[3].trim().parse::<f64>() {
            Ok(v)
                if v.is_finite()
                    && (0.0..=crate::limits::MAX_CONTACTS_PER_INTERVAL).contains(&v) =>
            {
                v
            }
            _ => {
                bad(
                    3,
                    format!(
                        "contacts `{}` is not a number of zero or more",
                        fields[3].trim()
                    ),
                    "write the expected contacts of the interval (may be fractional, at most 100,000)",
                );
                continue;
            }
        };
        let aht = match fields.get(4).map(|s| s.trim()) {
            None | Some("") => None,
            Some(v) => match v.parse::<f64>() {
                Ok(x) if (MIN_DIST_MEAN_S..=MAX_DURATION_S).contains(&x) => Some(x),
                _ => {
                    bad(
                        4,
                        format!(
                            "aht `{v}` is not a number of seconds from {} to {MAX_DURATION_S} (366 days)",
                            crate::dist::num_words(MIN_DIST_MEAN_S)
                        ),
                        "write the mean handle time in seconds, or leave it empty",
                    );
                    continue;
                }
            },
        };
        match first_seen.get(&(t, c, l)) {
            Some(first) => {
                let width = line.trim_end_matches('\r').len();
                cx.problems.push_with("duplicate intervals", || {
                    Diagnostic::at_line(
                        &path,
                        &text,
                        ln,
                        1,
                        width,
                        format!(
                            "{} {} {} appears twice in the forecast (the first on line {first})",
                            fields[0].trim(),
                            channels[c],
                            langs[l]
                        ),
                        "give each interval, channel and language once; add the contacts up into one row",
                    )
                });
                continue;
            }
            None => {
                first_seen.insert((t, c, l), ln);
            }
        }
        rows.push((t, c, l, contacts, aht));
    }
    if cx.problems.len() > before {
        return None;
    }
    if rows.is_empty() {
        cx.problems.push(Diagnostic::whole(
            &path,
            "the forecast has no rows",
            "add one row per interval, channel and language",
        ));
        return None;
    }
    let t0 = rows.iter().map(|r| r.0).min()?;
    let t1 = rows.iter().map(|r| r.0).max()?;
    let n = ((t1 - t0) / step + 1) as usize;
    if n as f64 * interval_s > 366.0 * 86400.0 {
        cx.err(
            f.span(),
            format!(
                "the forecast spans {} days",
                (n as f64 * interval_s / 86400.0).ceil()
            ),
            "a forecast covers at most 366 days; split it",
        );
        return None;
    }
    let (nc, nl) = (channels.len(), langs.len());
    if too_many_cells(cx, f.span(), n, nc, nl) {
        return None;
    }
    let mut contacts = vec![0.0; n * nc * nl];
    let mut aht_s = vec![f64::NAN; n * nc * nl];
    for (t, c, l, v, aht) in rows {
        let i = ((t - t0) / step) as usize;
        let idx = (i * nc + c) * nl + l;
        if let (Some(slot), Some(a)) = (contacts.get_mut(idx), aht_s.get_mut(idx)) {
            *slot = v;
            if let Some(x) = aht {
                *a = x;
            }
        }
    }
    let labels = (0..n)
        .map(|i| {
            let t = t0 + i as i64 * step;
            let (y, m, d) = civil_from_days(t.div_euclid(86400));
            let s = t.rem_euclid(86400);
            format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}",
                s / 3600,
                (s % 3600) / 60
            )
        })
        .collect();
    Some(Demand {
        n_intervals: n,
        n_channels: nc,
        n_languages: nl,
        contacts,
        aht_s,
        labels,
        // 1970-01-01 was a Thursday (3 with Monday = 0)
        weekday: (0..n)
            .map(|i| ((t0 + i as i64 * step).div_euclid(86400) + 3).rem_euclid(7) as u8)
            .collect(),
        time_of_day_s: (0..n)
            .map(|i| (t0 + i as i64 * step).rem_euclid(86400) as f64)
            .collect(),
        calendar: Calendar::Dated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2019, 1, 7)), (2019, 1, 7));
        assert_eq!(
            parse_timestamp("2019-01-07T09:30"),
            Some(days_from_civil(2019, 1, 7) * 86400 + 9 * 3600 + 1800)
        );
        assert_eq!(parse_timestamp("2019-02-29 00:00"), None);
        assert!(parse_timestamp("2020-02-29 00:00").is_some());
        // 2019-01-07 was a Monday
        assert_eq!((days_from_civil(2019, 1, 7) + 3).rem_euclid(7), 0);
    }

    use std::path::Path;

    use crate::scenario::{Scenario, load_str};

    /// One voice channel on a 60-minute grid; `languages` are TOML `[[language]]` entries.
    fn profile_scenario(languages: &str, demand: &str) -> Scenario {
        let text = format!(
            r#"
[scenario]
name = "profiles"
interval = "60m"
[[channel]]
name = "voice"
kind = "live"
[channel.target]
service_level = 0.8
within = "20s"
{languages}
[demand]
{demand}
[[tier]]
name = "L1"
resolve = 1.0
[tier.handle_time]
voice = {{ dist = "exponential", mean = "3m" }}
"#
        );
        match load_str(&text, Path::new("profiles.toml")) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// All of a language's week in one local hour: Monday 09:00 local.
    const MONDAY_NINE: &str = "weekly_contacts = 700
day_of_week = [1, 0, 0, 0, 0, 0, 0]
time_of_day = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]";

    #[test]
    fn a_day_with_its_own_shape_keeps_its_volume_and_moves_it() {
        // every day 100 contacts, 09:00 by default; Friday at 08:00 and 13:00, the
        // weekend ("sat-sun") at 20:00
        let mut fri = vec!["0"; 24];
        fri[8] = "1";
        fri[13] = "3";
        let mut weekend = vec!["0"; 24];
        weekend[20] = "1";
        let demand = format!(
            "weekly_contacts = 700
time_of_day = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
[demand.time_of_day_by_day]
fri = [{}]
\"sat-sun\" = [{}]",
            fri.join(", "),
            weekend.join(", ")
        );
        let s = profile_scenario("[[language]]\nname = \"en\"\nshare = 1", &demand);
        let d = &s.demand;
        let at = |day: usize, hour: usize| d.contacts(day * 24 + hour, 0, 0);
        for day in 0..4 {
            assert_eq!(at(day, 9), 100.0);
        }
        assert_eq!((at(4, 8), at(4, 9), at(4, 13)), (25.0, 0.0, 75.0));
        assert_eq!((at(5, 20), at(6, 20), at(6, 9)), (100.0, 100.0, 0.0));
        let week: f64 = (0..168).map(|i| d.contacts(i, 0, 0)).sum();
        assert!((week - 700.0).abs() < 1e-9, "{week}");
    }

    #[test]
    fn local_time_is_shifted_into_the_utc_week() {
        let s = profile_scenario(
            r#"
[[language]]
name = "ru"
share = 0.5
utc_offset = 3
[[language]]
name = "es"
share = 0.3
utc_offset = -5
[[language]]
name = "zh"
share = 0.2
utc_offset = 10"#,
            MONDAY_NINE,
        );
        let d = &s.demand;
        assert_eq!(d.n_intervals, 168);
        let at = |l: usize| -> Vec<(usize, f64)> {
            (0..d.n_intervals)
                .filter(|&i| d.contacts(i, 0, l) != 0.0)
                .map(|i| (i, d.contacts(i, 0, l)))
                .collect()
        };
        // Monday 09:00 at UTC+3 is Monday 06:00 UTC
        assert_eq!(at(0), [(6, 350.0)]);
        assert_eq!(d.labels[6], "Mon 06:00");
        // at UTC-5 it is Monday 14:00 UTC
        assert_eq!(at(1), [(14, 210.0)]);
        // at UTC+10 it is Sunday 23:00 UTC: the week wraps
        assert_eq!(at(2), [(167, 140.0)]);
        assert_eq!(d.labels[167], "Sun 23:00");
        assert_eq!(d.weekday[167], 6);
        assert_eq!(d.time_of_day_s[167], 82800.0);
        assert_eq!(d.total(), 700.0);
    }

    #[test]
    fn a_fractional_offset_splits_an_interval_between_two() {
        let s = profile_scenario(
            r#"
[[language]]
name = "hi"
share = 1.0
utc_offset = 5.5"#,
            MONDAY_NINE,
        );
        let d = &s.demand;
        // Monday 09:00-10:00 at UTC+5:30 is 03:30-04:30 UTC: half in 03:00, half in 04:00
        assert_eq!(d.contacts(3, 0, 0), 350.0);
        assert_eq!(d.contacts(4, 0, 0), 350.0);
        assert_eq!(d.total(), 700.0);
        // Monday 00:00 local at UTC+5:30 starts in Sunday's 18:00 UTC hour
        let s = profile_scenario(
            r#"
[[language]]
name = "hi"
share = 1.0
utc_offset = 5.5"#,
            "weekly_contacts = 70
day_of_week = [1, 0, 0, 0, 0, 0, 0]
time_of_day = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
        );
        assert_eq!(s.demand.contacts(6 * 24 + 18, 0, 0), 35.0);
        assert_eq!(s.demand.contacts(6 * 24 + 19, 0, 0), 35.0);
    }

    #[test]
    fn profiles_are_normalised_so_the_week_holds_exactly_its_volume() {
        // monthly volume, uneven days and hours, two languages with offsets
        let tod: Vec<String> = (0..24).map(|h| format!("{}", 1 + h % 5)).collect();
        let s = profile_scenario(
            r#"
[[language]]
name = "en"
share = 0.75
[[language]]
name = "ar"
share = 0.25
utc_offset = 3"#,
            &format!(
                "monthly_contacts = 165000\nday_of_week = [3, 3, 3, 3, 2, 1, 1]\ntime_of_day = [{}]",
                tod.join(", ")
            ),
        );
        let d = &s.demand;
        let weekly = 165_000.0 * 7.0 / 30.4375;
        for (l, share) in [(0, 0.75), (1, 0.25)] {
            let sum: f64 = (0..d.n_intervals).map(|i| d.contacts(i, 0, l)).sum();
            assert!(
                (sum - weekly * share).abs() < 1e-9 * weekly,
                "{sum} vs {}",
                weekly * share
            );
        }
        // English (UTC) follows the profile exactly: 04:00 weighs 5, 00:00 weighs 1
        let r = d.contacts(4, 0, 0) / d.contacts(0, 0, 0);
        assert!((r - 5.0).abs() < 1e-12, "{r}");
        // Saturday is a third of Monday
        let r = d.contacts(5 * 24 + 4, 0, 0) / d.contacts(4, 0, 0);
        assert!((r - 1.0 / 3.0).abs() < 1e-12, "{r}");
        // Arabic (UTC+3, a third of English's share): local 04:00 is 01:00 UTC
        let r = d.contacts(1, 0, 1) / d.contacts(4, 0, 0);
        assert!((r - 1.0 / 3.0).abs() < 1e-12, "{r}");
    }
}
