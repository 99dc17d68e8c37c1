package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kestra-temporal/kestra-temporal/translator"
)

func newFlowValidateCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Validate flow files or directories of flows",
		Long: "Validate Kestra flow files (.yaml, .yml; several flows per file separated by ---) or every such\n" +
			"file under a directory. Prints file:line:col: path: message for each problem and one OK line per\n" +
			"valid flow. Exits with status 1 if any flow is invalid.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return fmt.Errorf("--output: %q is not one of text, json", output)
			}
			files, err := flowFiles(args)
			if err != nil {
				return err
			}
			ok := validateFiles(cmd.OutOrStdout(), files, output)
			if !ok {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json (Kestra's ValidateConstraintViolation list)")
	return cmd
}

// flowFiles expands directories into the YAML files below them, sorted.
func flowFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", arg, err)
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isYAML(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", arg, err)
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	return files, nil
}

func isYAML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// validateFiles prints the outcome for every flow and reports whether all
// flows are valid.
func validateFiles(w io.Writer, files []string, output string) bool {
	allValid := true
	var violations []translator.Violation
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(w, "%s: %v\n", file, err)
			allValid = false
			continue
		}
		results := translator.Translate(file, src)
		if len(results) == 0 {
			fmt.Fprintf(w, "%s: %v\n", file, translator.ErrNoFlow)
			allValid = false
			continue
		}
		for _, r := range results {
			if !r.Valid() {
				allValid = false
			}
			if output == "json" {
				violations = append(violations, r.Violation())
				continue
			}
			for _, p := range r.Errors {
				fmt.Fprintln(w, p.String())
			}
			for _, p := range r.Warnings {
				p.Message = "warning: " + p.Message
				fmt.Fprintln(w, p.String())
			}
			if r.Valid() {
				fmt.Fprintf(w, "%s:%d: OK %s.%s\n", file, r.Line, r.Flow.Namespace, r.Flow.ID)
			}
		}
	}
	if output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if violations == nil {
			violations = []translator.Violation{}
		}
		_ = enc.Encode(violations)
	}
	return allValid
}
