//! Exporters turn results into bytes (text tables, CSV, JSON); [`write_files`] is the
//! one place that writes them, all or nothing, so a failure half-way never leaves half
//! a report.

use crate::error::{Error, Result};

/// A text table: a header row and rows of cells, right-aligned numbers.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Render with columns padded to their widest cell; the first column is
    /// left-aligned, the others right-aligned.
    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut width = vec![0usize; cols];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate().take(cols) {
                width[i] = width[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, row: &[String]| {
            let mut s = String::new();
            for (i, cell) in row.iter().enumerate().take(cols) {
                let pad = width[i] - cell.chars().count();
                if i > 0 {
                    s.push_str("  ");
                }
                if i == 0 {
                    s.push_str(cell);
                    s.push_str(&" ".repeat(pad));
                } else {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(cell);
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header);
        let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }

    /// The same table as CSV bytes.
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.header).map_err(csv_err)?;
        for row in &self.rows {
            w.write_record(row).map_err(csv_err)?;
        }
        w.into_inner()
            .map_err(|e| Error::Failure(format!("cannot build CSV: {e}")))
    }
}

fn csv_err(e: csv::Error) -> Error {
    Error::Failure(format!("cannot build CSV: {e}"))
}

/// A finite number as JSON, or null (JSON has no infinity or NaN).
pub fn json_f64(v: Option<f64>) -> serde_json::Value {
    match v {
        Some(x) if x.is_finite() => serde_json::json!(x),
        _ => serde_json::Value::Null,
    }
}

/// Pretty JSON bytes with a final newline.
pub fn json_bytes(v: &serde_json::Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Format a number with `digits` decimals; `-` for none, `inf` for unbounded.
pub fn fmt_num(v: Option<f64>, digits: usize) -> String {
    match v {
        None => "-".into(),
        Some(x) if x.is_infinite() => "inf".into(),
        Some(x) => format!("{x:.digits$}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns() {
        let mut t = Table::new(["name", "agents"]);
        t.push(vec!["voice".into(), "14".into()]);
        t.push(vec!["e-mail".into(), "3".into()]);
        assert_eq!(
            t.render(),
            "name    agents\n------  ------\nvoice       14\ne-mail       3\n"
        );
        assert_eq!(
            String::from_utf8(t.to_csv().unwrap()).unwrap(),
            "name,agents\nvoice,14\ne-mail,3\n"
        );
    }

    #[test]
    fn json_has_no_infinity() {
        assert_eq!(json_f64(Some(f64::INFINITY)), serde_json::Value::Null);
        assert_eq!(json_f64(Some(1.5)), serde_json::json!(1.5));
    }
}
pub mod compare;
pub mod erlang;
pub mod figures;
pub mod fit;
pub mod format;
pub mod html;
pub mod misses;
pub mod pages;
pub mod plan;
pub mod replay;
pub mod simulate;
pub mod staff;
pub mod sweep;
pub mod teach;
pub mod validation;
mod write;

pub(crate) use write::words as io_error_words;

pub use write::{
    INTERRUPTED_EXIT, Output, check_outputs, install_interrupt_handler, on_interrupt, write_files,
};
