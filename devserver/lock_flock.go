//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package devserver

import (
	"os"
	"syscall"
)

// lockFileExclusive takes a non-blocking exclusive flock. flock locks belong
// to the open file, so a second open in the same process conflicts too.
func lockFileExclusive(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
