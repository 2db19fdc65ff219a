// Package httpbuf buffers an HTTP answer so that the edge can look at it
// (or keep it) before it goes to the client.
package httpbuf

import (
	"bytes"
	"net/http"
)

// Answer is an http.ResponseWriter that keeps the status and the body;
// its headers go to Head (the real writer's map, or a map of its own).
type Answer struct {
	Head http.Header
	Code int
	Body bytes.Buffer
}

// Header returns the header map the handler writes to.
func (a *Answer) Header() http.Header { return a.Head }

// WriteHeader keeps the first status written.
func (a *Answer) WriteHeader(code int) {
	if a.Code == 0 {
		a.Code = code
	}
}

// Write keeps p (an unset status becomes 200, as net/http does).
func (a *Answer) Write(p []byte) (int, error) {
	if a.Code == 0 {
		a.Code = http.StatusOK
	}
	return a.Body.Write(p)
}

// Status is the status written, or 200 when the handler wrote none.
func (a *Answer) Status() int {
	if a.Code == 0 {
		return http.StatusOK
	}
	return a.Code
}
