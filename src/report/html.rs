//! One self-contained HTML report: inline CSS and SVG, no scripts, nothing fetched, so
//! it reads offline and prints. A [`Page`] is a summary on top (the verdict, pass or
//! fail per target, the figures a manager asks for first: FTE, cost, the worst
//! intervals) and sections of figures and tables below; [`render`] turns it into bytes.
//! The pages of each command are built in [`crate::report::pages`].

use super::figures::Figure;

/// How a table cell reads: plain text, a number (right-aligned), or a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Text,
    Number,
    Pass,
    Fail,
}

/// A table of the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<(String, Class)>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            caption: None,
            header: header.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn caption(mut self, c: impl Into<String>) -> Table {
        self.caption = Some(c.into());
        self
    }

    pub fn push(&mut self, row: Vec<(String, Class)>) {
        self.rows.push(row);
    }

    /// A table of text rows: cells that read as numbers are right-aligned.
    pub fn from_rows(header: &[String], rows: &[Vec<String>]) -> Table {
        Table {
            caption: None,
            header: header.to_vec(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| (c.clone(), class_of(c))).collect())
                .collect(),
        }
    }
}

/// Number for cells like `12.3%`, `1,234`, `-0.4 pp`, `25 s`, `±0.3`.
fn class_of(text: &str) -> Class {
    let t = text.trim();
    let numeric = t
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "-+±−".contains(c))
        && t.chars().filter(|c| c.is_ascii_digit()).count() * 2 >= t.chars().count().min(8);
    if numeric { Class::Number } else { Class::Text }
}

/// A verdict cell: `met` or `missed` (the words, so it reads in black and white).
pub fn verdict(pass: Option<bool>) -> (String, Class) {
    match pass {
        Some(true) => ("met".into(), Class::Pass),
        Some(false) => ("missed".into(), Class::Fail),
        None => ("no contacts".into(), Class::Text),
    }
}

/// A piece of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// One line that says whether it all works, in large type.
    Verdict {
        ok: bool,
        text: String,
    },
    /// Key figures as large name/value tiles (FTE, cost, paid hours).
    Tiles(Vec<(String, String)>),
    Table(Table),
    Figure(Figure),
    Paragraph(String),
    /// Preformatted text (a command's text output).
    Pre(String),
}

/// A titled section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// `ccsim simulate: Olymp`.
    pub title: String,
    /// What was run: scenario, seed, replications, horizon (name, value).
    pub facts: Vec<(String, String)>,
    /// The summary on top.
    pub summary: Vec<Block>,
    pub sections: Vec<Section>,
}

impl Page {
    /// Every figure of the page, in order.
    pub fn figures(&self) -> Vec<&Figure> {
        self.summary
            .iter()
            .chain(self.sections.iter().flat_map(|s| &s.blocks))
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f),
                _ => None,
            })
            .collect()
    }

    /// The figures as files `dir/NAME.svg`.
    pub fn figure_files(&self, dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        self.figures()
            .into_iter()
            .map(|f| {
                (
                    dir.join(format!("{}.svg", f.name)),
                    f.svg.clone().into_bytes(),
                )
            })
            .collect()
    }
}

/// The figure names `--plots DIR` may write.
pub const FIGURE_NAMES: [&str; 8] = [
    "staffing",
    "service",
    "waits",
    "occupancy",
    "backlog",
    "estimates",
    "handle",
    "patience",
];

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "\
:root{color-scheme:light}\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;\
margin:0 auto;max-width:960px;padding:16px 24px 48px;color:#111;background:#fff;line-height:1.4}\
h1{font-size:1.6em;margin:.4em 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:2px solid #111;padding-bottom:.15em}\
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.4em 0 1em;font-size:.92em;color:#333}\
dl.facts dt{font-weight:600}dl.facts dd{margin:0}\
.verdict{font-size:1.25em;font-weight:700;padding:.5em .8em;border:3px solid #111;margin:.8em 0}\
.verdict.ok{background:#e6f4e6}.verdict.bad{background:#fbe4e4;border-style:double}\
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:.8em 0}\
.tile{border:1px solid #999;padding:.4em .8em;min-width:9em}.tile .v{font-size:1.35em;font-weight:700}.tile .n{font-size:.85em;color:#333}\
table{border-collapse:collapse;margin:.6em 0 1em;font-size:.88em;width:auto}\
caption{text-align:left;font-weight:600;padding:.2em 0}\
th,td{border:1px solid #bbb;padding:.2em .5em;vertical-align:top}th{background:#eee;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
td.pass{background:#e6f4e6;font-weight:600}td.fail{background:#fbe4e4;font-weight:700;text-decoration:underline}\
figure{margin:1em 0;page-break-inside:avoid;break-inside:avoid}figure svg{max-width:100%;height:auto;display:block}\
figcaption{font-size:.85em;color:#333}\
pre{font-size:.78em;overflow-x:auto;background:#f6f6f6;padding:.6em;border:1px solid #ddd}\
footer{margin-top:2em;font-size:.8em;color:#555}\
@media print{body{max-width:none;padding:0}h2{page-break-after:avoid}.verdict,.tile{border-color:#000}}";

fn push_block(out: &mut String, b: &Block) {
    match b {
        Block::Verdict { ok, text } => {
            out.push_str(&format!(
                "<p class=\"verdict {}\">{}</p>\n",
                if *ok { "ok" } else { "bad" },
                escape(text)
            ));
        }
        Block::Tiles(tiles) => {
            out.push_str("<div class=\"tiles\">");
            for (name, value) in tiles {
                out.push_str(&format!(
                    "<div class=\"tile\"><div class=\"v\">{}</div><div class=\"n\">{}</div></div>",
                    escape(value),
                    escape(name)
                ));
            }
            out.push_str("</div>\n");
        }
        Block::Table(t) => push_table(out, t),
        Block::Figure(f) => {
            out.push_str("<figure>");
            // the SVG of a chart is a document of its own: drop an XML declaration
            let svg = f.svg.trim_start();
            let svg = match svg.strip_prefix("<?xml") {
                Some(rest) => rest.split_once("?>").map_or(svg, |(_, r)| r.trim_start()),
                None => svg,
            };
            out.push_str(svg);
            out.push_str(&format!(
                "<figcaption>{}</figcaption></figure>\n",
                escape(&f.title)
            ));
        }
        Block::Paragraph(p) => out.push_str(&format!("<p>{}</p>\n", escape(p))),
        Block::Pre(p) => out.push_str(&format!("<pre>{}</pre>\n", escape(p))),
    }
}

fn push_table(out: &mut String, t: &Table) {
    out.push_str("<table>");
    if let Some(c) = &t.caption {
        out.push_str(&format!("<caption>{}</caption>", escape(c)));
    }
    out.push_str("<thead><tr>");
    for h in &t.header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (text, class) in row {
            let cls = match class {
                Class::Text => "",
                Class::Number => " class=\"num\"",
                Class::Pass => " class=\"pass\"",
                Class::Fail => " class=\"fail\"",
            };
            out.push_str(&format!("<td{cls}>{}</td>", escape(text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// The page as one HTML document.
pub fn render(page: &Page) -> Vec<u8> {
    let mut out = String::with_capacity(1 << 16);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"ccsim {}\">\n",
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&page.title)));
    out.push_str(&format!("<style>{CSS}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&page.title)));
    if !page.facts.is_empty() {
        out.push_str("<dl class=\"facts\">");
        for (k, v) in &page.facts {
            out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(k), escape(v)));
        }
        out.push_str("</dl>\n");
    }
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    for b in &page.summary {
        push_block(&mut out, b);
    }
    out.push_str("</section>\n");
    for (i, s) in page.sections.iter().enumerate() {
        out.push_str(&format!(
            "<section id=\"s{}\">\n<h2>{}</h2>\n",
            i + 1,
            escape(&s.title)
        ));
        for b in &s.blocks {
            push_block(&mut out, b);
        }
        out.push_str("</section>\n");
    }
    out.push_str(&format!(
        "<footer>Made by ccsim {} — a self-contained report: no scripts, nothing loaded from elsewhere.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_escapes_its_text_and_embeds_its_figures() {
        let mut t = Table::new(&["queue", "KPI", "value", "verdict"]);
        t.push(vec![
            ("voice <L1> & co".into(), Class::Text),
            ("service level".into(), Class::Text),
            ("81.2%".into(), Class::Number),
            verdict(Some(false)),
        ]);
        let page = Page {
            title: "ccsim simulate: A & B".into(),
            facts: vec![("seed".into(), "42".into())],
            summary: vec![
                Block::Verdict {
                    ok: false,
                    text: "1 of 1 targets missed".into(),
                },
                Block::Tiles(vec![("FTE".into(), "12.5".into())]),
                Block::Table(t),
            ],
            sections: vec![Section {
                title: "Pictures".into(),
                blocks: vec![Block::Figure(Figure {
                    name: "chart".into(),
                    title: "a chart".into(),
                    svg: "<?xml version=\"1.0\"?>\n<svg width=\"10\"><text>x</text></svg>".into(),
                })],
            }],
        };
        let html = String::from_utf8(render(&page)).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>ccsim simulate: A &amp; B</title>"));
        assert!(html.contains("<td>voice &lt;L1&gt; &amp; co</td>"));
        assert!(html.contains("<td class=\"num\">81.2%</td>"));
        assert!(html.contains("<td class=\"fail\">missed</td>"));
        assert!(html.contains(
            "<figure><svg width=\"10\"><text>x</text></svg><figcaption>a chart</figcaption>"
        ));
        assert!(!html.contains("<?xml"));
        assert!(!html.contains("<script"));
        assert!(
            !html.contains("src=") && !html.contains("href="),
            "nothing fetched"
        );
        assert!(html.trim_end().ends_with("</html>"));
    }
}
