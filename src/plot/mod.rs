//! Plots as SVG text (plotters' SVG backend: text is SVG `<text>`, no fonts or system
//! libraries). Each function takes numbers and returns the SVG document; nothing here
//! reads or writes files.

pub mod lessons;

use plotters::prelude::*;

use crate::error::{Error, Result};

pub mod charts;

pub use charts::{
    Bracket, BracketPanel, CdfPanel, HeatRow, Line, Panel, Point, PointPanel, Scale, Stroke,
    TimeAxis, brackets_svg, cdf_svg, heat_map_svg, panels_svg, points_svg,
};

/// Width and height of every plot, pixels.
pub const SIZE: (u32, u32) = (800, 480);

pub(crate) fn failed(e: impl std::fmt::Display) -> Error {
    Error::Failure(format!("cannot draw the plot: {e}"))
}

/// One row of a hockey stick: the measures of one queue at `agents` agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StickPoint {
    pub agents: u32,
    /// Service level (share) for the lesson's T.
    pub service_level: f64,
    /// Occupancy (share).
    pub occupancy: f64,
}

/// Service level and occupancy against agents, with the service-level target as a
/// dashed line: the hockey stick of queueing.
pub fn hockey_stick_svg(
    title: &str,
    points: &[StickPoint],
    target_sl: Option<f64>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let (lo, hi) = match (points.first(), points.last()) {
            (Some(a), Some(b)) if b.agents > a.agents => (a.agents, b.agents),
            (Some(a), _) => (a.agents, a.agents + 1),
            _ => {
                return Err(Error::Failure(
                    "a hockey stick needs at least one point".into(),
                ));
            }
        };
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(lo..hi, 0.0f64..1.0)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_desc("agents")
            .y_desc("share (service level, occupancy)")
            .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.agents, p.service_level)),
                BLACK.stroke_width(2),
            ))
            .map_err(failed)?
            .label("service level")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.agents, p.occupancy)),
                BLACK.mix(0.5).stroke_width(1),
            ))
            .map_err(failed)?
            .label("occupancy")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.5)));
        if let Some(t) = target_sl {
            // the target as a dashed line (short segments: reads in black and white)
            let step = ((hi - lo) / 40).max(1);
            let dashes: Vec<(u32, u32)> = (lo..hi)
                .step_by(step as usize * 2)
                .map(|a| (a, (a + step).min(hi)))
                .collect();
            for (a, b) in dashes {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(a, t), (b, t)],
                        BLACK,
                    )))
                    .map_err(failed)?;
            }
        }
        chart
            .configure_series_labels()
            .background_style(WHITE)
            .border_style(BLACK)
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hockey_stick_is_an_svg_with_its_series_and_labels() {
        let points: Vec<StickPoint> = (10..=20)
            .map(|n| StickPoint {
                agents: n,
                service_level: 1.0 - 0.5f64.powi(n as i32 - 9),
                occupancy: 9.0 / n as f64,
            })
            .collect();
        let svg = hockey_stick_svg("Service level against agents", &points, Some(0.8)).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.trim_end().ends_with("</svg>"));
        for text in [
            "Service level against agents",
            "agents",
            "service level",
            "occupancy",
            "80%",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(svg.matches("<polyline").count() >= 2, "two series");
    }
}
