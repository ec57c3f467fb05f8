//! Problems in a user's file, each with its position, the line, a caret and what to
//! change — rendered the same way for scenario files, forecasts and sample files.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::limits::MAX_REPORTED_PROBLEMS;

/// One problem at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// What is wrong, in domain words.
    pub message: String,
    /// What to change.
    pub help: String,
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line and column; `None` when the whole file is meant.
    pub line_col: Option<(usize, usize)>,
    /// The offending line and how many carets to draw.
    pub snippet: Option<(String, usize)>,
}

impl Diagnostic {
    /// A problem at byte range `span` of `text` (the contents of `file`).
    pub fn at(
        file: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let (line_col, snippet) = match span {
            Some(r) => {
                let start = r.start.min(text.len());
                let (line, col, line_text) = locate(text, start);
                let width = r.end.saturating_sub(r.start).max(1);
                let rest = line_text.chars().count().saturating_sub(col - 1).max(1);
                (
                    Some((line, col)),
                    Some((line_text.to_string(), width.min(rest))),
                )
            }
            None => (None, None),
        };
        Diagnostic {
            message: message.into(),
            help: help.into(),
            file: file.to_path_buf(),
            line_col,
            snippet,
        }
    }

    /// A problem at a known line and column of `text` (for CSV files).
    pub fn at_line(
        file: &Path,
        text: &str,
        line: usize,
        col: usize,
        width: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let line_text = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r');
        Diagnostic {
            message: message.into(),
            help: help.into(),
            file: file.to_path_buf(),
            line_col: Some((line, col)),
            snippet: Some((line_text.to_string(), width.max(1))),
        }
    }

    /// A problem with a whole file (it cannot be read).
    pub fn whole(file: &Path, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            help: help.into(),
            file: file.to_path_buf(),
            line_col: None,
            snippet: None,
        }
    }
}

/// 1-based line, 1-based column (in characters) and the line's text for a byte offset.
fn locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..line_start].matches('\n').count() + 1;
    let col = text[line_start..offset].chars().count() + 1;
    (line, col, text[line_start..line_end].trim_end_matches('\r'))
}

/// Longest excerpt of a line shown under a problem, in characters: a line of
/// thousands of names shows the part around the caret.
const EXCERPT_CHARS: usize = 160;

/// The part of `text` shown for a caret at 1-based `col`: (excerpt, caret column in
/// it). Lines up to [`EXCERPT_CHARS`] are shown whole; longer ones around the caret,
/// with `…` where they are cut.
fn excerpt(text: &str, col: usize) -> (String, usize) {
    let n = text.chars().count();
    if n <= EXCERPT_CHARS {
        return (text.to_string(), col);
    }
    let at = col.saturating_sub(1).min(n);
    let start = at.saturating_sub(EXCERPT_CHARS / 2);
    let end = (start + EXCERPT_CHARS).min(n);
    let mut out: String = if start > 0 {
        "…".into()
    } else {
        String::new()
    };
    out.extend(text.chars().skip(start).take(end - start));
    if end < n {
        out.push('…');
    }
    (out, at - start + 1 + usize::from(start > 0))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match self.line_col {
            Some((line, col)) => writeln!(f, "  --> {}:{line}:{col}", self.file.display())?,
            None => writeln!(f, "  --> {}", self.file.display())?,
        }
        if let (Some((line, col)), Some((text, width))) = (self.line_col, &self.snippet) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let (text, col) = excerpt(text, col);
            let room = text.chars().count().saturating_sub(col - 1).max(1);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {text}")?;
            let lead: String = text
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {lead}{}", "^".repeat((*width).min(room)))?;
            write!(f, "{pad} = help: {}", self.help)
        } else {
            write!(f, "   = help: {}", self.help)
        }
    }
}

/// `39,990`: a count with thousands separated.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `a, b, c` — or the first ten names and how many there are, so a help line stays short.
pub fn names_words(names: &[String]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{}, … ({} in all)",
            names[..SHOWN].join(", "),
            thousands(names.len())
        )
    }
}

/// Problems collected while checking one file and the files it names: the first
/// [`MAX_REPORTED_PROBLEMS`] in full, the rest only counted (and never built, so a
/// file of a million bad rows costs a million cheap checks, not a million messages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    shown: Vec<Diagnostic>,
    /// Problems found after the first [`MAX_REPORTED_PROBLEMS`].
    not_shown: usize,
    /// What the not-shown problems are (`duplicate intervals`), when they are all alike.
    not_shown_kind: Option<&'static str>,
    mixed: bool,
}

impl Problems {
    /// Add a problem of no particular kind.
    pub fn push(&mut self, d: Diagnostic) {
        self.push_with("problems", || d);
    }

    /// Add a problem; `make` runs only if it will be shown. `kind` names problems of
    /// this sort in the plural, for the count of those not shown.
    pub fn push_with(&mut self, kind: &'static str, make: impl FnOnce() -> Diagnostic) {
        if self.shown.len() < MAX_REPORTED_PROBLEMS {
            self.shown.push(make());
            return;
        }
        self.not_shown += 1;
        match self.not_shown_kind {
            None if !self.mixed => self.not_shown_kind = Some(kind),
            Some(k) if k != kind => {
                self.not_shown_kind = None;
                self.mixed = true;
            }
            _ => {}
        }
    }

    /// Every problem found, shown or not.
    pub fn len(&self) -> usize {
        self.shown.len() + self.not_shown
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the next problem would be shown in full.
    pub fn has_room(&self) -> bool {
        self.shown.len() < MAX_REPORTED_PROBLEMS
    }

    /// The error for `file` holding these problems.
    pub fn into_error(self, file: &Path) -> LoadError {
        LoadError {
            file: file.to_path_buf(),
            problems: self.shown,
            not_shown: self.not_shown,
            not_shown_kind: self.not_shown_kind.unwrap_or("problems"),
        }
    }
}

/// Every problem found in one load, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The scenario file that was loaded.
    pub file: PathBuf,
    /// The problems shown in full (at most [`MAX_REPORTED_PROBLEMS`]).
    pub problems: Vec<Diagnostic>,
    /// Problems found beyond those, only counted.
    pub not_shown: usize,
    /// What those are, in the plural (`problems` when they are of several kinds).
    pub not_shown_kind: &'static str,
}

impl LoadError {
    /// An error of a few problems (all shown).
    pub fn new(file: &Path, problems: Vec<Diagnostic>) -> LoadError {
        let mut p = Problems::default();
        for d in problems {
            p.push(d);
        }
        p.into_error(file)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.not_shown > 0 {
            write!(
                f,
                "\n\n… and {} more {}",
                thousands(self.not_shown),
                self.not_shown_kind
            )?;
        }
        let n = self.problems.len() + self.not_shown;
        write!(
            f,
            "\n\n{} problem{} in {}",
            thousands(n),
            if n == 1 { "" } else { "s" },
            self.file.display()
        )
    }
}

impl std::error::Error for LoadError {}

impl From<LoadError> for crate::Error {
    fn from(e: LoadError) -> crate::Error {
        crate::Error::Input(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_caret() {
        let text = "[channel]\nconcurrency = 0\n";
        let d = Diagnostic::at(
            Path::new("x.toml"),
            text,
            Some(24..25),
            "chat concurrency is 0",
            "set it to 1 or more",
        );
        assert_eq!(
            d.to_string(),
            "error: chat concurrency is 0\n  --> x.toml:2:15\n  |\n2 | concurrency = 0\n  |               ^\n  = help: set it to 1 or more"
        );
    }

    #[test]
    fn a_long_line_shows_the_part_around_the_caret() {
        let names: Vec<String> = (0..1000).map(|i| format!("\"x{i}\"")).collect();
        let text = format!("languages = [{}]\n", names.join(", "));
        let at = text.find("\"x500\"").unwrap();
        let d = Diagnostic::at(
            Path::new("x.toml"),
            &text,
            Some(at..at + 6),
            "unknown language `x500`",
            "use one of: en",
        );
        let shown = d.to_string();
        assert_eq!(d.line_col, Some((1, at + 1)));
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], format!("  --> x.toml:1:{}", at + 1));
        assert!(lines[3].starts_with("1 | …"), "{}", lines[3]);
        assert!(lines[3].ends_with('…'));
        assert_eq!(lines[3].chars().count(), "1 | ".len() + 162);
        // the caret stands under the name
        let caret = lines[4].chars().position(|c| c == '^').unwrap();
        let under: String = lines[3].chars().skip(caret).take(6).collect();
        assert_eq!(under, "\"x500\"");
        assert_eq!(lines[4].matches('^').count(), 6);
        assert!(shown.len() < 500, "{} bytes", shown.len());
    }

    #[test]
    fn problems_past_the_limit_are_counted_not_built() {
        let mut p = Problems::default();
        let mut built = 0;
        for i in 0..40_000 {
            p.push_with("duplicate intervals", || {
                built += 1;
                Diagnostic::whole(Path::new("f.csv"), format!("row {i}"), "fix it")
            });
        }
        assert_eq!(built, MAX_REPORTED_PROBLEMS);
        assert_eq!(p.len(), 40_000);
        let e = p.clone().into_error(Path::new("s.toml"));
        assert!(
            e.to_string().ends_with(
                "\n\n… and 39,980 more duplicate intervals\n\n40,000 problems in s.toml"
            ),
            "{e}"
        );
        p.push_with("unknown names", || unreachable!());
        assert!(
            p.into_error(Path::new("s.toml"))
                .to_string()
                .ends_with("\n\n… and 39,981 more problems\n\n40,001 problems in s.toml")
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
