// Package fakewp runs a local HTTP server that speaks the WordPress REST
// API (wp/v2) as the integrations use it, so that tests drive the real
// client code:
//
//   - HTTP Basic authentication with an application password (401 with
//     {"code":"incorrect_password","message":…,"data":{"status":401}});
//   - GET /wp-json/wp/v2/users/me;
//   - GET /wp-json/wp/v2/categories and /tags (search, per_page), POST to
//     create one (400 term_exists with data.term_id when the name is
//     taken);
//   - POST /wp-json/wp/v2/posts (201) and POST /wp-json/wp/v2/posts/<id>
//     (200; 404 rest_post_invalid_id), with WordPress's post shape:
//     title/content/excerpt as {"rendered": …}, slug, link, status,
//     categories, tags. A slug sent on create is kept (a draft's too, as
//     wp_insert_post keeps an explicit post_name); a published post
//     without one gets its title's, made unique with -2, -3…;
//   - GET /wp-json/wp/v2/posts?slug=…&status=… (slug: one or more,
//     comma-separated or slug[]=; status: publish by default, "any" is
//     every status but trash, another status than publish needs the
//     credentials, else 401 rest_forbidden_status; X-WP-Total and
//     X-WP-TotalPages headers);
//   - what an editor does in wp-admin: Trash (status trash, the slug
//     renamed <slug>__trashed, as wp_trash_post does) and Delete
//     (permanently: the id then answers 404 rest_post_invalid_id); an
//     update out of the trash gets the slug back;
//   - faults on demand (Fail: a 5xx with WordPress's error body;
//     StallCreate: the next create stores the post, then does not answer
//     for a while, like a site that is slow after its insert).
//
// Every error body is WordPress's {"code","message","data":{"status"}}.
// The package imports only the standard library.
package fakewp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Post is a stored post.
type Post struct {
	ID         int64
	Title      string
	Content    string
	Excerpt    string
	Status     string
	Slug       string
	Categories []int64
	// desiredSlug is the slug before the trash (_wp_desired_post_slug).
	desiredSlug string
	Tags        []int64
	Modified    time.Time
}

// Term is a category or tag.
type Term struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Server is one fake WordPress site.
type Server struct {
	*httptest.Server
	User, Password string

	mu       sync.Mutex
	posts    map[int64]*Post
	terms    map[string][]Term // "categories", "tags"
	nextID   int64
	fail     int
	failCode int
	writes   int
	stall    time.Duration
}

// New starts a fake site accepting user with the application password.
func New(user, password string) *Server {
	s := &Server{User: user, Password: password, posts: map[int64]*Post{}, nextID: 100,
		terms: map[string][]Term{"categories": {{ID: 1, Name: "Uncategorized", Slug: "uncategorized"}}, "tags": nil}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /wp-json/wp/v2/users/me", s.auth(s.me))
	mux.HandleFunc("GET /wp-json/wp/v2/posts", s.listPosts)
	mux.HandleFunc("GET /wp-json/wp/v2/{taxonomy}", s.auth(s.listTerms))
	mux.HandleFunc("POST /wp-json/wp/v2/{taxonomy}", s.auth(s.create))
	mux.HandleFunc("POST /wp-json/wp/v2/posts/{id}", s.auth(s.updatePost))
	s.Server = httptest.NewServer(mux)
	return s
}

// Fail makes the next n requests answer code (5xx) with WordPress's body.
func (s *Server) Fail(n, code int) { s.mu.Lock(); s.fail, s.failCode = n, code; s.mu.Unlock() }

// StallCreate makes the next post creation store the post and then hold
// its answer for d (or until the client goes away).
func (s *Server) StallCreate(d time.Duration) { s.mu.Lock(); s.stall = d; s.mu.Unlock() }

// Trash moves a post to the trash as wp-admin's "Move to Trash" does.
func (s *Server) Trash(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.posts[id]; ok && p.Status != "trash" {
		p.Status = "trash"
		if p.Slug != "" {
			p.desiredSlug = p.Slug
			p.Slug += "__trashed"
		}
	}
}

// Delete deletes a post permanently.
func (s *Server) Delete(id int64) { s.mu.Lock(); delete(s.posts, id); s.mu.Unlock() }

// Posts returns a copy of the stored posts.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Post, 0, len(s.posts))
	for _, p := range s.posts {
		out = append(out, *p)
	}
	return out
}

// TermNames maps the ids of a taxonomy ("categories", "tags") to names.
func (s *Server) TermNames(taxonomy string, ids []int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range ids {
		for _, t := range s.terms[taxonomy] {
			if t.ID == id {
				out = append(out, t.Name)
			}
		}
	}
	return out
}

func wpError(w http.ResponseWriter, status int, code, msg string, extra map[string]any) {
	data := map[string]any{"status": status}
	for k, v := range extra {
		data[k] = v
	}
	writeJSON(w, status, map[string]any{"code": code, "message": msg, "data": data})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.refused(w, r, true) {
			return
		}
		next(w, r)
	}
}

// refused answers a fault or a credential problem (no credentials only
// when they are required: WordPress checks the ones sent either way).
func (s *Server) refused(w http.ResponseWriter, r *http.Request, required bool) bool {
	s.mu.Lock()
	failing, code := s.fail > 0, s.failCode
	if failing {
		s.fail--
	}
	s.mu.Unlock()
	user, pw, ok := r.BasicAuth()
	switch {
	case failing:
		wpError(w, code, "internal_server_error", "<p>There has been a critical error on this website.</p>", nil)
	case !ok && required:
		wpError(w, http.StatusUnauthorized, "rest_not_logged_in", "You are not currently logged in.", nil)
	case ok && (user != s.User || pw != s.Password):
		wpError(w, http.StatusUnauthorized, "incorrect_password", "The provided password is an invalid application password.", nil)
	default:
		return false
	}
	return true
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"id": 1, "name": s.User, "slug": strings.ToLower(s.User), "link": s.URL + "/author/" + s.User + "/"})
}

func (s *Server) listTerms(w http.ResponseWriter, r *http.Request) {
	tax := r.PathValue("taxonomy")
	if tax != "categories" && tax != "tags" {
		wpError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
		return
	}
	search := strings.ToLower(r.URL.Query().Get("search"))
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Term{}
	for _, t := range s.terms[tax] {
		if search == "" || strings.Contains(strings.ToLower(t.Name), search) {
			out = append(out, t)
		}
	}
	w.Header().Set("X-WP-Total", strconv.Itoa(len(out)))
	writeJSON(w, http.StatusOK, out)
}
