package devserver_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/kestra-temporal/kestra-temporal/devserver"
	"github.com/kestra-temporal/kestra-temporal/devserver/devservertest"
)

func busyPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

func TestBusyPortIsAnError(t *testing.T) {
	port := busyPort(t)
	for name, opts := range map[string]devserver.Options{
		"frontend": {Ephemeral: true, DisableUI: true, FrontendPort: port},
		"UI":       {Ephemeral: true, UIPort: port},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := devserver.Start(testContext(t), opts)
			if err == nil {
				s.Stop()
				t.Fatal("Start on a busy port succeeded")
			}
			if !strings.Contains(err.Error(), name+" port") || !strings.Contains(err.Error(), "not available") {
				t.Fatalf("error %q does not say the %s port is busy", err, name)
			}
		})
	}
}

func TestDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	first := devservertest.Start(t, func(o *devserver.Options) { o.Ephemeral, o.DataDir = false, dir })
	if first.DataDir() != dir {
		t.Fatalf("DataDir() = %q, want %q", first.DataDir(), dir)
	}
	s, err := devserver.Start(testContext(t), devserver.Options{DataDir: dir, DisableUI: true})
	if err == nil {
		s.Stop()
		t.Fatal("second server on the same data dir started")
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Fatalf("error %q does not say the data dir is in use", err)
	}
}

func TestInvalidOptions(t *testing.T) {
	for name, opts := range map[string]devserver.Options{
		"host":           {Host: "example.com"},
		"port":           {FrontendPort: 70000},
		"same ports":     {FrontendPort: 7999, UIPort: 7999},
		"dup namespace":  {Namespaces: []string{"a", "a"}},
		"empty ns":       {Namespaces: []string{""}},
		"retention":      {Retention: -1},
		"untyped search": {SearchAttributes: map[string]enumspb.IndexedValueType{"X": 0}},
		"11 keywords":    {Ephemeral: true, DisableUI: true, SearchAttributes: keywords(11)},
	} {
		if s, err := devserver.Start(context.Background(), opts); err == nil {
			s.Stop()
			t.Errorf("%s: Start accepted %+v", name, opts)
		}
	}
}

// TestStopIsIdempotent also starts a server bound on every interface.
func TestStopIsIdempotent(t *testing.T) {
	s, err := devserver.Start(testContext(t), devserver.Options{Ephemeral: true, Host: "0.0.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{s.FrontendAddr(), s.UIAddr()} {
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Errorf("address %q, want one on 127.0.0.1", addr)
		}
	}
	c, err := s.NewClient(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	for range 2 {
		if err := s.Stop(); err != nil {
			t.Fatal(err)
		}
	}
}

func keywords(n int) map[string]enumspb.IndexedValueType {
	m := map[string]enumspb.IndexedValueType{}
	for i := range n {
		m["K"+strconv.Itoa(i)] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
	}
	return m
}
