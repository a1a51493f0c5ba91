//! WikiLeaks per-cable PDFs: the text is extracted (by [`glyphs`] or
//! `pdf-extract`) and then read like a PDF-text extraction. PDF code may
//! panic on odd files: the panic is caught and reported as an error record.

use crate::decode::error;
use crate::{CableInput, Form};
use cablekit_record::InputError;

mod glyphs;

/// Extract the text of a PDF: the WikiLeaks renders by [`glyphs`], which
/// lays their text out as `pdf-extract` does in about a fifth of the time, any
/// other PDF by `pdf-extract`.
pub(crate) fn read(bytes: &[u8]) -> Result<CableInput, InputError> {
    let extracted = std::panic::catch_unwind(|| match glyphs::extract(bytes) {
        Some(text) => Ok(text),
        None => pdf_extract::extract_text_from_mem(bytes),
    });
    let text = match extracted {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            return Err(error(
                "pdf",
                format!("cannot extract text from the PDF: {e}"),
                None,
            ));
        }
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".to_owned());
            return Err(error(
                "pdf",
                format!("cannot extract text from the PDF (the PDF library failed: {why})"),
                None,
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(error(
            "empty",
            "the PDF has no extractable text (a scanned image?)",
            None,
        ));
    }
    Ok(CableInput::new(text, Form::Pdf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pdfs_are_errors_not_panics() {
        for bytes in [
            &b"%PDF-1.4\n"[..],
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
            b"%PDF-",
        ] {
            let e = read(bytes).unwrap_err();
            assert!(e.kind == "pdf" || e.kind == "empty", "{e:?}");
        }
    }
}
