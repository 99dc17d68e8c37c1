package devserver

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"
)

// handedOut remembers the ports this process picked recently, so that servers
// started concurrently in one process never get the same one.
var handedOut = struct {
	sync.Mutex
	at map[int]time.Time
}{at: map[int]time.Time{}}

const handedOutFor = 2 * time.Minute

// pickFreePort returns a port on host that nothing listens on. The kernel is
// kept from handing it out again soon: the port is left in TIME_WAIT by a
// connection the listening side closes first (Linux randomises ephemeral
// ports and could otherwise reuse it at once; an explicit bind still works).
func pickFreePort(host string) (int, error) {
	for range 20 {
		port, err := probeFreePort(host)
		if err != nil {
			return 0, err
		}
		if claimPort(port) {
			return port, nil
		}
	}
	return 0, errors.New("devserver: no free port found after 20 tries")
}

func claimPort(port int) bool {
	handedOut.Lock()
	defer handedOut.Unlock()
	now := time.Now()
	for p, at := range handedOut.at {
		if now.Sub(at) > handedOutFor {
			delete(handedOut.at, p)
		}
	}
	if _, taken := handedOut.at[port]; taken {
		return false
	}
	handedOut.at[port] = now
	return true
}

func probeFreePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, fmt.Errorf("devserver: pick a free port on %s: %w", host, err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port

	conn, err := net.DialTimeout("tcp", l.Addr().String(), time.Second)
	if err != nil {
		return port, nil // the port is free all the same; just not parked in TIME_WAIT
	}
	defer conn.Close()
	if accepted, err := l.Accept(); err == nil {
		_ = accepted.Close() // server side closes first: TIME_WAIT is on the port
	}
	return port, nil
}

// checkPortFree returns an error naming what the port is for if something
// already listens on host:port.
func checkPortFree(what, host string, port int) error {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("devserver: %s port %s is not available: %w", what, addr, err)
	}
	if err := l.Close(); err != nil {
		return fmt.Errorf("devserver: %s port %s: %w", what, addr, err)
	}
	return nil
}

// portFor returns port after checking it is free, or a free port if port is 0.
func portFor(what, host string, port int) (int, error) {
	if port == 0 {
		p, err := pickFreePort(host)
		if err != nil {
			return 0, fmt.Errorf("%s port: %w", what, err)
		}
		return p, nil
	}
	if err := checkPortFree(what, host, port); err != nil {
		return 0, err
	}
	return port, nil
}
