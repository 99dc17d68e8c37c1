package translator

import (
	"bufio"
	"bytes"
	"strings"
)

// document is one YAML document of a multi-document source.
type document struct {
	text string // the document's exact text, separators excluded
	line int    // line of the document's first line in the whole source (1-based)
}

// splitDocuments cuts a source at YAML document separators ("---" at the
// start of a line) and keeps each document's text verbatim, so that a flow
// can be stored exactly as written. Documents holding nothing but comments
// and blank lines are dropped, as Kestra drops them.
func splitDocuments(src []byte) []document {
	var docs []document
	var cur strings.Builder
	start, n := 1, 0
	flush := func() {
		if !isBlankYAML(cur.String()) {
			docs = append(docs, document{text: cur.String(), line: start})
		}
		cur.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), len(src)+1)
	sc.Split(scanLinesKeepEOL)
	for sc.Scan() {
		n++
		line := sc.Text()
		if isSeparator(line) {
			flush()
			start = n + 1
			continue
		}
		if line == "...\n" || line == "..." { // document end marker
			flush()
			start = n + 1
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return docs
}

func isSeparator(line string) bool {
	rest, ok := strings.CutPrefix(line, "---")
	if !ok {
		return false
	}
	rest = strings.TrimRight(rest, "\r\n")
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

func isBlankYAML(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return true
}

// scanLinesKeepEOL is bufio.ScanLines without dropping the line ending, so
// documents are reproduced byte for byte.
func scanLinesKeepEOL(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i+1], nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}
