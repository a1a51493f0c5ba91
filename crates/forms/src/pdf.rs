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
        glyphs::Reading::Text(text) => Ok(Ok(text)),
        glyphs::Reading::Other => Ok(pdf_extract::extract_text_from_mem(bytes)),
        glyphs::Reading::Refused(why) => Err(why),
    });
    let text = match extracted {
        Ok(Err(why)) => {
            return Err(error(
                "pdf",
                format!("cannot extract text from the PDF: {why}"),
                None,
            ));
        }
        Ok(Ok(Ok(text))) => text,
        Ok(Ok(Err(e))) => {
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

    /// A page without resources whose parents lead back to themselves:
    /// pdf-extract's search for the resources never returned (the batch
    /// hung on such a file); it is now an error record.
    #[test]
    fn a_page_tree_that_loops_is_an_error_not_a_hang() {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.4");
        let (pages, other) = (doc.new_object_id(), doc.new_object_id());
        let contents = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1, "Parent" => other,
            }),
        );
        doc.objects.insert(
            other,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![pages.into()], "Count" => 1, "Parent" => pages,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        let e = read(&bytes).unwrap_err();
        assert_eq!(e.kind, "pdf");
        assert!(e.message.contains("page tree loops"), "{}", e.message);
    }

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
