package translator

import "testing"

func TestSuggest(t *testing.T) {
	candidates := []string{"message", "level", "format", "tasks", "namespace"}
	tests := []struct{ in, want string }{
		{"mesage", "message"},
		{"Message", "message"},
		{"formt", "format"},
		{"taks", "tasks"},
		{"namespcae", "namespace"},
		{"lvl", ""},
		{"completely-different", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, candidates); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
