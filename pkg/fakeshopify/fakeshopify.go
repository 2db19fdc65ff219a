// Package fakeshopify runs a local HTTP server that speaks the Shopify
// REST Admin API as the integrations use it, so that tests drive the real
// client code:
//
//   - X-Shopify-Access-Token authentication (401 with Shopify's
//     {"errors": "[API] Invalid API key or access token …"} body);
//   - GET /admin/api/<version>/shop.json → {"shop": {…}};
//   - GET /admin/api/<version>/products.json with limit (≤ 250), status,
//     updated_at_min and fields, paged by cursor: a Link header with
//     rel="next" / rel="previous" URLs carrying page_info, and, as
//     Shopify does, a 400 when page_info comes with filters;
//   - the leaky-bucket rate limit: X-Shopify-Shop-Api-Call-Limit on every
//     answer, and 429 with Retry-After when the bucket is full or a test
//     asks for it (Throttle);
//   - faults on demand (Fail: a 5xx with Shopify's error body; OnPage: block or cut a sync between pages).
//
// Products are kept in memory; tests add, change and delete them. The
// package imports only the standard library.
package fakeshopify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// Variant is a product variant as Shopify shows it (price is a decimal
// string).
type Variant struct {
	ID        int64  `json:"id"`
	ProductID int64  `json:"product_id"`
	Title     string `json:"title"`
	Price     string `json:"price"`
	SKU       string `json:"sku"`
}

// Product is a product as the REST Admin API shows it.
type Product struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	BodyHTML    string    `json:"body_html"`
	Vendor      string    `json:"vendor"`
	ProductType string    `json:"product_type"`
	Handle      string    `json:"handle"`
	Tags        string    `json:"tags"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Variants    []Variant `json:"variants"`
}

// Server is one fake shop.
type Server struct {
	*httptest.Server
	// Token is the access token the shop accepts.
	Token string
	// Name is the shop's name (shop.json).
	Name string
	// BucketSize is the leaky bucket's size (default 40).
	BucketSize int

	mu        sync.Mutex
	products  map[int64]*Product
	nextID    int64
	requests  []string
	throttle  int
	fail      int
	failCode  int
	used      int
	lastLeak  time.Time
	onProduct func(page int)
	pages     int
}

// New starts a fake shop accepting token.
func New(token string) *Server {
	s := &Server{Token: token, Name: "Fake Outfitters", BucketSize: 40, products: map[int64]*Product{}, nextID: 1000}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/api/{version}/shop.json", s.auth(s.shop))
	mux.HandleFunc("GET /admin/api/{version}/products.json", s.auth(s.productsList))
	s.Server = httptest.NewServer(mux)
	return s
}

// Add stores a new active product (id, handle, times and variant ids
// filled in) and returns it.
func (s *Server) Add(p Product) Product {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	p.ID = s.nextID
	if p.Handle == "" {
		p.Handle = strings.ToLower(strings.ReplaceAll(p.Title, " ", "-"))
	}
	if p.Status == "" {
		p.Status = "active"
	}
	now := s.tick()
	p.CreatedAt, p.UpdatedAt = now, now
	for i := range p.Variants {
		s.nextID++
		p.Variants[i].ID, p.Variants[i].ProductID = s.nextID, p.ID
	}
	s.products[p.ID] = &p
	return p
}

// tick is a strictly increasing clock with second precision, as Shopify's
// timestamps have.
func (s *Server) tick() time.Time {
	now := time.Now().UTC().Truncate(time.Second)
	for _, p := range s.products {
		if !p.UpdatedAt.Before(now) {
			now = p.UpdatedAt.Add(time.Second)
		}
	}
	return now
}

// Update changes a product through f and bumps its updated_at.
func (s *Server) Update(id int64, f func(*Product)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.products[id]; ok {
		f(p)
		p.UpdatedAt = s.tick()
	}
}

// Delete removes a product.
func (s *Server) Delete(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.products, id)
}

// Throttle makes the next n requests answer 429 with Retry-After.
func (s *Server) Throttle(n int) { s.mu.Lock(); s.throttle = n; s.mu.Unlock() }

// Fail makes the next n requests answer code with Shopify's error body.
func (s *Server) Fail(n, code int) { s.mu.Lock(); s.fail, s.failCode = n, code; s.mu.Unlock() }

// OnPage calls f before the page with number page (1-based, counted over
// the server's life) of products.json is answered; f may block (to
// interrupt a sync mid-way).
func (s *Server) OnPage(f func(page int)) { s.mu.Lock(); s.onProduct = f; s.mu.Unlock() }

// Requests returns the request URIs served so far (path and query).
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// auth checks the token, the rate limit and the faults, then serves.
func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.RequestURI())
		// The bucket leaks 2 calls a second (a part of a leak is kept
		// for the next request, not lost).
		now := time.Now()
		leaked := int(now.Sub(s.lastLeak) / (500 * time.Millisecond))
		if s.lastLeak.IsZero() || leaked >= s.used {
			s.used, s.lastLeak = 0, now
		} else {
			s.used -= leaked
			s.lastLeak = s.lastLeak.Add(time.Duration(leaked) * 500 * time.Millisecond)
		}
		throttled := s.throttle > 0 || s.used >= s.BucketSize
		if s.throttle > 0 {
			s.throttle--
		}
		failing := s.fail > 0
		if failing {
			s.fail--
		}
		if !throttled {
			s.used++
		}
		used, size, code := s.used, s.BucketSize, s.failCode
		s.mu.Unlock()
		w.Header().Set("X-Shopify-Shop-Api-Call-Limit", fmt.Sprintf("%d/%d", used, size))
		switch {
		case r.Header.Get("X-Shopify-Access-Token") != s.Token:
			writeJSON(w, http.StatusUnauthorized, map[string]string{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
		case throttled:
			w.Header().Set("Retry-After", "1.0")
			writeJSON(w, http.StatusTooManyRequests, map[string]string{"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})
		case failing:
			writeJSON(w, code, map[string]string{"errors": "Internal Server Error"})
		default:
			next(w, r)
		}
	}
}

func (s *Server) shop(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"shop": map[string]any{
		"id": 548380009, "name": s.Name, "email": "owner@example.com", "myshopify_domain": "fake-outfitters.myshopify.com", "currency": "USD",
	}})
}

// Products returns a copy of the stored products, by id.
func (s *Server) Products() []Product {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Product, 0, len(s.products))
	for _, p := range s.products {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Product) int { return int(a.ID - b.ID) })
	return out
}
