//! `processes.xlsx`: the register as a spreadsheet, one row per process,
//! with the columns of `processes.csv`. Estonian Excel opens a
//! comma-separated file as a single column (its list separator is `;`), so
//! staff who want a table get a real workbook.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

use super::table::{process_rows, COLUMNS};
use super::{paths, OutputFile, RenderError, RenderOptions};
use crate::model::Register;

/// Column widths in characters: ids and dates narrow, texts wide.
fn width(column: &str) -> f64 {
    match column {
        "goals" | "outcomes" => 60.0,
        "name" | "owner_name" | "owner_unit" | "documentation_page" => 30.0,
        "documentation_url" | "documentation_space" => 28.0,
        "last_owner_review" | "review_counted_from" | "review_due" | "review_state" => 12.0,
        _ => 22.0,
    }
}

/// The most characters an Excel cell holds.
const CELL_LIMIT: usize = 32_767;

/// `text`, cut to fit a cell, saying so where it was cut: a spreadsheet
/// that silently lost the end of a goal would misstate the register.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    const CUT: &str = " […] (procbook: cut at Excel's limit of 32,767 characters; the full text is in api/register.json)";
    if text.chars().count() <= CELL_LIMIT {
        return text.into();
    }
    let keep = CELL_LIMIT - CUT.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(CUT);
    out.into()
}

/// The workbook: a bold header row that stays in view, wrapped text, a
/// filter on every column. Cells are written as text, never as formulas,
/// so a goal starting with `=` stays what the register says.
pub fn processes_xlsx(
    register: &Register,
    options: &RenderOptions,
) -> Result<OutputFile, RenderError> {
    let failed = RenderError::Spreadsheet;
    let mut workbook = Workbook::new();
    // The file's creation date is the "as of" day, not the clock, so the
    // same register gives the same bytes.
    let date = options.today.0;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&date)).unwrap_or(1900),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
    )
    .map_err(failed)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet.set_name("processes").map_err(failed)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (col, name) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *name, &header)
            .map_err(failed)?;
        sheet.set_column_width(col, width(name)).map_err(failed)?;
    }
    let rows = process_rows(register, options);
    for (index, fields) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, value) in fields.iter().enumerate() {
            if !value.is_empty() {
                sheet
                    .write_string_with_format(row, col as u16, fit(value), &cell)
                    .map_err(failed)?;
            }
        }
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)
        .map_err(failed)?;
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    let bytes = workbook.save_to_buffer().map_err(failed)?;
    Ok(OutputFile {
        path: paths::PROCESSES_XLSX.to_string(),
        bytes,
    })
}
