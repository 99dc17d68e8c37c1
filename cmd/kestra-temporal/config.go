package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"
)

// bindConfig gives every flag of cmd two more sources, weakest first: a
// YAML config file (--config, keys are flag names) and environment
// variables named KT_<FLAG> (dashes become underscores). A flag given on the
// command line always wins.
func bindConfig(cmd *cobra.Command) error {
	values := map[string]string{}
	if path, _ := cmd.Flags().GetString("config"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("config: %w", err)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("config %s: %w", path, err)
		}
		for k, v := range doc {
			if cmd.Flags().Lookup(k) == nil {
				return fmt.Errorf("config %s: unknown setting %q", path, k)
			}
			values[k] = fmt.Sprint(v)
		}
	}
	var firstErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		env := "KT_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			values[f.Name] = v
		}
		v, ok := values[f.Name]
		if !ok || f.Changed || f.Name == "config" {
			return
		}
		if err := f.Value.Set(v); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("setting %s: %w", f.Name, err)
		}
	})
	return firstErr
}
