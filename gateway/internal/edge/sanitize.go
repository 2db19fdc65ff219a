package edge

import (
	"net/http"
	"strings"

	"github.com/copydesk/copydesk/gateway/internal/errorsx"
)

// sanitize removes request headers that could pose as gRPC metadata or
// identity (Grpc-*, X-Copydesk-*), so that no later step can forward them
// by mistake, and bounds the body: a declared length over the limit is
// refused at once, a longer streamed body fails in the decoder (413).
// Upload routes (multipart) are bounded by maxUpload instead.
func sanitize(maxBody, maxUpload int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k := range r.Header {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "grpc-") || strings.HasPrefix(lk, "x-copydesk-") {
				r.Header.Del(k)
			}
		}
		limit := maxBody
		if isUploadPath(r) {
			limit = maxUpload
		}
		if r.ContentLength > limit {
			w.Header().Set("Connection", "close")
			errorsx.WriteDetail(w, http.StatusRequestEntityTooLarge, errorsx.MsgBodyTooLarge)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}
