//! Problems in a user's file, each with its position, the line, a caret and what to
//! change — rendered the same way for scenario files, forecasts and sample files.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

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
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {text}")?;
            let lead: String = text
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {lead}{}", "^".repeat(*width))?;
            write!(f, "{pad} = help: {}", self.help)
        } else {
            write!(f, "   = help: {}", self.help)
        }
    }
}

/// Every problem found in one load, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The scenario file that was loaded.
    pub file: PathBuf,
    pub problems: Vec<Diagnostic>,
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
        let n = self.problems.len();
        write!(
            f,
            "\n\n{n} problem{} in {}",
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
}
