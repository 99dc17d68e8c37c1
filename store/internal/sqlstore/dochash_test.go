package sqlstore

import "testing"

func TestDocHash(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{`{"state":{"duration":"PT1S","x":1}}`, `{"state":{"duration":"PT2.5S","x":1}}`, true},
		{`{"state":{"duration":"PT1S","x":1}}`, `{"state":{"duration":"PT1S","x":2}}`, false},
		{`{"a":"duration"}`, `{"a":"duration"}`, true},
		{`{"outputs":{"v":"a"}}`, `{"outputs":{"v":"b"}}`, false},
	} {
		if got := docHash([]byte(tc.a)) == docHash([]byte(tc.b)); got != tc.same {
			t.Errorf("docHash(%s) == docHash(%s): %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
