//! The documented limits of every input, in one place. Each bound keeps a computation
//! exact and fast (no float overflow, no runaway allocation, no hang) and is stated in
//! README.md under "Accepted ranges and limits"; error messages quote these constants.

use std::io::Read;
use std::path::Path;

/// Most agents in one shift, one group, one calculator answer or one replay bin. A
/// large centre has thousands; the engine keeps about 100 bytes per agent.
pub const MAX_AGENTS: u32 = 100_000;

/// Most trunk lines the calculator's M/M/N/K chain takes (its states are kept in memory).
pub const MAX_LINES: u32 = 1_000_000;

/// Longest shift, and longest length a shift template allows: one day (a shift may run
/// past midnight, never into the same hour of the next day).
pub const MAX_SHIFT_S: f64 = 86_400.0;

/// Largest premium of a shift template (`night_premium.share`, `weekend_premium`), as
/// an extra share of the rate: 10 pays 11 times the rate for those hours.
pub const MAX_PREMIUM_SHARE: f64 = 10.0;

/// Most contacts one agent holds at once (chat concurrency), in scenarios and the calculator.
pub const MAX_CONCURRENCY: u32 = 20;

/// The one rule for writing service levels, quoted by `ccsim erlang --help` and the
/// errors that refuse a service level written the other way.
pub const SERVICE_LEVEL_RULE: &str = "service levels are percentages on the command line (80/20) and shares in scenario files (service_level = 0.8)";

/// Longest duration any input may give (handle time, patience, delays, warm-up,
/// interval, duty bins): one year of 366 days. Longer values overflow nothing, but
/// they make waits and horizons that no contact centre plans for.
pub const MAX_DURATION_S: f64 = 366.0 * 86400.0;

/// Most contacts a profile demand may give (`monthly_contacts` or `weekly_contacts`):
/// about 250 times the reference centre's week. A simulated day of 10 million contacts a
/// week is 1.4 million contacts, well under a second of the engine; a billion took over
/// a minute to staff and, overloaded, gigabytes to simulate.
pub const MAX_CONTACTS: f64 = 10_000_000.0;

/// Most contacts one forecast row may give for its interval.
pub const MAX_CONTACTS_PER_INTERVAL: f64 = 100_000.0;

/// Longest simulated horizon, in days (`--days`, a trace's span, a forecast's dates).
pub const MAX_DAYS: f64 = 3660.0;

/// Shortest mean (or value) of a handle-time or patience distribution: one
/// nanosecond (a patience this short models a loss system: whoever finds every agent
/// busy leaves). Far above the floats where the samplers' scales break down.
pub const MIN_DIST_MEAN_S: f64 = 1e-9;

/// Longest mean (or value, or empirical value) a distribution takes: 1e12 s. Scenario
/// durations stop at [`MAX_DURATION_S`]; programs may go further (a replay's
/// "nobody abandons" patience is 1e9 s). Far below where draws could overflow (a
/// lognormal of cv 1000 draws up to about 1e22 × its mean).
pub const MAX_DIST_MEAN_S: f64 = 1e12;

/// Smallest and largest coefficient of variation of a lognormal or gamma distribution.
/// Inside, rand_distr's samplers reproduce the distribution to better than 1e-9
/// (gamma: the Marsaglia-Tsang test loses about 2.2e-16 / cv; lognormal: the normal
/// draws reach 13 standard deviations, the mean needs ln(1 + cv²)^½ + 6). Outside,
/// a tiny cv made gamma draws infinite and a huge one made both act as constants.
pub const MIN_CV: f64 = 1e-3;
/// See [`MIN_CV`].
pub const MAX_CV: f64 = 1e3;

/// Largest `--volume-cv`: the day factor is a gamma of mean 1; above 1 its shape is
/// below 1 (most days nearly empty, rare days many times the forecast).
pub const MAX_VOLUME_CV: f64 = 1.0;

/// Most times an unresolved first contact may come back on average (re-contact share
/// × unresolved share = r, returns r / (1 − r)): at 99 the load is 100 times the
/// first contacts; at r = 1 the re-contacts never die out.
pub const MAX_RECONTACT_RETURNS: f64 = 99.0;

/// Shortest agents-on-duty bin of a replay (`replay --duty-bin`): one minute.
pub const MIN_DUTY_BIN_S: f64 = 60.0;

/// Longest agents-on-duty bin of a replay: one day (a trace spans whole days).
pub const MAX_DUTY_BIN_S: f64 = 86_400.0;

/// Largest scenario file (and forecast CSV it names).
pub const MAX_SCENARIO_BYTES: u64 = 64 << 20;

/// Largest trace file (a year of the Anonymous Bank's records is about 50 MB).
pub const MAX_TRACE_BYTES: u64 = 1 << 30;

/// Problems reported in full before the rest are only counted.
pub const MAX_REPORTED_PROBLEMS: usize = 20;

/// Why a file could not be read, in words for a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file is larger than `max_bytes`.
    TooLarge { max_bytes: u64 },
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    NotUtf8 { offset: usize },
    /// The operating system's error, in words.
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge { max_bytes } => {
                write!(f, "it is larger than {}", format_bytes(*max_bytes))
            }
            ReadError::NotUtf8 { offset } => {
                write!(f, "it is not UTF-8 text (byte {offset} is not)")
            }
            ReadError::Io(m) => f.write_str(m),
        }
    }
}

/// Files this process has opened for reading: `report::write_files` never writes over
/// one of them (a `--csv` pointed at the scenario, or at a forecast it names).
static FILES_READ: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Note that `path` is an input of this run (every capped read does this).
pub fn note_read(path: &Path) {
    if let Ok(mut files) = FILES_READ.lock() {
        files.push(path.to_path_buf());
    }
}

/// Every file noted by [`note_read`] so far.
pub fn files_read() -> Vec<std::path::PathBuf> {
    FILES_READ.lock().map(|f| f.clone()).unwrap_or_default()
}

/// Read at most `max_bytes` of a file (a device such as /dev/zero stops there too).
pub fn read_bytes_capped(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    note_read(path);
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(io_words(&e)))?;
    let mut bytes = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(io_words(&e)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge { max_bytes });
    }
    Ok(bytes)
}

/// Read a text file of at most `max_bytes`.
pub fn read_text_capped(path: &Path, max_bytes: u64) -> Result<String, ReadError> {
    let bytes = read_bytes_capped(path, max_bytes)?;
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// An I/O error in a user's words.
pub fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        std::io::ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

/// `64 MiB`, `1 GiB`, `512 bytes`.
pub fn format_bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n % size == 0 {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

/// Most rows one `ccsim erlang` call computes (the product of the values of `--calls`,
/// `--aht` and `--agents`).
pub const MAX_CALCULATOR_ROWS: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_read_only_up_to_the_cap() {
        let r = read_bytes_capped(Path::new("/dev/zero"), 1024);
        assert_eq!(r, Err(ReadError::TooLarge { max_bytes: 1024 }));
        assert_eq!(
            r.unwrap_err().to_string(),
            "it is larger than 1 KiB".to_string()
        );
    }

    #[test]
    fn bad_utf8_names_the_byte() {
        let dir = std::env::temp_dir().join(format!("ccsim-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("latin1.txt");
        std::fs::write(&p, b"ab\xe9cd").unwrap();
        assert_eq!(
            read_text_capped(&p, 100),
            Err(ReadError::NotUtf8 { offset: 2 })
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(format_bytes(MAX_SCENARIO_BYTES), "64 MiB");
        assert_eq!(format_bytes(MAX_TRACE_BYTES), "1 GiB");
        assert_eq!(format_bytes(1000), "1000 bytes");
    }
}
