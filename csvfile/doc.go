// Package csvfile reads and writes the innovator registry as CSV files, the way Excel users in
// China produce and open them.
//
// Reading accepts UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark and
// GBK/GB18030, with comma- or tab-separated cells and Chinese or English headers. It is all or
// nothing: ReadInnovators returns either every row, normalised and validated, or a
// seedbed.Errors that lists every bad row with its physical line, its 1-based column and the
// header as written in the file.
//
// Writing produces UTF-8 with a byte-order mark (or GB18030), Chinese or English headers, and
// codes for coded values, so that what WriteInnovators writes ReadInnovators reads back
// unchanged.
//
// Formula injection: spreadsheet programs run cells that start with = + - or @ as formulas. With
// WriteOptions.ExcelSafe such cells are written with a leading apostrophe ('=SUM(A1)), which
// Excel shows as text. Reading always removes one leading apostrophe when the next character is
// one of = + - @ tab, carriage return or another apostrophe, and writing (in either mode) adds
// one to any cell that starts that way, so the escape is reversible and round trips are exact.
//
// The package is pure: it reads from an io.Reader and writes to an io.Writer. It must not depend
// on the file system, SQL or HTTP; it depends only on the domain package seedbed and x/text.
package csvfile
