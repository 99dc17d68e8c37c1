package plan

import (
	"encoding/json"
	"testing"
)

func TestMapRoundTripKeepsOrder(t *testing.T) {
	tests := []string{
		`{}`,
		`{"z":1,"a":2}`,
		`{"b":{"y":[1,2.5,"x",null,true],"x":{}},"a":-3}`,
		`{"big":9007199254740993,"f":1.0e3}`,
	}
	for _, in := range tests {
		var m Map
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := json.Marshal(&m)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		want := in
		if in == `{"big":9007199254740993,"f":1.0e3}` {
			want = `{"big":9007199254740993,"f":1000}`
		}
		if string(out) != want {
			t.Errorf("round trip %s = %s, want %s", in, out, want)
		}
	}
}

func TestMapUnmarshalRejectsNonObject(t *testing.T) {
	var m Map
	if err := json.Unmarshal([]byte(`[1]`), &m); err == nil {
		t.Fatal("want error for a JSON array")
	}
}

func TestMapSetOverwriteKeepsPosition(t *testing.T) {
	m := NewMap()
	m.Set("a", 1)
	m.Set("b", 2)
	m.Set("a", 3)
	out, _ := json.Marshal(m)
	if string(out) != `{"a":3,"b":2}` {
		t.Fatalf("got %s", out)
	}
	if v, _ := m.Get("a"); v != 3 {
		t.Fatalf("a = %v", v)
	}
}
