// Package process runs a task's command so that its whole process tree dies
// with the task: when the task is cancelled, and also when the worker
// process itself is killed (SIGKILL included).
//
// The worker does not start the command itself. It re-executes its own
// binary in supervisor mode (environment variable KESTRA_TEMPORAL_SUPERVISOR
// set to 1, recognised by MaybeSupervise, which main calls first thing).
// The supervisor
//   - marks itself a child subreaper (PR_SET_CHILD_SUBREAPER), so that
//     descendants orphaned by their parent (daemons, "cmd &", setsid) are
//     re-parented to it instead of init;
//   - is started with Pdeathsig SIGTERM from an OS thread kept locked for the
//     supervisor's lifetime, so the kernel signals it when the worker dies;
//   - reads the command from a control pipe (fd 3) whose write end only the
//     worker holds: end of file on that pipe means "stop" (the worker closed
//     it on cancellation, or the worker died and the kernel closed it);
//   - starts the command in its own process group, with its stdout and
//     stderr going straight to the worker's pipes;
//   - on stop, on SIGTERM/SIGINT/SIGHUP and when the command exits, signals
//     the process group and every descendant it can find in /proc (TERM,
//     then KILL after a grace period), reaps them, and exits with the
//     command's exit status (128+signal when it was killed by a signal).
package process
