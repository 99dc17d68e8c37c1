package process

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Command is a command to run under a supervisor.
type Command struct {
	Args []string
	// Env is the command's whole environment (KEY=value).
	Env []string
	Dir string
	// Grace is the time between SIGTERM and SIGKILL when the tree is
	// stopped (DefaultGrace when zero).
	Grace time.Duration
	// Stdout and Stderr receive the output line by line, without the line
	// terminator. Calls are serialised: never two at once.
	Stdout, Stderr func(line string)
	// MaxLine splits longer lines (DefaultMaxLine when zero).
	MaxLine int
	// RemoveDirOnStop makes the supervisor remove Dir after stopping the
	// tree because the worker cancelled it or died: a SIGKILLed worker
	// leaves no working directory behind.
	RemoveDirOnStop bool
}

// DefaultMaxLine is the longest line handed to a callback in one piece.
const DefaultMaxLine = 1 << 20

// drainTimeout bounds the wait for the output pipes to close once the
// supervisor has exited.
const drainTimeout = 2 * time.Second

// Result is how the command ended.
type Result struct {
	// ExitCode is the command's exit code, or 128+N when signal N killed it.
	ExitCode int
}

// Run runs c under a supervisor and waits for it. When ctx ends, the whole
// process tree is stopped and Run returns ctx.Err() once the supervisor has
// exited.
func Run(ctx context.Context, c Command) (Result, error) {
	if len(c.Args) == 0 {
		return Result{}, fmt.Errorf("process: empty command")
	}
	self, err := os.Executable()
	if err != nil {
		return Result{}, fmt.Errorf("process: find own executable: %w", err)
	}
	p, err := newPipes()
	if err != nil {
		return Result{}, err
	}
	defer p.close()

	cmd := exec.Command(self)
	// "-test.run=^$" is ignored by a real binary (MaybeSupervise takes over
	// before any argument is read); in a test binary that forgot to call
	// MaybeSupervise it runs no test, so the task fails instead of the tests
	// starting themselves over and over.
	cmd.Args = []string{self, "-test.run=^$", "supervise"}
	cmd.Env = append(supervisorEnv(), EnvSupervisor+"=1")
	cmd.Stdout, cmd.Stderr = p.outW, p.errW
	cmd.ExtraFiles = []*os.File{p.ctlR}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}

	started := make(chan error, 1)
	waited := make(chan error, 1)
	go func() {
		// Pdeathsig fires when the thread that forked the supervisor
		// exits: keep that thread until the supervisor has ended.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		waited <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return Result{}, fmt.Errorf("process: start supervisor: %w", err)
	}
	p.closeChildEnds()

	grace := c.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	b, err := json.Marshal(spec{Args: c.Args, Env: c.Env, Dir: c.Dir, Grace: grace, RemoveDirOnStop: c.RemoveDirOnStop})
	if err != nil {
		return Result{}, fmt.Errorf("process: encode command: %w", err)
	}
	// A failed write means the supervisor is gone already: Wait tells why.
	_, _ = p.ctlW.Write(b)

	drained := p.readLines(c)
	select {
	case <-ctx.Done():
		p.stop()
		<-waited
	case <-waited:
	}
	select {
	case <-drained:
	case <-time.After(drainTimeout):
		p.closeReaders()
		<-drained
	}
	if ctx.Err() != nil {
		return Result{}, ctx.Err()
	}
	return Result{ExitCode: exitStatus(cmd.ProcessState)}, nil
}

// supervisorEnv is the worker's environment without the supervisor switch.
func supervisorEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, EnvSupervisor+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// pipes are the supervisor's control, stdout and stderr pipes.
type pipes struct {
	ctlR, ctlW, outR, outW, errR, errW *os.File
	stopOnce, closeOnce                sync.Once
}

func newPipes() (*pipes, error) {
	p := &pipes{}
	var err error
	if p.ctlR, p.ctlW, err = os.Pipe(); err != nil {
		return nil, fmt.Errorf("process: pipe: %w", err)
	}
	if p.outR, p.outW, err = os.Pipe(); err != nil {
		p.close()
		return nil, fmt.Errorf("process: pipe: %w", err)
	}
	if p.errR, p.errW, err = os.Pipe(); err != nil {
		p.close()
		return nil, fmt.Errorf("process: pipe: %w", err)
	}
	return p, nil
}

func closeFiles(fs ...*os.File) {
	for _, f := range fs {
		if f != nil {
			_ = f.Close()
		}
	}
}

// closeChildEnds closes the ends only the supervisor uses.
func (p *pipes) closeChildEnds() { closeFiles(p.ctlR, p.outW, p.errW) }

// stop closes the control pipe: the supervisor stops the tree.
func (p *pipes) stop() { p.stopOnce.Do(func() { closeFiles(p.ctlW) }) }

func (p *pipes) closeReaders() { p.closeOnce.Do(func() { closeFiles(p.outR, p.errR) }) }

func (p *pipes) close() {
	p.stop()
	p.closeReaders()
	closeFiles(p.ctlR, p.outW, p.errW)
}

// readLines streams both outputs to the callbacks; the channel closes when
// both reach end of file.
func (p *pipes) readLines(c Command) <-chan struct{} {
	max := c.MaxLine
	if max <= 0 {
		max = DefaultMaxLine
	}
	var mu sync.Mutex
	emit := func(fn func(string)) func(string) {
		return func(line string) {
			if fn == nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			fn(line)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); splitLines(p.outR, max, emit(c.Stdout)) }()
	go func() { defer wg.Done(); splitLines(p.errR, max, emit(c.Stderr)) }()
	go func() { wg.Wait(); close(done) }()
	return done
}
