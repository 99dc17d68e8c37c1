package storage_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/kestra-temporal/kestra-temporal/kestra"
	"github.com/kestra-temporal/kestra-temporal/storage"
)

func TestLocal(t *testing.T) {
	ctx := context.Background()
	l, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	uri := storage.InputURI("company.team", "hello", "E1", "data", "data.upl")
	if want := "kestra:///company/team/hello/executions/E1/inputs/data/data.upl"; uri != want {
		t.Fatalf("uri %s", uri)
	}
	if n, err := l.Put(ctx, uri, strings.NewReader("content")); err != nil || n != 7 {
		t.Fatalf("put: %d %v", n, err)
	}
	rc, size, err := l.Open(ctx, uri)
	if err != nil || size != 7 {
		t.Fatalf("open: %d %v", size, err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "content" {
		t.Fatalf("read %q", b)
	}
	if err := l.DeletePrefix(ctx, storage.ExecutionPrefix("company.team", "hello", "E1")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Open(ctx, uri); kestra.ErrorCode(err) != kestra.ENOTFOUND {
		t.Fatalf("after delete: %v", err)
	}
}

func TestCleanPath(t *testing.T) {
	tests := []struct {
		uri, want string
		ok        bool
	}{
		{"kestra:///a/b/c.txt", "/a/b/c.txt", true},
		{"kestra:///a//b/./c.txt", "/a/b/c.txt", true},
		{"kestra:///a/../../etc/passwd", "", false},
		{"file:///etc/passwd", "", false},
		{"kestra:///", "", false},
		{"kestra:///a\\b", "", false},
	}
	for _, tt := range tests {
		got, err := storage.CleanPath(tt.uri)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CleanPath(%q) = %q, %v", tt.uri, got, err)
		}
		if err != nil && kestra.ErrorCode(err) != kestra.EINVALID {
			t.Errorf("CleanPath(%q): code %s", tt.uri, kestra.ErrorCode(err))
		}
	}
}
