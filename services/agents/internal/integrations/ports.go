package integrations

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Store keeps connections. Every method but the scheduler's takes the
// tenant; the secret is sealed inside the store.
type Store interface {
	Create(ctx context.Context, in Integration, secret string) (Integration, error)
	Get(ctx context.Context, sc Scope, id string) (Integration, error)
	List(ctx context.Context, sc Scope, kind string, p Page) ([]Integration, int64, error)
	Update(ctx context.Context, sc Scope, id string, ch Changes) (Integration, error)
	Delete(ctx context.Context, sc Scope, id string) (Integration, error)
	// Secret opens the connection's secret.
	Secret(ctx context.Context, company, id string) (string, error)
	// Due lists active Shopify connections of every company whose next
	// scheduled sync is due (the scheduler's own cross-tenant read).
	Due(ctx context.Context, now time.Time, limit int) ([]Integration, error)
	// Synced records a successful sync of company's connection id.
	Synced(ctx context.Context, company, id string, through, at time.Time) error
}

// JobStore keeps sync jobs, the one active job per connection, the step
// leases and the product ledger.
type JobStore interface {
	// Start stores job and makes it its connection's active job; when
	// another job is active, nothing is stored and that job is returned
	// with started false.
	Start(ctx context.Context, job Job) (active Job, started bool, err error)
	// Active lists the active job of every connection.
	Active(ctx context.Context, limit int) ([]Job, error)
	GetJob(ctx context.Context, id string) (Job, error)
	ListJobs(ctx context.Context, company, integrationID string, p Page) ([]Job, int64, error)
	// ClaimStep leases step of job to owner until until (one of
	// concurrent claimers wins; an ended lease is taken over while the
	// job is still at that step).
	ClaimStep(ctx context.Context, jobID string, step int64, owner string, now, until time.Time) (bool, error)
	// Save writes the job's progress (its holder only).
	Save(ctx context.Context, job Job) error
	// Finish writes the finished job and ends it being active.
	Finish(ctx context.Context, job Job) error
	// Purge drops ended leases.
	Purge(ctx context.Context, before time.Time) error

	Ledger(ctx context.Context, integrationID string, productIDs []int64) (map[int64]LedgerEntry, error)
	PutLedger(ctx context.Context, e LedgerEntry) error
	MarkSeen(ctx context.Context, integrationID string, productIDs []int64, jobID string) error
	// Unseen lists up to limit ledger entries of the connection that job
	// has not seen.
	Unseen(ctx context.Context, integrationID, jobID string, limit int) ([]LedgerEntry, error)
	DropLedger(ctx context.Context, integrationID string, productID int64) error
}

// ShopifyConn is what a Shopify call needs.
type ShopifyConn struct {
	Domain, Version, Token string
}

// ProductQuery is one page request: the first (Since, IDsOnly) or the
// next (PageInfo).
type ProductQuery struct {
	Since    time.Time
	IDsOnly  bool
	PageInfo string
	Limit    int
}

// Variant is a product variant.
type Variant struct {
	Title, Price, SKU string
}

// Product is a Shopify product.
type Product struct {
	ID                                   int64
	Title, BodyHTML, Vendor, ProductType string
	Handle, Tags                         string
	UpdatedAt                            time.Time
	Variants                             []Variant
}

// ProductPage is one page of products and the cursor of the next ("":
// the last page).
type ProductPage struct {
	Products []Product
	Next     string
}

// Shopify is the REST Admin API.
type Shopify interface {
	// Shop reads the shop's name (the credential test).
	Shop(ctx context.Context, c ShopifyConn) (string, error)
	Products(ctx context.Context, c ShopifyConn, q ProductQuery) (ProductPage, error)
}

// WPConn is what a WordPress call needs.
type WPConn struct {
	SiteURL, Username, Password string
}

// Post is a post to write. Slug, when set, is sent on create only (an
// update keeps the post's permalink): it is the marker FindPost looks
// for.
type Post struct {
	Title, Content, Excerpt, Status, Slug string
	Categories, Tags                      []int64
}

// PostResult is the post as WordPress stored it.
type PostResult struct {
	ID     int64
	Link   string
	Status string
}

// WordPress is the WP REST API (wp/v2).
type WordPress interface {
	// Me reads the authenticated user's name (the credential test).
	Me(ctx context.Context, c WPConn) (string, error)
	// TermIDs maps names of a taxonomy (categories, tags) to ids,
	// creating the missing terms.
	TermIDs(ctx context.Context, c WPConn, taxonomy string, names []string) ([]int64, error)
	// SavePost creates a post (id 0) or updates post id.
	SavePost(ctx context.Context, c WPConn, id int64, p Post) (PostResult, error)
	// FindPost returns the id of the post with slug, in any status but
	// trash (0: none).
	FindPost(ctx context.Context, c WPConn, slug string) (int64, error)
}

// IsPostGone reports whether err is WordPress's answer for a post id
// that does not exist (deleted permanently in WordPress).
func IsPostGone(err error) bool {
	var re *RemoteError
	return errors.As(err, &re) && re.Status == 404 && strings.Contains(re.Msg, "rest_post_invalid_id")
}

// Document is one product as knowledge ingests it.
type Document struct {
	Title, Content, Ref, URL string
	Tags                     []string
}

// Knowledge writes documents into a company's knowledge on nobody's
// behalf (the service's own credential, naming the company).
type Knowledge interface {
	Ingest(ctx context.Context, company string, d Document) (sourceID string, unchanged bool, err error)
	// DeleteSource removes a source; one already gone is no error.
	DeleteSource(ctx context.Context, sourceID string) error
}

// RemoteError is a failed call to Shopify or WordPress, with a message
// that is safe to show (no address, no secret).
type RemoteError struct {
	// Status is the HTTP status (0: no answer).
	Status int
	Msg    string
}

func (e *RemoteError) Error() string { return e.Msg }
