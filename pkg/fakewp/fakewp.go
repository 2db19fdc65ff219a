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
//     title/content/excerpt as {"rendered": …}, link, status, categories,
//     tags;
//   - faults on demand (Fail: a 5xx with WordPress's error body).
//
// Every error body is WordPress's {"code","message","data":{"status"}}.
// The package imports only the standard library.
package fakewp

import (
	"encoding/json"
	"fmt"
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
	Categories []int64
	Tags       []int64
	Modified   time.Time
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
}

// New starts a fake site accepting user with the application password.
func New(user, password string) *Server {
	s := &Server{User: user, Password: password, posts: map[int64]*Post{}, nextID: 100,
		terms: map[string][]Term{"categories": {{ID: 1, Name: "Uncategorized", Slug: "uncategorized"}}, "tags": nil}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /wp-json/wp/v2/users/me", s.auth(s.me))
	mux.HandleFunc("GET /wp-json/wp/v2/{taxonomy}", s.auth(s.listTerms))
	mux.HandleFunc("POST /wp-json/wp/v2/{taxonomy}", s.auth(s.create))
	mux.HandleFunc("POST /wp-json/wp/v2/posts/{id}", s.auth(s.updatePost))
	s.Server = httptest.NewServer(mux)
	return s
}

// Fail makes the next n requests answer code (5xx) with WordPress's body.
func (s *Server) Fail(n, code int) { s.mu.Lock(); s.fail, s.failCode = n, code; s.mu.Unlock() }

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
		case !ok:
			wpError(w, http.StatusUnauthorized, "rest_not_logged_in", "You are not currently logged in.", nil)
		case user != s.User || pw != s.Password:
			wpError(w, http.StatusUnauthorized, "incorrect_password", "The provided password is an invalid application password.", nil)
		default:
			next(w, r)
		}
	}
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

// postBody is what a client sends to create or update a post.
type postBody struct {
	Title      *string  `json:"title"`
	Content    *string  `json:"content"`
	Excerpt    *string  `json:"excerpt"`
	Status     *string  `json:"status"`
	Categories *[]int64 `json:"categories"`
	Tags       *[]int64 `json:"tags"`
	Name       string   `json:"name"`
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	tax := r.PathValue("taxonomy")
	var b postBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		wpError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch tax {
	case "posts":
		s.nextID++
		p := &Post{ID: s.nextID, Status: "draft"}
		if !s.apply(w, p, b) {
			s.nextID--
			return
		}
		s.posts[p.ID] = p
		s.writes++
		writeJSON(w, http.StatusCreated, s.render(p))
	case "categories", "tags":
		name := strings.TrimSpace(b.Name)
		if name == "" {
			wpError(w, http.StatusBadRequest, "rest_missing_callback_param", "Missing parameter(s): name", map[string]any{"params": []string{"name"}})
			return
		}
		for _, t := range s.terms[tax] {
			if strings.EqualFold(t.Name, name) {
				wpError(w, http.StatusBadRequest, "term_exists", "A term with the name provided already exists.", map[string]any{"term_id": t.ID})
				return
			}
		}
		s.nextID++
		t := Term{ID: s.nextID, Name: name, Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-"))}
		s.terms[tax] = append(s.terms[tax], t)
		writeJSON(w, http.StatusCreated, t)
	default:
		wpError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
	}
}

func (s *Server) updatePost(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var b postBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		wpError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.posts[id]
	if !ok {
		wpError(w, http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.", nil)
		return
	}
	if !s.apply(w, p, b) {
		return
	}
	s.writes++
	writeJSON(w, http.StatusOK, s.render(p))
}

func (s *Server) apply(w http.ResponseWriter, p *Post, b postBody) bool {
	if b.Status != nil {
		switch *b.Status {
		case "draft", "publish", "pending", "private", "future":
			p.Status = *b.Status
		default:
			wpError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): status", map[string]any{"params": map[string]string{"status": "status is not one of publish, future, draft, pending, private."}})
			return false
		}
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Title, b.Title)
	set(&p.Content, b.Content)
	set(&p.Excerpt, b.Excerpt)
	if b.Categories != nil {
		p.Categories = *b.Categories
	}
	if b.Tags != nil {
		p.Tags = *b.Tags
	}
	p.Modified = time.Now().UTC()
	return true
}

func (s *Server) render(p *Post) map[string]any {
	rendered := func(v string) map[string]any { return map[string]any{"rendered": v, "protected": false} }
	return map[string]any{
		"id": p.ID, "date": p.Modified.Format("2006-01-02T15:04:05"), "modified": p.Modified.Format("2006-01-02T15:04:05"),
		"slug": fmt.Sprintf("post-%d", p.ID), "status": p.Status, "type": "post", "link": fmt.Sprintf("%s/?p=%d", s.URL, p.ID),
		"title": map[string]any{"rendered": p.Title}, "content": rendered(p.Content), "excerpt": rendered(p.Excerpt),
		"author": 1, "categories": nonNil(p.Categories), "tags": nonNil(p.Tags),
	}
}

func nonNil(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}
