package edge

import (
	"net/http"
	"strings"

	"github.com/copydesk/copydesk/pkg/blobstore"
)

// withFiles serves the disk file store's signed download links under
// /files/ (blobstore.FileHandler: no token, the signature and its expiry
// are the credential, issued by the owning service after its tenant and
// role checks). Without a handler (S3 configured) /files/ is a 404 from
// the mux like any unknown path.
func withFiles(files http.Handler, next http.Handler) http.Handler {
	if files == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, blobstore.FilesPrefix) {
			next.ServeHTTP(w, r)
			return
		}
		if info := infoFrom(r.Context()); info != nil {
			info.route = blobstore.FilesPrefix
		}
		files.ServeHTTP(w, r)
	})
}
