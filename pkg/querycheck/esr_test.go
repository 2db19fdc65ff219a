package querycheck

import (
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func raw(t *testing.T, d bson.D) bson.Raw {
	t.Helper()
	b, err := bson.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFromCommand: the shape of each command the driver sends, values
// left out.
func TestFromCommand(t *testing.T) {
	live := bson.D{{Key: "company_id", Value: "c1"}, {Key: "deleted", Value: false}}
	tests := []struct {
		name string
		cmd  bson.D
		want []string
	}{
		{"find", bson.D{{Key: "find", Value: "tickets"}, {Key: "filter", Value: append(live,
			bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"open"}}}},
			bson.E{Key: "due_at", Value: bson.D{{Key: "$lt", Value: 1}}},
			bson.E{Key: "title", Value: bson.D{{Key: "$regex", Value: "x"}, {Key: "$options", Value: "i"}}})},
			{Key: "sort", Value: bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}}},
			[]string{"tickets find {company_id: =, deleted: =, status: =, due_at: range, title: substring} sort -created_at,-_id"}},
		{"$or branches", bson.D{{Key: "find", Value: "tickets"}, {Key: "filter", Value: append(live,
			bson.E{Key: "$or", Value: bson.A{bson.D{{Key: "created_by", Value: "u"}}, bson.D{{Key: "followers", Value: "u"}}}})}},
			[]string{"tickets find {company_id: =, created_by: =, deleted: =}", "tickets find {company_id: =, deleted: =, followers: =}"}},
		{"countDocuments", bson.D{{Key: "aggregate", Value: "tickets"}, {Key: "pipeline", Value: bson.A{
			bson.D{{Key: "$match", Value: live}}, bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: int32(1)}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}}}}},
			[]string{"tickets count {company_id: =, deleted: =}"}},
		{"anchored regex is a range", bson.D{{Key: "find", Value: "users"}, {Key: "filter", Value: bson.D{{Key: "email_lower", Value: bson.D{{Key: "$regex", Value: "^al"}}}}}},
			[]string{"users find {email_lower: range}"}},
		{"delete", bson.D{{Key: "delete", Value: "outbox"}, {Key: "deletes", Value: bson.A{bson.D{{Key: "q", Value: bson.D{{Key: "status", Value: "x"}, {Key: "created_at", Value: bson.D{{Key: "$lt", Value: 1}}}}}, {Key: "limit", Value: 0}}}}},
			[]string{"outbox delete {status: =, created_at: range}"}},
		{"pipeline without $match", bson.D{{Key: "aggregate", Value: "x"}, {Key: "pipeline", Value: bson.A{bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$a"}}}}}}},
			[]string{"x aggregate {} using a pipeline that does not start with $match"}},
		{"insert reads nothing", bson.D{{Key: "insert", Value: "x"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.cmd[0].Key
			var got []string
			for _, s := range FromCommand("db", name, raw(t, tt.cmd)) {
				got = append(got, s.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestServes: the equality–sort–range rule, one case per way to fail it.
func TestServes(t *testing.T) {
	list := Index{Name: "list", Keys: []string{"company_id", "deleted", "created_at", "_id", "status", "tags"}}
	page := Shape{Eq: []string{"company_id", "deleted"}, Sort: []string{"-created_at", "-_id"}}
	tests := []struct {
		name string
		ix   Index
		s    Shape
		want string // "" when served, else a part of the reason
	}{
		{"equality then sort, reversed", list, page, ""},
		{"a filter after the sort is read from the key", list, Shape{Eq: []string{"company_id", "deleted", "status"}, Sort: page.Sort}, ""},
		{"a range after the sort", list, Shape{Eq: []string{"company_id", "deleted"}, Range: []string{"status"}, Sort: page.Sort}, ""},
		{"no tie-breaker in the index", Index{Name: "old", Keys: []string{"company_id", "deleted", "-created_at"}}, page, "sorted in memory"},
		{"mixed directions", Index{Name: "mixed", Keys: []string{"company_id", "deleted", "created_at", "-_id"}}, page, "sorted in memory"},
		{"a range before the sort", Index{Name: "r", Keys: []string{"company_id", "due_at", "created_at", "_id"}},
			Shape{Eq: []string{"company_id"}, Range: []string{"due_at"}, Sort: []string{"created_at", "_id"}}, "sorted in memory"},
		{"a filter the index lacks", list, Shape{Eq: []string{"company_id", "deleted", "type"}, Sort: page.Sort}, "does not hold type"},
		{"a range on the first key bounds the scan", Index{Name: "role", Keys: []string{"role", "deleted_at"}}, Shape{Eq: []string{"deleted_at"}, Range: []string{"role"}}, ""},
		{"nothing bounds it", Index{Name: "role", Keys: []string{"role", "deleted_at"}}, Shape{Eq: []string{"deleted_at"}}, "full index scan"},
		{"the sort starts the index (a page across companies)", Index{Name: "all", Keys: []string{"created_at", "_id", "deleted"}},
			Shape{Eq: []string{"deleted"}, Sort: []string{"created_at", "_id"}}, ""},
		{"a point read by a unique index", Index{Name: "_id_", Keys: []string{"_id"}}, Shape{Eq: []string{"_id", "company_id", "deleted"}}, ""},
		{"a substring search in one company", list, Shape{Eq: []string{"company_id", "deleted"}, Regex: []string{"title"}, Sort: page.Sort}, ""},
		{"a substring search across companies", Index{Name: "all", Keys: []string{"created_at", "_id", "deleted"}},
			Shape{Eq: []string{"deleted"}, Regex: []string{"title"}, Sort: []string{"created_at", "_id"}}, "does not bound the substring search"},
		{"an equality on the sort field drops it", Index{Name: "n", Keys: []string{"company_id", "status", "_id"}},
			Shape{Eq: []string{"company_id", "status"}, Sort: []string{"status", "_id"}}, ""},
		{"$where", list, Shape{Unservable: "$where"}, "no index serves $where"},
		{"a second array field in one company", Index{Name: "followers", Keys: []string{"company_id", "deleted", "followers", "created_at", "_id", "status"}},
			Shape{Eq: []string{"company_id", "deleted", "followers", "tags"}, Sort: page.Sort}, ""},
		{"a second array field across companies", Index{Name: "all_channels", Keys: []string{"deleted", "channels", "created_at", "_id"}},
			Shape{Eq: []string{"deleted", "channels", "tags"}, Sort: []string{"created_at", "_id"}}, "does not hold tags"},
		{"an array field with no array field in the prefix", list,
			Shape{Eq: []string{"company_id", "deleted", "followers"}, Sort: page.Sort}, "does not hold followers"},
		{"a scalar filter is not excused by an array prefix", Index{Name: "followers", Keys: []string{"company_id", "deleted", "followers", "created_at", "_id"}},
			Shape{Eq: []string{"company_id", "deleted", "followers", "type"}, Sort: page.Sort}, "does not hold type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := Serves(tt.ix, tt.s)
			if tt.want == "" && !ok {
				t.Fatalf("not served: %s", why)
			}
			if tt.want != "" && (ok || !strings.Contains(why, tt.want)) {
				t.Fatalf("served %v, reason %q; want a refusal naming %q", ok, why, tt.want)
			}
		})
	}
}

// TestReportIsActionable: the failure names the collection, the shape,
// the sender, each index considered and an index that would serve it.
func TestReportIsActionable(t *testing.T) {
	s := Shape{DB: "tickets", Coll: "tickets", Op: "find", Eq: []string{"company_id", "type"},
		Sort: []string{"-created_at", "-_id"}, Caller: "services/tickets/internal/store.(*Tickets).List (list.go:61)"}
	idx := map[string]map[string][]Index{"tickets": {"tickets": {{Name: "_id_", Keys: []string{"_id"}}}}}
	msg := Report(Check([]Shape{s}, idx))
	for _, want := range []string{"tickets.tickets find {company_id: =, type: =} sort -created_at,-_id",
		"(*Tickets).List (list.go:61)", "_id_ (_id): sort -created_at,-_id does not follow", `mongox.Index("company_id", "type", "-created_at", "-_id")`} {
		if !strings.Contains(msg, want) {
			t.Errorf("report lacks %q:\n%s", want, msg)
		}
	}
	if Report(Check([]Shape{{DB: "x", Coll: "_migrations", Op: "find"}}, nil)) != "" {
		t.Error("a tiny collection needs no index")
	}
}
