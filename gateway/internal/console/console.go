// Package console serves the built admin console (the React Admin app of
// web/admin, built by Vite into web/admin/dist) under /admin: its files as
// they are, and index.html for every other path without a file extension,
// so the app's own routes survive a reload. Without a built console
// (no index.html in the directory) /admin answers 404 with a detail that
// says how to build it; the directory itself is never named to clients.
package console

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
)

// Prefix is where the console is served.
const Prefix = "/admin"

// MsgNotBuilt is the 404 detail when the directory holds no built console.
const MsgNotBuilt = "Admin console not built: run 'make run' with npm installed " +
	"(or 'npm ci && npm run build' in web/admin), or point ADMIN_DIR at a built console"

// Matches reports whether p is the console's: /admin or below it.
func Matches(p string) bool {
	return p == Prefix || strings.HasPrefix(p, Prefix+"/")
}

// Handler serves the console from dir.
type Handler struct {
	files fs.FS
}

// New serves the console built into dir (an empty dir serves nothing).
func New(dir string) *Handler {
	if dir == "" {
		return &Handler{}
	}
	return &Handler{files: os.DirFS(dir)}
}

// Built reports whether the directory holds a built console.
func (h *Handler) Built() bool {
	if h.files == nil {
		return false
	}
	st, err := fs.Stat(h.files, "index.html")
	return err == nil && st.Mode().IsRegular()
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		errorsx.WriteDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	if !h.Built() {
		errorsx.WriteDetail(w, http.StatusNotFound, MsgNotBuilt)
		return
	}
	if r.URL.Path == Prefix {
		http.Redirect(w, r, Prefix+"/", http.StatusMovedPermanently)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), Prefix+"/")
	if name == Prefix || name == "" {
		name = "index.html"
	}
	st, err := fs.Stat(h.files, name)
	switch {
	case err == nil && st.Mode().IsRegular():
	case (err == nil && st.IsDir()) || (errors.Is(err, fs.ErrNotExist) && path.Ext(name) == ""):
		name = "index.html" // a route of the app
	default:
		errorsx.WriteDetail(w, http.StatusNotFound, "Not Found")
		return
	}
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(name, "assets/") {
		// Vite names built assets by their content hash.
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	if name == "index.html" {
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Referrer-Policy", "same-origin")
		// MUI (emotion) injects style elements; scripts are files only.
		hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "+
			"font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
	}
	http.ServeFileFS(w, r, h.files, name)
}
