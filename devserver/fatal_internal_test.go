package devserver

import (
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// TestFatalWhileStartingIsAnError takes the frontend port between the check
// and the server's bind (the race Start's port checks cannot close): the
// server's Fatal must come back as an error, not end the process.
func TestFatalWhileStartingIsAnError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	o, err := Options{Ephemeral: true, DisableUI: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	ports := servicePorts{frontend: l.Addr().(*net.TCPAddr).Port}
	for _, p := range []*int{&ports.history, &ports.matching, &ports.worker} {
		if *p, err = pickFreePort(o.Host); err != nil {
			t.Fatal(err)
		}
	}
	sqlConfig, _, err := prepareDatabase(o, clusterName)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{opts: o, logger: newServerLogger(o.Logger, o.LogLevel)}
	err = s.startTemporal(serverConfig(o.Host, ports, sqlConfig), ports)
	if err == nil {
		_ = s.stopTemporal()
		t.Fatal("server started on a busy frontend port")
	}
	if !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("error %q does not name the cause", err)
	}
	t.Log(err)
}
