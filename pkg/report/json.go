package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/palisadesec/palisade/pkg/finding"
)

// jsonWriter writes the report contract exactly as finding defines it.
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *finding.Report) error {
	if r == nil {
		return errNilReport
	}
	if err := encodeJSON(w, r); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// encodeJSON indents with two spaces and ends with a newline. HTML escaping
// is off because reports are files, not HTML, and titles such as "< 1.2"
// should stay readable.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
