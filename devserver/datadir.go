package devserver

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockFile is created in the data directory and locked while a server uses it.
const lockFile = "temporal.lock"

// dataDirLock is held on a data directory while a server runs on it.
type dataDirLock struct{ f *os.File }

// lockDataDir creates dir if needed and locks it for this server, failing if
// another server (in this process or another) holds it.
func lockDataDir(dir string) (*dataDirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("devserver: create data dir: %w", err)
	}
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("devserver: open %s: %w", path, err)
	}
	if err := lockFileExclusive(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("devserver: data dir %s is in use by another server: %w", dir, err)
	}
	return &dataDirLock{f: f}, nil
}

func (l *dataDirLock) release() error {
	if l == nil {
		return nil
	}
	// Closing the file drops the lock.
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("devserver: release data dir lock: %w", err)
	}
	return nil
}
