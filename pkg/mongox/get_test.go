package mongox_test

import (
	"errors"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

type noteDoc struct {
	ID        bson.ObjectID `bson:"_id"`
	CompanyID string        `bson:"company_id"`
	Text      string        `bson:"text"`
	Deleted   bool          `bson:"deleted"`
}

func (d noteDoc) text() string { return d.Text }

// TestGetAndList: a document is read by id only inside the scope (another
// company's, or a soft-deleted one, is not found), a malformed id is 400,
// and a page comes back converted, with the total.
func TestGetAndList(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	coll := mongotest.DB(t).Collection("notes")
	a, b, gone := bson.NewObjectID(), bson.NewObjectID(), bson.NewObjectID()
	for _, d := range []noteDoc{{a, "c1", "a", false}, {b, "c2", "b", false}, {gone, "c1", "gone", true}} {
		if _, err := coll.InsertOne(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	c1, err := mongox.LiveFilter(tenancy.OneCompany("c1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := mongox.Get(ctx, coll, c1, a.Hex(), noteDoc.text); err != nil || got != "a" {
		t.Fatalf("own note: %q, %v", got, err)
	}
	for name, id := range map[string]string{"another company's": b.Hex(), "deleted": gone.Hex()} {
		if _, err := mongox.Get(ctx, coll, c1, id, noteDoc.text); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("%s note: %v, want not found", name, err)
		}
	}
	if _, err := mongox.Get(ctx, coll, c1, "nope", noteDoc.text); !errors.Is(err, errs.ErrMalformedID) {
		t.Errorf("malformed id: %v", err)
	}
	if _, ok := c1["_id"]; ok {
		t.Error("Get changed the caller's filter")
	}
	all, err := mongox.LiveFilter(tenancy.EveryCompany())
	if err != nil {
		t.Fatal(err)
	}
	texts, total, err := mongox.List(ctx, coll, all, mongox.Page{Limit: 1, Sort: "text"}, noteDoc.text)
	if err != nil || total != 2 || !slices.Equal(texts, []string{"a"}) {
		t.Fatalf("List = %q, %d, %v; want [a] of 2", texts, total, err)
	}
}
