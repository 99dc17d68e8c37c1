package workflows

import "testing"

func TestEveryFlowableAndInlineTypeIsImplemented(t *testing.T) {
	if err := Verify(); err != nil {
		t.Fatal(err)
	}
}
