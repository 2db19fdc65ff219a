package mongox_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// TestSet: only given fields enter the $set; a given nil list is stored
// as [] (never null); a soft delete sets both of its fields.
func TestSet(t *testing.T) {
	t.Parallel()
	at := time.Date(2031, 3, 1, 12, 0, 0, 0, time.UTC)
	name, n := "x", int64(0)
	var none *string
	var nilList []string
	set := bson.M{}
	mongox.SetIf(set, "name", &name)
	mongox.SetIf(set, "budget", &n)
	mongox.SetIf(set, "goal", none)
	mongox.SetList(set, "tags", &nilList)
	mongox.SetList(set, "channels", nil)
	mongox.SetDeleted(set, at)
	want := bson.M{"name": "x", "budget": int64(0), "tags": []string{}, "deleted": true, "deleted_at": at}
	if len(set) != len(want) {
		t.Fatalf("$set = %v, want %v", set, want)
	}
	for k, v := range want {
		got, ok := set[k]
		if !ok {
			t.Fatalf("$set lacks %s: %v", k, set)
		}
		if l, isList := got.([]string); isList {
			if l == nil || len(l) != 0 {
				t.Fatalf("%s = %#v, want []", k, got)
			}
			continue
		}
		if got != v {
			t.Fatalf("%s = %v, want %v", k, got, v)
		}
	}
}
