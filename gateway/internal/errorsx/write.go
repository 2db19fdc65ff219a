package errorsx

import (
	"encoding/json"
	"net/http"
)

// Violation is one entry of a 422 detail list, as FastAPI/pydantic shape it.
type Violation struct {
	Loc  []string `json:"loc"`
	Msg  string   `json:"msg"`
	Type string   `json:"type"`
}

// Fixed messages of the gateway's own answers.
const (
	MsgNotAuthenticated = "Not authenticated"
	MsgBadCredentials   = "Could not validate credentials"
	MsgBodyTooLarge     = "Request body too large"
	MsgInternal         = "Internal server error"
)

// WriteJSON writes v as a JSON body with status code.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"detail":"Internal server error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Length")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

// WriteDetail writes {"detail": msg}.
func WriteDetail(w http.ResponseWriter, code int, msg string) {
	WriteJSON(w, code, map[string]string{"detail": msg})
}

// WriteViolations writes a 422 with a detail list.
func WriteViolations(w http.ResponseWriter, vs []Violation) {
	WriteJSON(w, http.StatusUnprocessableEntity, map[string][]Violation{"detail": vs})
}

// WriteUnauthorized writes a 401 with WWW-Authenticate: Bearer.
func WriteUnauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", "Bearer")
	WriteDetail(w, http.StatusUnauthorized, msg)
}
