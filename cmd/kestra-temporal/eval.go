package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kestra-temporal/kestra-temporal/expression"
)

// cliFunctions backs now(), secret() and the random functions for the eval
// command: the clock is fixed by --now or read once, secrets come from
// SECRET_<KEY> environment variables holding base64 values (Kestra OSS).
type cliFunctions struct {
	expression.Unsupported
	now time.Time
}

func (f cliFunctions) Now() (time.Time, error) { return f.now, nil }

func (f cliFunctions) Secret(key string) (string, error) {
	v, ok := os.LookupEnv("SECRET_" + strings.ToUpper(key))
	if !ok {
		return "", fmt.Errorf("Cannot find secret for key '%s'", key)
	}
	return expression.DecodeBase64Secret(v)
}

func (f cliFunctions) RandomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("random: %w", err)
	}
	return b, nil
}

func newEvalCmd() *cobra.Command {
	var varsFile, nowFlag string
	var typed bool
	cmd := &cobra.Command{
		Use:   "eval [--vars FILE.json] [--typed] [--now RFC3339] TEMPLATE",
		Short: "Render a Kestra expression (Pebble template) and print the result",
		Long: "Render TEMPLATE against the variables of --vars (a JSON object: inputs, outputs, vars, flow,\n" +
			"execution, taskrun, parents, labels, trigger…) and print the result, or the error with exit status 1.\n" +
			"--typed prints the typed result as JSON; --now fixes the instant now() returns.",
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			fail := func(err error) error {
				fmt.Fprintln(cmd.ErrOrStderr(), "error:", err)
				return exitError{code: 1}
			}
			ctx := expression.Context{Vars: expression.NewMap(0)}
			if varsFile != "" {
				data, err := os.ReadFile(varsFile)
				if err != nil {
					return fail(fmt.Errorf("reading --vars: %w", err))
				}
				vars, err := expression.DecodeJSON(data)
				if err != nil {
					return fail(fmt.Errorf("--vars %s: %w", varsFile, err))
				}
				if _, ok := vars.(*expression.Map); !ok {
					return fail(fmt.Errorf("--vars %s: the file must hold a JSON object", varsFile))
				}
				ctx.Vars = vars
			}
			now := time.Now()
			if nowFlag != "" {
				t, err := time.Parse(time.RFC3339Nano, nowFlag)
				if err != nil {
					return fail(fmt.Errorf("--now %q is not an RFC 3339 instant", nowFlag))
				}
				now = t
			}
			ctx.Functions = cliFunctions{now: now}
			eng := expression.NewEngine(16)
			out := cmd.OutOrStdout()
			if typed {
				v, err := eng.RenderTyped(args[0], ctx)
				if err != nil {
					return fail(err)
				}
				fmt.Fprintln(out, expression.ToJSON(v))
				return nil
			}
			s, err := eng.Render(args[0], ctx)
			if err != nil {
				return fail(err)
			}
			fmt.Fprintln(out, s)
			return nil
		},
	}
	cmd.Flags().StringVar(&varsFile, "vars", "", "JSON file holding the render context")
	cmd.Flags().BoolVar(&typed, "typed", false, "render typed and print the value as JSON")
	cmd.Flags().StringVar(&nowFlag, "now", "", "instant returned by now(), RFC 3339 (default: the current time)")
	return cmd
}
