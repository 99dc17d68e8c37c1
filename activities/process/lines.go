package process

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// splitLines calls fn with each line of r (without "\n" or "\r\n"); a line
// longer than max is handed over in pieces of max bytes. A last line without
// a terminator is delivered too.
func splitLines(r io.Reader, max int, fn func(string)) {
	br := bufio.NewReaderSize(r, 64<<10)
	var sb strings.Builder
	for {
		chunk, err := br.ReadSlice('\n')
		sb.Write(chunk)
		switch {
		case err == nil:
			fn(trimEOL(sb.String()))
			sb.Reset()
		case errors.Is(err, bufio.ErrBufferFull):
			for sb.Len() >= max {
				s := sb.String()
				fn(s[:max])
				sb.Reset()
				sb.WriteString(s[max:])
			}
		default:
			if sb.Len() > 0 {
				fn(trimEOL(sb.String()))
			}
			return
		}
	}
}

func trimEOL(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}
