package process

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// controlFD is the supervisor's end of the control pipe (ExtraFiles[0]).
const controlFD = 3

// MaybeSupervise turns the process into a supervisor when it was started as
// one by Run, and never returns then. Call it first thing in main (and in
// TestMain of packages whose tests run commands); otherwise it does nothing.
func MaybeSupervise() {
	if os.Getenv(EnvSupervisor) != "1" {
		return
	}
	os.Exit(supervise())
}

func supervise() int {
	// The command's Pdeathsig follows the thread that starts it: keep the
	// main goroutine on one thread for the supervisor's whole life.
	runtime.LockOSThread()
	signal.Ignore(syscall.SIGPIPE)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "supervisor: set child subreaper:", err)
		return 126
	}
	ctl := os.NewFile(controlFD, "control")
	var sp spec
	if err := json.NewDecoder(ctl).Decode(&sp); err != nil || len(sp.Args) == 0 {
		fmt.Fprintln(os.Stderr, "supervisor: read command:", err)
		return 126
	}
	if sp.Grace <= 0 {
		sp.Grace = DefaultGrace
	}
	stop := make(chan struct{}, 2)
	go func() {
		// Nothing more is ever written: end of file means stop.
		_, _ = io.Copy(io.Discard, ctl)
		stop <- struct{}{}
	}()
	go func() {
		<-sigs
		stop <- struct{}{}
	}()

	path, err := lookPath(sp.Args[0], sp.Env)
	if err != nil {
		fmt.Fprintf(os.Stderr, "Cannot run program %q: %v\n", sp.Args[0], err)
		return 127
	}
	cmd := &exec.Cmd{Path: path, Args: sp.Args, Env: sp.Env, Dir: sp.Dir, Stdout: os.Stdout, Stderr: os.Stderr}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "Cannot run program %q: %v\n", sp.Args[0], err)
		return 127
	}
	self, pgid := os.Getpid(), cmd.Process.Pid
	exited := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		select {
		case <-stop:
			close(stopped)
			terminate(self, pgid, sp.Grace, exited)
		case <-exited:
		}
	}()
	_ = cmd.Wait()
	close(exited)
	code := exitStatus(cmd.ProcessState)
	// Whatever the command left behind (background jobs, daemons
	// re-parented here) dies with it.
	cleanup(self, sp.Grace)
	select {
	case <-stopped:
		if sp.RemoveDirOnStop && sp.Dir != "" {
			if err := os.RemoveAll(sp.Dir); err != nil {
				fmt.Fprintln(os.Stderr, "supervisor: remove working directory:", err)
			}
		}
	default:
	}
	return code
}

// terminate stops the running tree: SIGTERM, then SIGKILL once grace has
// passed if the command has not exited by then.
func terminate(self, pgid int, grace time.Duration, exited <-chan struct{}) {
	signalTree(self, pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(grace):
		signalTree(self, pgid, syscall.SIGKILL)
	}
}

// cleanup signals and reaps every remaining descendant until none is left.
// The process group is not signalled: its leader is reaped, so its id may
// be reused; every member left is a descendant (orphans are re-parented
// here).
func cleanup(self int, grace time.Duration) {
	deadline := time.Now().Add(grace)
	sig := syscall.SIGTERM
	for {
		reap()
		if signalTree(self, 0, sig) == 0 {
			return
		}
		if sig == syscall.SIGTERM && time.Now().After(deadline) {
			sig = syscall.SIGKILL
			deadline = time.Now().Add(5 * time.Second)
		} else if sig == syscall.SIGKILL && time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "supervisor: some processes of the task did not exit")
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// reap collects every exited child without blocking.
func reap() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}

// exitStatus is the shell's view of how a process ended: its exit code, or
// 128+N when signal N killed it.
func exitStatus(ps *os.ProcessState) int {
	if ps == nil {
		return 126
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// lookPath resolves name against the PATH of the command's environment
// (not the supervisor's).
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", errors.New("executable file not found in PATH")
}
