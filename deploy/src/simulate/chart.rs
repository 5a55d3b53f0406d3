//! The cumulative earnings of every neuron over the weighted epochs, one panel per subnet, as a
//! self-contained SVG.

use std::fmt::Write as _;
use std::path::Path;

use interfaces::RAO_PER_TAO;

use super::report::{Report, SubnetReport};

const PANEL_WIDTH: f64 = 560.0;
const PANEL_HEIGHT: f64 = 320.0;
const MARGIN: f64 = 56.0;
const LEGEND_WIDTH: f64 = 210.0;
const COLOURS: &[&str] = &[
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];

pub fn write(path: &Path, report: &Report) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, svg(report))
}

pub fn svg(report: &Report) -> String {
    let width = MARGIN * 2.0 + PANEL_WIDTH + LEGEND_WIDTH;
    let height = (PANEL_HEIGHT + MARGIN * 2.0) * report.subnets.len().max(1) as f64;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    );
    for (i, subnet) in report.subnets.iter().enumerate() {
        let top = (PANEL_HEIGHT + MARGIN * 2.0) * i as f64 + MARGIN;
        panel(&mut out, subnet, top);
    }
    out.push_str("</svg>\n");
    out
}

fn panel(out: &mut String, subnet: &SubnetReport, top: f64) {
    let epochs = subnet.cumulative.len();
    let max = subnet
        .cumulative
        .last()
        .and_then(|last| last.iter().copied().max())
        .unwrap_or(0)
        .max(1) as f64
        / RAO_PER_TAO as f64;
    let left = MARGIN;
    let bottom = top + PANEL_HEIGHT;
    let x = |epoch: usize| left + PANEL_WIDTH * epoch as f64 / epochs.max(1) as f64;
    let y = |tao: f64| bottom - PANEL_HEIGHT * tao / max;
    let _ = writeln!(
        out,
        "<text x=\"{left}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">subnet {}: cumulative earnings per neuron (TAO)</text>",
        top - 16.0,
        subnet.netuid
    );
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"black\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"black\"/>",
        left + PANEL_WIDTH
    );
    for tick in 0..=4 {
        let value = max * f64::from(tick) / 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{value:.1}</text>",
            left - 6.0,
            y(value) + 4.0
        );
    }
    for epoch in 0..=epochs {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{epoch}</text>",
            x(epoch),
            bottom + 16.0
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">epoch</text>",
        left + PANEL_WIDTH / 2.0,
        bottom + 34.0
    );
    let mut legend = 0;
    for neuron in &subnet.neurons {
        let uid = usize::from(neuron.uid);
        if neuron.earned == 0 {
            continue;
        }
        let colour = COLOURS[legend % COLOURS.len()];
        let dash = if legend >= COLOURS.len() {
            " stroke-dasharray=\"5,3\""
        } else {
            ""
        };
        let mut points = format!("{:.1},{:.1}", x(0), y(0.0));
        for (epoch, totals) in subnet.cumulative.iter().enumerate() {
            let tao = totals.get(uid).copied().unwrap_or(0) as f64 / RAO_PER_TAO as f64;
            let _ = write!(points, " {:.1},{:.1}", x(epoch + 1), y(tao));
        }
        let _ = writeln!(
            out,
            "<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>"
        );
        let legend_y = top + 14.0 * legend as f64;
        let legend_x = left + PANEL_WIDTH + 16.0;
        let _ = writeln!(
            out,
            "<line x1=\"{legend_x}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/><text x=\"{}\" y=\"{}\">{} {}</text>",
            legend_y - 4.0,
            legend_x + 18.0,
            legend_y - 4.0,
            legend_x + 24.0,
            legend_y,
            neuron.uid,
            neuron.name
        );
        legend += 1;
    }
}
