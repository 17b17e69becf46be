package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
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
	if err := streamReport(w, r); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// streamReport writes the same bytes as encodeJSON(w, r), one result at a
// time, so that a report of many thousands of findings is never held in
// memory twice over (marshalled, then indented).
func streamReport(w io.Writer, r *finding.Report) error {
	head := *r
	head.Results = nil
	var hb bytes.Buffer
	if err := encodeJSON(&hb, head); err != nil {
		return err
	}
	// hb ends with `"results": null\n}\n`; results are written in its place.
	h := bytes.TrimSuffix(hb.Bytes(), []byte("null\n}\n"))
	if len(h) == hb.Len() {
		return errors.New("unexpected report header")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(h)
	if len(r.Results) == 0 {
		bw.WriteString("[]\n}\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i := range r.Results {
		buf.Reset()
		if err := enc.Encode(&r.Results[i]); err != nil {
			return err
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		if i < len(r.Results)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
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
