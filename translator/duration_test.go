package translator

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"PT1S", time.Second, true},
		{"PT0.20S", 200 * time.Millisecond, true},
		{"PT0,5S", 500 * time.Millisecond, true},
		{"PT5M", 5 * time.Minute, true},
		{"PT1H30M", 90 * time.Minute, true},
		{"P1D", 24 * time.Hour, true},
		{"P0D", 0, true},
		{"P2DT3H", 51 * time.Hour, true},
		{"pt10s", 10 * time.Second, true},
		{"-PT1S", -time.Second, true},
		{"PT-1.5S", -1500 * time.Millisecond, true},
		{"PT", 0, false},
		{"P", 0, false},
		{"P1W", 0, false},
		{"P1M", 0, false},
		{"1s", 0, false},
		{"", 0, false},
		{"PT1.1234567891S", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
