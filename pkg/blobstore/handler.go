package blobstore

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// FileHandler serves the disk backend's signed links under FilesPrefix:
// GET or HEAD of a valid key with an unexpired, untampered signature
// answers the file with the signed content type and an attachment
// disposition; anything else is a 404 that tells nothing (a bad
// signature and a missing file look the same), a wrong method a 405.
// Answers are never sniffed by browsers, run no script (CSP sandbox) and
// are cached privately at most until the link expires.
type FileHandler struct {
	dir    string
	signer Signer
	now    func() time.Time
}

// NewFileHandler serves the files of dir (Config.FilesDir).
func NewFileHandler(dir string, signer Signer) *FileHandler {
	return &FileHandler{dir: dir, signer: signer, now: time.Now}
}

func (h *FileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	key, ok := strings.CutPrefix(r.URL.Path, FilesPrefix)
	if !ok || !ValidKey(key) {
		writeJSON(w, http.StatusNotFound, "Not Found")
		return
	}
	name, ctype, ok := h.signer.Verify(key, r.URL.Query(), h.now())
	if !ok {
		writeJSON(w, http.StatusNotFound, "Not Found")
		return
	}
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		writeJSON(w, http.StatusNotFound, "Not Found")
		return
	}
	defer root.Close()
	f, err := root.Open(key)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, fs.ErrNotExist) {
			status = http.StatusNotFound
		}
		writeJSON(w, status, http.StatusText(status))
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		writeJSON(w, http.StatusNotFound, "Not Found")
		return
	}
	hd := w.Header()
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", ContentDisposition(name))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	exp, _ := strconv.ParseInt(r.URL.Query().Get("expires"), 10, 64)
	hd.Set("Cache-Control", "private, max-age="+strconv.FormatInt(max(0, exp-h.now().Unix()), 10))
	http.ServeContent(w, r, "", st.ModTime(), f)
}

func writeJSON(w http.ResponseWriter, status int, detail string) {
	var b bytes.Buffer
	b.WriteString(`{"detail":`)
	b.WriteString(strconv.Quote(detail))
	b.WriteString("}")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}
