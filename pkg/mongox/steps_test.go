package mongox_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// TestSteps: the steps of a migration run in order and the first error
// stops it (a later step never runs on a half-done database).
func TestSteps(t *testing.T) {
	t.Parallel()
	var ran []int
	boom := errors.New("boom")
	step := func(n int, err error) func(context.Context, *mongo.Database) error {
		return func(context.Context, *mongo.Database) error { ran = append(ran, n); return err }
	}
	if err := mongox.Steps(step(1, nil), step(2, boom), step(3, nil))(t.Context(), nil); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the failing step's error", err)
	}
	if !slices.Equal(ran, []int{1, 2}) {
		t.Fatalf("ran %v, want [1 2]", ran)
	}
}
