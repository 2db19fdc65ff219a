package index_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/copydesk/copydesk/services/knowledge/internal/domain"
	"github.com/copydesk/copydesk/services/knowledge/internal/index"
)

// Readers search while writers upsert, replace and delete. A chunk whose
// delete returned before a search started is never in that search's hits,
// chunks that are never deleted are always found, and no hit crosses
// companies. Run with -race.
func TestConcurrentReadersAndWriters(t *testing.T) {
	t.Parallel()
	x := index.New(index.Options{})
	upsert(t, x, filler("acme", 300)...)
	upsert(t, x, mk("acme", "anchor", "Zanzibar anchor chunk that nobody deletes."))
	const rounds = 300
	var deletedUpTo atomic.Int64 // temp chunks 0..deletedUpTo-1 are deleted
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range rounds {
			upsert(t, x, mk("acme", "tmp-"+strconv.Itoa(i), "temporary promotion banner text "+strconv.Itoa(i)))
			if x.Delete("acme", "tmp-"+strconv.Itoa(i)) != 1 {
				t.Errorf("tmp-%d was not there to delete", i)
			}
			deletedUpTo.Store(int64(i + 1))
		}
	})
	wg.Go(func() {
		for i := range rounds {
			upsert(t, x, mk("other", fmt.Sprintf("o-%d", i%50), "temporary promotion banner for Zanzibar"))
			upsert(t, x, mk("acme", fmt.Sprintf("acme-fill-%d", i%300), "Red running shoes revised "+strconv.Itoa(i)))
		}
	})
	var errs atomic.Int64
	for range 2 {
		wg.Go(func() {
			for range rounds {
				floor := deletedUpTo.Load()
				for _, m := range modes {
					hits := x.Search("acme", query("temporary promotion banner Zanzibar anchor", m, 10, domain.SearchFilter{}))
					found := false
					for _, h := range hits {
						id := h.Chunk.ID
						if h.Chunk.CompanyID != "acme" {
							t.Errorf("hit %s of company %s", id, h.Chunk.CompanyID)
						}
						if n, ok := strings.CutPrefix(id, "tmp-"); ok {
							if i, _ := strconv.Atoi(n); int64(i) < floor {
								t.Errorf("%s: tmp-%d found after its delete returned", m, i)
							}
						}
						found = found || id == "anchor"
					}
					if !found {
						errs.Add(1)
						t.Errorf("%s: anchor missing from %q", m, ids(hits))
					}
				}
				if errs.Load() > 5 {
					return
				}
			}
		})
	}
	wg.Wait()
	if s := x.Stats(); s.PerCompany["acme"].Chunks != 301 || s.PerCompany["other"].Chunks != 50 {
		t.Fatalf("stats %+v, want 301 acme and 50 other chunks", s.PerCompany)
	}
}
